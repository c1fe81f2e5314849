package dev.lockstep.stm.call;

import dev.lockstep.stm.state.Snapshot;

import java.util.Arrays;

/**
 * Every non-deterministic value the leader drew ({@code Nondet}), in order. Later replicas
 * consume it entry by entry: they must ask for the same inputs in the same order, and get the
 * leader's values. Reads of state are not logged: every replica reads the same snapshot
 * ({@link Snapshot}). Under parallel execution a replica thread keeps its own copy, filled from
 * an {@link InputChannel} as the leader logs.
 *
 * <p><b>Note:</b> not thread-safe; owned by one replica on one thread.
 */
final class InputLog {
    static final byte NONDET_LONG = 2;
    static final byte NONDET_OBJECT = 3;

    private byte[] kinds = new byte[32];
    private long[] values = new long[32];
    /** Per entry: the value of a {@code NONDET_OBJECT}. */
    private Object[] objects = new Object[32];
    private int size;

    int size() {
        return size;
    }

    int appendNondet(long value) {
        return append(NONDET_LONG, value, null);
    }

    int appendNondet(Object value) {
        return append(NONDET_OBJECT, 0, value);
    }

    /** Hands entry {@code at} to {@code channel}; see {@link InputChannel#send}. */
    boolean send(int at, InputChannel channel, CallContext waiter) {
        return channel.send(kinds[at], values[at], objects[at], waiter);
    }

    /** Appends an entry; also how a replica thread copies the entries it receives. */
    int append(byte kind, long value, Object object) {
        if (size == kinds.length) {
            int capacity = size * 2;
            kinds = Arrays.copyOf(kinds, capacity);
            values = Arrays.copyOf(values, capacity);
            objects = Arrays.copyOf(objects, capacity);
        }
        kinds[size] = kind;
        values[size] = value;
        objects[size] = object;
        return size++;
    }

    /** Whether entry {@code at} exists and is of {@code kind}. */
    boolean matches(int at, byte kind) {
        return at < size && kinds[at] == kind;
    }

    long valueAt(int at) {
        return values[at];
    }

    Object objectAt(int at) {
        return objects[at];
    }

    /** Describes entry {@code at} for a diagnosis. */
    String describe(int at) {
        if (at >= size) {
            return "no further input";
        }
        return "Nondet value " + (kinds[at] == NONDET_LONG ? String.valueOf(values[at]) : String.valueOf(objects[at]));
    }

    void clear() {
        Arrays.fill(objects, 0, size, null);
        size = 0;
    }
}

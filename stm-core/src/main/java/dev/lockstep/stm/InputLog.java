package dev.lockstep.stm;

import java.util.Arrays;

/**
 * What the leader read from state (location, value, and the version of the stripe it came
 * from) and every non-deterministic value it drew, in order. Later replicas consume it entry by
 * entry (the load-value queue of redundant multithreading): they must ask for the same inputs
 * in the same order. Under parallel execution a replica thread keeps its own copy, filled from
 * an {@link InputChannel} as the leader logs.
 *
 * <p><b>Note:</b> not thread-safe; owned by one replica on one thread.
 */
final class InputLog {
    static final byte READ = 1;
    static final byte NONDET_LONG = 2;
    static final byte NONDET_OBJECT = 3;
    static final byte MAP_READ = 4;
    static final byte MAP_SCAN = 5;

    private byte[] kinds = new byte[32];
    private long[] locations = new long[32];
    private long[] values = new long[32];
    /** Per read: the version of the stripe the value came from. */
    private long[] versions = new long[32];
    /** Per entry: the cells of a read, or the value of a {@code NONDET_OBJECT}. */
    private Object[] objects = new Object[32];
    private int size;

    int size() {
        return size;
    }

    /** Logs a read of cell {@code index} and returns the entry's index. */
    int appendRead(StripedCells cells, int index, long value, long version) {
        return append(READ, cells.location(index), value, version, cells);
    }

    int appendNondet(long value) {
        return append(NONDET_LONG, 0, value, 0, null);
    }

    /** A map read: the map, key and value are kept as a {@link MapRead}. */
    int appendMapRead(StripedMap<?, ?> map, Object key, Object value, long version) {
        return append(MAP_READ, 0, 0, version, new MapRead(map, key, value, null));
    }

    /** A read of every key of a map, at the given versions of its stripes. */
    int appendMapScan(StripedMap<?, ?> map, java.util.List<Object> keys, long[] stripeVersions) {
        return append(MAP_SCAN, 0, 0, 0, new MapRead(map, null, keys, stripeVersions));
    }

    int appendNondet(Object value) {
        return append(NONDET_OBJECT, 0, 0, 0, value);
    }

    /** Hands entry {@code at} to {@code channel}; see {@link InputChannel#send}. */
    boolean send(int at, InputChannel channel, CallContext waiter) {
        return channel.send(kinds[at], locations[at], values[at], versions[at], objects[at], waiter);
    }

    /** The logged map read at {@code at} if it is a read of {@code kind} on {@code map} (and {@code key}), else null. */
    MapRead mapReadAt(int at, byte kind, StripedMap<?, ?> map, Object key) {
        if (at >= size || kinds[at] != kind) {
            return null;
        }
        MapRead read = (MapRead) objects[at];
        if (read.map() != map || (kind == MAP_READ && !map.keyCodec().same(read.key(), key))) {
            return null;
        }
        return read;
    }

    /**
     * A logged map read or key scan. Immutable once logged, so a replica thread may share it.
     *
     * @param versions for a scan, the version of each stripe of the map; null for a read
     */
    record MapRead(StripedMap<?, ?> map, Object key, Object value, long[] versions) {
    }

    /** Appends an entry; also how a replica thread copies the entries it receives. */
    int append(byte kind, long location, long value, long version, Object object) {
        if (size == kinds.length) {
            int capacity = size * 2;
            kinds = Arrays.copyOf(kinds, capacity);
            locations = Arrays.copyOf(locations, capacity);
            values = Arrays.copyOf(values, capacity);
            versions = Arrays.copyOf(versions, capacity);
            objects = Arrays.copyOf(objects, capacity);
        }
        kinds[size] = kind;
        locations[size] = location;
        values[size] = value;
        versions[size] = version;
        objects[size] = object;
        return size++;
    }

    /** Whether entry {@code at} exists and is of {@code kind} (and, for reads, of {@code location}). */
    boolean matches(int at, byte kind, long location) {
        return at < size && kinds[at] == kind && (kind != READ || locations[at] == location);
    }

    long valueAt(int at) {
        return values[at];
    }

    long versionAt(int at) {
        return versions[at];
    }

    Object objectAt(int at) {
        return objects[at];
    }

    /** Describes entry {@code at} for a diagnosis. */
    String describe(int at) {
        if (at >= size) {
            return "no further input";
        }
        switch (kinds[at]) {
            case READ:
                StripedCells cells = (StripedCells) objects[at];
                return "read " + cells.describe(StripedCells.indexOf(locations[at])) + " = " + values[at];
            case NONDET_LONG:
                return "Nondet value " + values[at];
            case MAP_READ:
                MapRead read = (MapRead) objects[at];
                return "read " + read.map().describe(read.key()) + " = " + read.map().valueCodec().describe(read.value());
            case MAP_SCAN:
                MapRead scan = (MapRead) objects[at];
                return "read the keys of map '" + scan.map().name() + "'";
            default:
                return "Nondet value " + objects[at];
        }
    }

    void clear() {
        Arrays.fill(objects, 0, size, null);
        size = 0;
    }
}

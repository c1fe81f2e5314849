package dev.lockstep.stm;

import java.util.Arrays;

/**
 * What the leader read from state (location and value) and every non-deterministic value it
 * drew, in order. Later replicas consume it entry by entry (the load-value queue of redundant
 * multithreading): they must ask for the same inputs in the same order.
 *
 * <p><b>Note:</b> not thread-safe; owned by one call on one thread.
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
    /** Per entry: the cells of a read, or the value of a {@code NONDET_OBJECT}. */
    private Object[] objects = new Object[32];
    private int size;

    int size() {
        return size;
    }

    void appendRead(StripedCells cells, int index, long value) {
        // append() may replace the arrays: take the slot before touching objects[].
        int at = append(READ, cells.location(index), value);
        objects[at] = cells;
    }

    void appendNondet(long value) {
        append(NONDET_LONG, 0, value);
    }

    /** A map read: the map, key and value are kept as a {@link MapRead}. */
    void appendMapRead(StripedMap<?, ?> map, Object key, Object value) {
        int at = append(MAP_READ, 0, 0);
        objects[at] = new MapRead(map, key, value);
    }

    /** A read of every key of a map. */
    void appendMapScan(StripedMap<?, ?> map, java.util.List<Object> keys) {
        int at = append(MAP_SCAN, 0, 0);
        objects[at] = new MapRead(map, null, keys);
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

    record MapRead(StripedMap<?, ?> map, Object key, Object value) {
    }

    void appendNondet(Object value) {
        int at = append(NONDET_OBJECT, 0, 0);
        objects[at] = value;
    }

    private int append(byte kind, long location, long value) {
        if (size == kinds.length) {
            int capacity = size * 2;
            kinds = Arrays.copyOf(kinds, capacity);
            locations = Arrays.copyOf(locations, capacity);
            values = Arrays.copyOf(values, capacity);
            objects = Arrays.copyOf(objects, capacity);
        }
        kinds[size] = kind;
        locations[size] = location;
        values[size] = value;
        return size++;
    }

    /** Whether entry {@code at} exists and is of {@code kind} (and, for reads, of {@code location}). */
    boolean matches(int at, byte kind, long location) {
        return at < size && kinds[at] == kind && (kind != READ || locations[at] == location);
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

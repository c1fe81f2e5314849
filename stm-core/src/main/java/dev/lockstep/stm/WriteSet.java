package dev.lockstep.stm;

import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * One replica's buffered writes (a redo log), in first-write order, with at most one entry per
 * location. Reused across attempts: {@link #clear()} keeps the capacity.
 *
 * <p><b>Note:</b> not thread-safe; owned by one replica of one call.
 */
final class WriteSet {
    private static final long ABSENT = -1;

    private final Long2LongHashMap slotOf = new Long2LongHashMap(ABSENT);
    /**
     * One bit per hash of each location written: a read of a cell the replica never wrote
     * (most reads) skips the hash probe.
     */
    private long written;
    private StripedCells[] cells = new StripedCells[16];
    private int[] indexes = new int[16];
    private long[] values = new long[16];
    private int size;

    int size() {
        return size;
    }

    /** Returns the slot holding {@code location}, or -1. */
    int slotOf(long location) {
        return (written & bit(location)) == 0 ? -1 : (int) slotOf.get(location);
    }

    /** Returns the slot holding cell {@code index} of {@code target}, or -1. */
    int slotOf(StripedCells target, int index) {
        return written == 0 ? -1 : slotOf(target.location(index));
    }

    private static long bit(long location) {
        return 1L << ((location * 0x9E3779B97F4A7C15L) >>> 58);
    }

    void put(StripedCells target, int index, long value) {
        long location = target.location(index);
        int slot = slotOf(location);
        if (slot >= 0) {
            values[slot] = value;
            return;
        }
        if (size == values.length) {
            int capacity = size * 2;
            cells = Arrays.copyOf(cells, capacity);
            indexes = Arrays.copyOf(indexes, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        cells[size] = target;
        indexes[size] = index;
        values[size] = value;
        slotOf.put(location, size);
        written |= bit(location);
        size++;
    }

    StripedCells cellsAt(int slot) {
        return cells[slot];
    }

    int indexAt(int slot) {
        return indexes[slot];
    }

    long valueAt(int slot) {
        return values[slot];
    }

    long locationAt(int slot) {
        return cells[slot].location(indexes[slot]);
    }

    void clear() {
        if (size == 0) {
            return;
        }
        slotOf.clear();
        written = 0;
        Arrays.fill(cells, 0, size, null);
        size = 0;
    }
}

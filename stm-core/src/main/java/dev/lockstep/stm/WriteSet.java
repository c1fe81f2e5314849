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
    /** Up to this many writes, a lookup scans the slots; past it, they are indexed by location. */
    private static final int SCAN = 8;

    /** Location to slot, once the set holds more than {@value #SCAN} writes. */
    private final Long2LongHashMap slotOf = new Long2LongHashMap(ABSENT);
    /**
     * One bit per hash of each location written: a read of a cell the replica never wrote
     * (most reads) skips the lookup.
     */
    private long written;
    private StripedCells[] cells = new StripedCells[16];
    private int[] indexes = new int[16];
    private long[] locations = new long[16];
    private long[] values = new long[16];
    private int size;

    int size() {
        return size;
    }

    /** Returns the slot holding {@code location}, or -1. */
    int slotOf(long location) {
        if ((written & bit(location)) == 0) {
            return -1;
        }
        if (size > SCAN) {
            return (int) slotOf.get(location);
        }
        for (int slot = 0; slot < size; slot++) {
            if (locations[slot] == location) {
                return slot;
            }
        }
        return -1;
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
            locations = Arrays.copyOf(locations, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        cells[size] = target;
        indexes[size] = index;
        locations[size] = location;
        values[size] = value;
        written |= bit(location);
        size++;
        if (size > SCAN) {
            index(size == SCAN + 1 ? 0 : size - 1);
        }
    }

    /** Indexes the slots from {@code from} on: all of them when the set outgrows a scan. */
    private void index(int from) {
        for (int slot = from; slot < size; slot++) {
            slotOf.put(locations[slot], slot);
        }
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
        return locations[slot];
    }

    /**
     * Whether {@code other} holds the same writes in the same order: the usual case for
     * replicas that agree, checked without a lookup.
     */
    boolean sameInOrder(WriteSet other) {
        if (other.size != size) {
            return false;
        }
        for (int slot = 0; slot < size; slot++) {
            if (locations[slot] != other.locations[slot] || values[slot] != other.values[slot]) {
                return false;
            }
        }
        return true;
    }

    void clear() {
        if (size == 0) {
            return;
        }
        if (size > SCAN) {
            slotOf.clear();
        }
        written = 0;
        Arrays.fill(cells, 0, size, null);
        size = 0;
    }
}

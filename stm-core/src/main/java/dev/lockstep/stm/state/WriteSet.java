package dev.lockstep.stm.state;

import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * One replica's buffered writes (a redo log), in first-write order, with at most one entry per
 * location. Reused across attempts: {@link #clear()} keeps the capacity.
 *
 * <p>Every read of a body first asks whether the replica wrote the cell itself, so that lookup
 * must cost next to nothing. For cells objects of up to {@value #DIRECT_LIMIT} cells it is one
 * array load: a slot table indexed by cell, kept for the {@value #TABLES} cells objects written
 * most recently and reused call after call. Larger cells objects go through a hash index.
 * A thread's write sets thus keep up to {@value #TABLES} tables of at most
 * {@value #DIRECT_LIMIT} ints each alive, for cells objects it wrote, until it writes others.
 * Internal to the engine; not an API.
 *
 * <p><b>Note:</b> not thread-safe; owned by one replica of one call.
 */
public final class WriteSet {
    /** Cells objects up to this length get a slot table indexed by cell. */
    static final int DIRECT_LIMIT = 4096;
    private static final int TABLES = 4;
    private static final byte HASHED = -1;
    private static final long ABSENT = -1;

    /** The cells object each table serves, or null. */
    private final StripedCells[] owners = new StripedCells[TABLES];
    /** Per table, slot + 1 for each cell written in this attempt, 0 for the others. */
    private final int[][] tables = new int[TABLES][];
    /** Bit {@code t} set while table {@code t} holds a slot of this attempt. */
    private int live;
    private int nextVictim;
    /** The table found last: a body mostly writes one cells object. */
    private int recent;
    /** Location to slot, for cells objects without a table. */
    private final Long2LongHashMap hashIndex = new Long2LongHashMap(ABSENT);
    private int hashed;

    private StripedCells[] cells = new StripedCells[16];
    private int[] indexes = new int[16];
    private long[] values = new long[16];
    /** Per slot, the table that indexes it, or {@link #HASHED}. */
    private byte[] tableOf = new byte[16];
    private int size;

    public int size() {
        return size;
    }

    /** Returns the slot holding cell {@code index} of {@code target}, or -1. */
    public int slotOf(StripedCells target, int index) {
        if (size == 0) {
            return -1;
        }
        int t = tableIndex(target);
        if (t >= 0) {
            return tables[t][index] - 1;
        }
        return hashed == 0 ? -1 : (int) hashIndex.get(target.location(index));
    }

    private int tableIndex(StripedCells target) {
        if (owners[recent] == target) {
            return recent;
        }
        for (int t = 0; t < TABLES; t++) {
            if (owners[t] == target) {
                recent = t;
                return t;
            }
        }
        return -1;
    }

    public void put(StripedCells target, int index, long value) {
        int t = tableIndex(target);
        if (t < 0 && target.length() <= DIRECT_LIMIT) {
            t = claimTable(target);
        }
        if (t >= 0) {
            int[] table = tables[t];
            int slot = table[index] - 1;
            if (slot >= 0) {
                values[slot] = value;
                return;
            }
            table[index] = append(target, index, value, (byte) t) + 1;
            live |= 1 << t;
            return;
        }
        long location = target.location(index);
        long previous = hashIndex.get(location);
        if (previous != ABSENT) {
            values[(int) previous] = value;
            return;
        }
        hashIndex.put(location, append(target, index, value, HASHED));
        hashed++;
    }

    /** A table for {@code target}: a free one, or one no slot of this attempt uses; -1 if none. */
    private int claimTable(StripedCells target) {
        for (int i = 0; i < TABLES; i++) {
            int t = (nextVictim + i) % TABLES;
            if ((live & (1 << t)) == 0) {
                nextVictim = (t + 1) % TABLES;
                owners[t] = target;
                recent = t;
                if (tables[t] == null || tables[t].length < target.length()) {
                    tables[t] = new int[target.length()];
                }
                return t;
            }
        }
        return -1;
    }

    private int append(StripedCells target, int index, long value, byte table) {
        if (size == values.length) {
            int capacity = size * 2;
            cells = Arrays.copyOf(cells, capacity);
            indexes = Arrays.copyOf(indexes, capacity);
            values = Arrays.copyOf(values, capacity);
            tableOf = Arrays.copyOf(tableOf, capacity);
        }
        cells[size] = target;
        indexes[size] = index;
        values[size] = value;
        tableOf[size] = table;
        return size++;
    }

    public StripedCells cellsAt(int slot) {
        return cells[slot];
    }

    public int indexAt(int slot) {
        return indexes[slot];
    }

    public long valueAt(int slot) {
        return values[slot];
    }

    long locationAt(int slot) {
        return cells[slot].location(indexes[slot]);
    }

    /**
     * Whether {@code other} holds the same writes in the same order: the usual case for
     * replicas that agree, checked without a lookup.
     */
    public boolean sameInOrder(WriteSet other) {
        if (other.size != size) {
            return false;
        }
        for (int slot = 0; slot < size; slot++) {
            if (cells[slot] != other.cells[slot] || indexes[slot] != other.indexes[slot]
                    || values[slot] != other.values[slot]) {
                return false;
            }
        }
        return true;
    }

    public void clear() {
        if (size == 0) {
            return;
        }
        for (int slot = 0; slot < size; slot++) {
            byte t = tableOf[slot];
            if (t != HASHED) {
                tables[t][indexes[slot]] = 0;
            }
            cells[slot] = null;
        }
        if (hashed > 0) {
            hashIndex.clear();
            hashed = 0;
        }
        live = 0;
        size = 0;
    }
}

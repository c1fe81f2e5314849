package dev.lockstep.api.state;

/**
 * A fixed-length array of {@code long} cells in a {@link StateStore}.
 *
 * <p>Inside a hardened call, reads go through the call's transaction (one consistent snapshot,
 * shared by every replica) and writes go to the replica's own write set, visible to that replica
 * only until the call commits. Outside a hardened call, reads return the last committed value
 * and never part of a commit in progress; writes throw {@link IllegalStateException}.
 *
 * <p><b>Note:</b> thread-safe; concurrent hardened calls over the same cells are serializable.
 */
public interface LongCells {

    /**
     * Returns the name given when the cells were created.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the number of cells.
     *
     * @return the length, fixed at creation
     */
    int length();

    /**
     * Reads one cell.
     *
     * @param index from 0 to {@code length() - 1}
     * @return inside a hardened call, the replica's own write if it wrote the cell, otherwise the
     *         value in the call's snapshot; outside, the last committed value
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    long get(int index);

    /**
     * Writes one cell, in the current replica's write set.
     *
     * @param index from 0 to {@code length() - 1}
     * @param value the new value
     * @throws IllegalStateException     if called outside a hardened call
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    void set(int index, long value);

    /**
     * Adds {@code delta} to one cell: a read followed by a write in the current replica.
     *
     * @param index from 0 to {@code length() - 1}
     * @param delta the amount to add (wraps around on overflow, like {@code +})
     * @return the new value
     * @throws IllegalStateException     if called outside a hardened call
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    long add(int index, long delta);

    /**
     * Reads {@code into.length} consecutive cells starting at {@code fromIndex} as one atomic
     * snapshot: outside a hardened call, all values come from the same committed state, never
     * from two sides of a commit. Inside a hardened call, the same as reading each cell.
     *
     * @param fromIndex the first cell
     * @param into      receives the values
     * @throws IndexOutOfBoundsException if the range is outside the cells
     * @throws NullPointerException      if {@code into} is null
     */
    void snapshot(int fromIndex, long[] into);

    /**
     * Reads every cell as one atomic snapshot, as {@link #snapshot(int, long[])} does.
     *
     * @return a new array of {@link #length()} values
     */
    default long[] snapshot() {
        long[] values = new long[length()];
        snapshot(0, values);
        return values;
    }
}

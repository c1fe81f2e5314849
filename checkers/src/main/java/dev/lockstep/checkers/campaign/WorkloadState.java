package dev.lockstep.checkers.campaign;

/**
 * Where a {@link Workload} writes its results: Lockstep {@code LongCells} when hardened, a
 * plain {@code long[]} when unhardened (the baseline), so the same code runs in both.
 *
 * <p><b>Note:</b> used from the campaign's thread only.
 */
public interface WorkloadState {

    /**
     * Reads a cell.
     *
     * @param index the cell
     * @return its value
     */
    long get(int index);

    /**
     * Writes a cell.
     *
     * @param index the cell
     * @param value the value
     */
    void set(int index, long value);

    /**
     * Adds to a cell.
     *
     * @param index the cell
     * @param delta the amount
     * @return the new value
     */
    default long add(int index, long delta) {
        long value = get(index) + delta;
        set(index, value);
        return value;
    }

    /**
     * Returns the number of cells.
     *
     * @return the length
     */
    int length();
}

package dev.lockstep.checkers.campaign;

import dev.lockstep.api.state.LongCells;

/**
 * The two {@link WorkloadState}s: Lockstep cells (hardened) and a plain array (the baseline).
 * Public for the benchmarks, which run workloads the same way campaigns do, without faults.
 *
 * <p><b>Note:</b> the states are as thread-safe as what they wrap: cells are, arrays are not.
 */
public final class States {
    private States() {
    }

    /**
     * Lockstep state: faults of model STATE arrive through the hardener's FaultHook.
     *
     * @param cells the cells
     * @return a state over them
     */
    public static WorkloadState of(LongCells cells) {
        return new WorkloadState() {
            @Override
            public long get(int index) {
                return cells.get(index);
            }

            @Override
            public void set(int index, long value) {
                cells.set(index, value);
            }

            @Override
            public long add(int index, long delta) {
                return cells.add(index, delta);
            }

            @Override
            public int length() {
                return cells.length();
            }
        };
    }

    /**
     * Plain Java state with no fault model: the baseline.
     *
     * @param cells the array
     * @return a state over it
     */
    public static WorkloadState of(long[] cells) {
        return of(cells, new StateFaults());
    }

    /** Plain Java state, with the same STATE fault model applied to each read and write. */
    static WorkloadState of(long[] cells, StateFaults faults) {
        return new WorkloadState() {
            @Override
            public long get(int index) {
                return faults.apply(cells[index]);
            }

            @Override
            public void set(int index, long value) {
                cells[index] = faults.apply(value);
            }

            @Override
            public int length() {
                return cells.length;
            }
        };
    }
}

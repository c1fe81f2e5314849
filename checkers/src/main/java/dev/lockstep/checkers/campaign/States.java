package dev.lockstep.checkers.campaign;

import dev.lockstep.api.state.LongCells;

/** The two {@link WorkloadState}s: Lockstep cells (hardened) and a plain array (the baseline). */
final class States {
    private States() {
    }

    /** Lockstep state: faults of model STATE arrive through the hardener's FaultHook. */
    static WorkloadState of(LongCells cells) {
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

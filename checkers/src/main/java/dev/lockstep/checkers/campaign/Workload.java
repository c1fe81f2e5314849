package dev.lockstep.checkers.campaign;

/**
 * A program a campaign injects faults into. It generates its input deterministically in its
 * constructor (plain arrays), and its {@link #run} reads that input, computes, and writes its
 * results to the state it is given. It must be deterministic: the same input gives the same
 * output and result, which is what makes the fault-free ("golden") run a check.
 *
 * <p>A campaign loads the workload's class through an instrumenting class loader, so every
 * class of the workload's package is subject to injection; keep helpers in that package.
 * Implementations need a public no-argument constructor.
 *
 * <p><b>Note:</b> a campaign calls a workload from one thread.
 */
public interface Workload {

    /**
     * Returns the workload's short name, as the CLI's {@code --workload} knows it.
     *
     * @return a name such as {@code histogram}
     */
    String name();

    /**
     * Returns how many state cells {@link #run} writes.
     *
     * @return 1 or more
     */
    int outputCells();

    /**
     * Computes and writes the results. Runs once per replica and attempt when hardened.
     *
     * @param out the output state, zero-filled before each run
     * @return a small summary compared with the golden run's too (a boxed number or string)
     */
    Object run(WorkloadState out);
}

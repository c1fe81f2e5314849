package dev.lockstep.checkers.campaign;

/**
 * What one injection led to.
 *
 * <p><b>Note:</b> an enum, immutable and thread-safe.
 */
public enum Outcome {
    /** The output is golden and no replica disagreed: the fault changed nothing that mattered. */
    MASKED,
    /** Replicas disagreed, and the committed output is golden: Lockstep caught and corrected it. */
    CORRECTED,
    /** Every attempt disagreed: nothing was committed ({@code UnrecoverableFaultException}). */
    DETECTED,
    /** Silent data corruption: a result or committed state differs from golden. */
    SDC,
    /** Any other exception ended the run. */
    CRASH,
    /** The run exceeded its step budget: the injected fault made it loop. */
    HANG
}

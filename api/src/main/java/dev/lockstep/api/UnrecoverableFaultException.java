package dev.lockstep.api;

import java.util.List;

/**
 * Thrown when the replicas of a call disagreed on every attempt the hardener allows. Nothing
 * of the call was committed and none of its deferred effects ran: the state is exactly as it
 * was before the call. Lockstep never falls back to unverified execution.
 *
 * <p>The diagnosis names the first location where the replicas' outputs differed on the last
 * attempt and the values each replica produced there. When the same location differed on every
 * attempt, the cause is usually not a faulty core but non-determinism in the body (time,
 * randomness, I/O): the message then points at {@link Nondet}.
 *
 * <p><b>Note:</b> instances are immutable and safe to share between threads.
 */
public final class UnrecoverableFaultException extends LockstepException {
    private static final long serialVersionUID = 1L;

    /** How many attempts were made. */
    private final int attempts;
    /** The first location that differed on the last attempt. */
    private final String location;
    /** What each replica produced at that location, leader first (an array: serializable). */
    private final String[] values;
    /** Whether the same location differed on every attempt. */
    private final boolean sameLocationEveryAttempt;

    /**
     * Creates the exception. Called by the runtime.
     *
     * @param detail                   the full diagnosis message
     * @param attempts                 how many attempts were made
     * @param location                 the first location that differed on the last attempt,
     *                                 for example {@code accounts[3]} or {@code return value}
     * @param values                   what each replica produced there, leader first
     * @param sameLocationEveryAttempt whether that location differed on every attempt
     */
    public UnrecoverableFaultException(String detail, int attempts, String location,
                                       List<String> values, boolean sameLocationEveryAttempt) {
        super(ErrorCode.UNRECOVERABLE_FAULT, detail);
        this.attempts = attempts;
        this.location = location;
        this.values = values.toArray(new String[0]);
        this.sameLocationEveryAttempt = sameLocationEveryAttempt;
    }

    /**
     * Returns how many attempts the call made before giving up.
     *
     * @return 1 + the hardener's {@code maxRetries}
     */
    public int attempts() {
        return attempts;
    }

    /**
     * Returns the first location where the replicas' outputs differed on the last attempt.
     *
     * @return a cell such as {@code accounts[3]}, or {@code return value}, {@code exception},
     *         {@code deferred effects}, or {@code input #n} for an early divergence
     */
    public String location() {
        return location;
    }

    /**
     * Returns what each replica produced at {@link #location()}, leader first.
     *
     * @return an unmodifiable list with one entry per replica that ran
     */
    public List<String> values() {
        return List.of(values);
    }

    /**
     * Returns whether the same location differed on every attempt, the mark of a body that
     * reads something non-deterministic directly instead of through {@link Nondet}.
     *
     * @return {@code true} if every attempt's first difference was at {@link #location()}
     */
    public boolean sameLocationEveryAttempt() {
        return sameLocationEveryAttempt;
    }
}

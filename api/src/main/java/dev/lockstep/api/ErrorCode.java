package dev.lockstep.api;

/**
 * Stable codes for the errors Lockstep reports. Each message starts with
 * {@code Lockstep [CODE]:}, and the README's "Error codes" section explains every code and
 * its fix, so a code found in a log can be looked up.
 *
 * <p><b>Note:</b> an enum, immutable and safe to share between threads.
 */
public enum ErrorCode {
    /** No Lockstep runtime on the class path: add {@code dev.lockstep:lockstep-stm-core}. */
    NO_PROVIDER,
    /** More than one Lockstep runtime on the class path: keep exactly one. */
    MULTIPLE_PROVIDERS,
    /** The JVM was started without a flag the runtime's libraries need. */
    MISSING_JVM_FLAGS,
    /** State was written outside a hardened call. */
    OUTSIDE_CALL,
    /** Replicas disagreed on every attempt: nothing was committed. */
    UNRECOVERABLE_FAULT,
    /** A call lost to concurrent commits more often than its conflict budget allows. */
    CONTENTION,
    /** A call's return values cannot be compared between replicas. */
    INCOMPARABLE_OUTPUT,
    /** A store was opened or used with arguments it cannot accept (for example a directory open elsewhere). */
    BAD_STORE_USE,
    /** A store was used after, or while, it was closed: open it again, or close it after its last use. */
    STORE_CLOSED,
    /** A file of a persistent store is damaged, truncated, replaced or not Lockstep's: the store refuses it. */
    STORE_CORRUPT,
    /**
     * A call's writes do not fit its store (a map's entry count, a key or value larger than the
     * map was sized for, cells past what a store can address): nothing was committed. See
     * {@link dev.lockstep.api.state.StoreCapacityException}.
     */
    STORE_CAPACITY,
    /** A {@link Hardened} method wrote state, but interception was never installed. */
    NOT_INSTALLED,
    /** Interception could not be installed in this JVM. */
    INSTALL_FAILED,
    /** A {@link Hardened} method names a hardener that was never built. */
    UNKNOWN_HARDENER,
    /** The determinism lint found errors in a {@link Hardened} method run in {@link LintMode#FAIL}. */
    LINT_FAILED;

    /**
     * Formats a message the way every Lockstep error starts.
     *
     * @param detail what went wrong and what to do about it
     * @return {@code "Lockstep [CODE]: detail"}
     */
    public String format(String detail) {
        return "Lockstep [" + name() + "]: " + detail;
    }
}

package dev.lockstep.api.spi;

import dev.lockstep.api.Execution;
import dev.lockstep.api.LintMode;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link dev.lockstep.api.HardenerBuilder} hands to the runtime. Validated by the
 * builder; see its methods for each setting's meaning.
 *
 * <p><b>Note:</b> immutable and safe to share between threads.
 *
 * @param name               the hardener's name
 * @param replicas           2 or 3 (1: the transaction alone, unprotected)
 * @param maxRetries         retries after a mismatch, 0 or more
 * @param faultHook          the fault hook, {@link FaultHook#NONE} for none
 * @param verifyReads        no longer used: every replica reads state itself
 * @param maxConflictRetries re-runs allowed after conflicts, 1 or more
 * @param lint               what to do with lint findings on {@code @Hardened} methods
 * @param execution          where the replicas run
 * @param replicaTimeout     the watchdog's bound on one attempt, positive
 * @param latencyBound       how long an {@link Execution#ADAPTIVE} call may take in sequence,
 *                           zero or positive
 */
public record HardenerConfig(String name, int replicas, int maxRetries, FaultHook faultHook,
                             boolean verifyReads, int maxConflictRetries, LintMode lint,
                             Execution execution, Duration replicaTimeout, Duration latencyBound) {

    /** The name of a hardener built without one. */
    public static final String DEFAULT_NAME = "default";

    /** The watchdog's bound on one attempt when none is set. */
    public static final Duration DEFAULT_REPLICA_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Checks the settings.
     *
     * @param name               the hardener's name
     * @param replicas           2 or 3 (1: the transaction alone, unprotected)
     * @param maxRetries         retries after a mismatch, 0 or more
     * @param faultHook          the fault hook, {@link FaultHook#NONE} for none
     * @param verifyReads        no longer used: every replica reads state itself
     * @param maxConflictRetries re-runs allowed after conflicts, 1 or more
     * @param lint               what to do with lint findings on {@code @Hardened} methods
     * @param execution          where the replicas run
     * @param replicaTimeout     the watchdog's bound on one attempt, positive
     * @param latencyBound       how long an {@link Execution#ADAPTIVE} call may take in
     *                           sequence, zero or positive
     * @throws NullPointerException     if an object is null
     * @throws IllegalArgumentException if a number or duration is out of range
     */
    public HardenerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(faultHook, "faultHook");
        Objects.requireNonNull(lint, "lint");
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(replicaTimeout, "replicaTimeout");
        Objects.requireNonNull(latencyBound, "latencyBound");
        if (replicaTimeout.isZero() || replicaTimeout.isNegative() || latencyBound.isNegative()) {
            throw new IllegalArgumentException("replicaTimeout must be positive and latencyBound "
                    + "not negative, got " + replicaTimeout + " and " + latencyBound);
        }
        if (replicas < 1 || replicas > 3) {
            throw new IllegalArgumentException("replicas must be 1, 2 or 3, got " + replicas);
        }
        if (maxRetries < 0 || maxConflictRetries < 1) {
            throw new IllegalArgumentException("retry budgets out of range");
        }
    }

    /**
     * The settings of earlier versions: sequential execution, the default replica timeout and
     * no latency bound.
     *
     * @param name               the hardener's name
     * @param replicas           2 or 3 (1: the transaction alone, unprotected)
     * @param maxRetries         retries after a mismatch, 0 or more
     * @param faultHook          the fault hook, {@link FaultHook#NONE} for none
     * @param verifyReads        no longer used: every replica reads state itself
     * @param maxConflictRetries re-runs allowed after conflicts, 1 or more
     * @param lint               what to do with lint findings on {@code @Hardened} methods
     * @throws NullPointerException     if an object is null
     * @throws IllegalArgumentException if a number is out of range
     */
    public HardenerConfig(String name, int replicas, int maxRetries, FaultHook faultHook,
                          boolean verifyReads, int maxConflictRetries, LintMode lint) {
        this(name, replicas, maxRetries, faultHook, verifyReads, maxConflictRetries, lint,
                Execution.SEQUENTIAL, DEFAULT_REPLICA_TIMEOUT, Duration.ZERO);
    }
}

package dev.lockstep.api;

import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.HardenerConfig;

import java.time.Duration;
import java.util.Objects;

/**
 * Configures and builds a {@link Hardener}. Obtain one with {@link Lockstep#builder()}.
 *
 * <pre>{@code
 * Hardener h = Lockstep.builder().name("ledger").replicas(2).maxRetries(3).build();
 * }</pre>
 *
 * <p>Defaults: name {@code "default"}, 2 replicas, 3 retries, no fault hook, reads verified,
 * 10,000 conflict retries, {@link Execution#fromSystemProperty()} execution (sequential unless
 * set), a 10-second replica timeout and no latency bound.
 *
 * <p><b>Note:</b> a builder is not thread-safe; the hardeners it builds are.
 */
public final class HardenerBuilder {
    private String name = HardenerConfig.DEFAULT_NAME;
    private int replicas = 2;
    private int maxRetries = 3;
    private FaultHook faultHook = FaultHook.NONE;
    private boolean verifyReads = true;
    private int maxConflictRetries = 10_000;
    private LintMode lint;
    private Execution execution;
    private Duration replicaTimeout = HardenerConfig.DEFAULT_REPLICA_TIMEOUT;
    private Duration latencyBound = Duration.ZERO;

    HardenerBuilder() {
    }

    /**
     * Names the hardener. The name appears in diagnoses and stats.
     *
     * @param name a non-blank name
     * @return this builder
     * @throws IllegalArgumentException if {@code name} is null or blank
     */
    public HardenerBuilder name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must be a non-blank string, got " + name);
        }
        this.name = name;
        return this;
    }

    /**
     * Sets how many replicas run per attempt: 2 compares the leader with the trailer and retries
     * on a mismatch (DMR); 3 adds a tiebreaker and commits the majority without a retry (TMR).
     *
     * <p>1 runs the body once in the transaction and commits what it wrote: the call stays
     * atomic and isolated, but <em>nothing is compared, so no fault is detected</em>. It exists
     * to measure what the transaction costs apart from the replication (the benchmarks' {@code
     * stm} variant); do not use it for protection.
     *
     * @param replicas 2 or 3 (or 1: the transaction alone, unprotected)
     * @return this builder
     * @throws IllegalArgumentException for any other value
     */
    public HardenerBuilder replicas(int replicas) {
        if (replicas < 1 || replicas > 3) {
            throw new IllegalArgumentException(
                    "replicas must be 2 (compare and retry) or 3 (vote), or 1 (no protection), got " + replicas);
        }
        this.replicas = replicas;
        return this;
    }

    /**
     * Sets how many times a call is retried after a mismatch before it throws
     * {@link UnrecoverableFaultException}. A call makes at most {@code 1 + maxRetries} attempts
     * that end in a verdict.
     *
     * @param maxRetries 0 or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public HardenerBuilder maxRetries(int maxRetries) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        this.maxRetries = maxRetries;
        return this;
    }

    /**
     * Installs a hook that may corrupt what replicas read and write, for tests and fault
     * injection campaigns. Production hardeners leave it unset.
     *
     * <p>An exception the hook throws is not taken for the body's output (it would otherwise
     * pass for a disagreement, or on a replica thread stall the call until the replica
     * timeout): the call fails at once by rethrowing that same exception, unwrapped, on the
     * caller's thread, whichever replica or thread it was thrown in, even if the body caught
     * it; nothing is committed and no retry is made.
     *
     * @param hook the hook
     * @return this builder
     * @throws NullPointerException if {@code hook} is null
     */
    public HardenerBuilder faultHook(FaultHook hook) {
        this.faultHook = Objects.requireNonNull(hook, "hook");
        return this;
    }

    /**
     * Kept for source compatibility; it has no effect. Every replica now reads the attempt's
     * snapshot of state itself (earlier versions could hand later replicas the leader's logged
     * values instead), so a corrupted load in any replica is always detected, and reading costs
     * no more than taking a logged value did.
     *
     * @param verifyReads ignored
     * @return this builder
     * @deprecated every replica always reads state itself; remove the call
     */
    @Deprecated(since = "0.2")
    public HardenerBuilder verifyReads(boolean verifyReads) {
        this.verifyReads = verifyReads;
        return this;
    }

    /**
     * Sets how many times one call may lose to concurrent commits before it gives up with
     * {@link ErrorCode#CONTENTION}. Conflicts are not faults: they are re-run with back-off.
     * After 8 conflicts a call runs serially (other calls' commits wait until it returns), so it
     * can no longer lose; a budget under 8 gives up before that.
     *
     * @param maxConflictRetries 1 or more
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public HardenerBuilder maxConflictRetries(int maxConflictRetries) {
        if (maxConflictRetries < 1) {
            throw new IllegalArgumentException(
                    "maxConflictRetries must be >= 1, got " + maxConflictRetries);
        }
        this.maxConflictRetries = maxConflictRetries;
        return this;
    }

    /**
     * Sets what happens when a {@link Hardened} method run by this hardener has determinism
     * lint findings. Without this call, {@link LintMode#fromSystemProperty()} decides.
     *
     * @param mode off, warn or fail
     * @return this builder
     * @throws NullPointerException if {@code mode} is null
     */
    public HardenerBuilder lint(LintMode mode) {
        this.lint = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /**
     * Sets where the replicas run: in sequence on the caller's thread, concurrently on replica
     * threads pinned to other cores, or either depending on idle cores. Without this call,
     * {@link Execution#fromSystemProperty()} decides. Replica threads are shared by every
     * hardener of the runtime; their stack size comes from the system property
     * {@code lockstep.replicaStackSize}, read when they are created (see {@link Execution}).
     *
     * @param execution sequential, parallel or adaptive
     * @return this builder
     * @throws NullPointerException if {@code execution} is null
     */
    public HardenerBuilder execution(Execution execution) {
        this.execution = Objects.requireNonNull(execution, "execution");
        return this;
    }

    /**
     * Sets the watchdog's bound on one attempt. A replica still running past it is abandoned
     * and the attempt counts as a mismatch, so the call retries (and, past {@code maxRetries},
     * throws {@link UnrecoverableFaultException}): a fault that turns a loop bound into a huge
     * number must not hang the caller. A replica on a replica thread is left behind at once; a
     * replica on the caller's thread stops at its next state access or {@code Nondet} value,
     * since Java cannot stop a thread safely. Raise the bound for bodies that legitimately run
     * long.
     *
     * @param timeout a positive duration, 10 seconds by default
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is null, zero or negative
     */
    public HardenerBuilder replicaTimeout(Duration timeout) {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("replicaTimeout must be a positive duration, got " + timeout);
        }
        this.replicaTimeout = timeout;
        return this;
    }

    /**
     * Sets the latency an {@link Execution#ADAPTIVE} call may take running in sequence: while
     * the hardener's recent calls, run in sequence, stay within it, ADAPTIVE keeps them
     * sequential and leaves other cores to the application; beyond it, a call takes an idle
     * replica thread when there is one. Zero (the default) lets Lockstep choose the break-even
     * point, about 20 microseconds, below which running in parallel is slower than in sequence.
     * Other executions ignore it.
     *
     * @param bound zero or a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code bound} is null or negative
     */
    public HardenerBuilder latencyBound(Duration bound) {
        if (bound == null || bound.isNegative()) {
            throw new IllegalArgumentException("latencyBound must be zero or a positive duration, got " + bound);
        }
        this.latencyBound = bound;
        return this;
    }

    /**
     * Builds the hardener with the runtime found on the class path. A hardener with a name is
     * the one {@code @Hardened("name")} uses; building another with the same name replaces it
     * for {@link Hardened} methods (hardeners already obtained keep working).
     *
     * @return a new, thread-safe hardener
     * @throws LockstepException       if no runtime, or more than one, is on the class path, or
     *                                  the JVM lacks a flag the runtime needs
     * @throws IllegalArgumentException if the lint mode or the execution comes from an invalid
     *                                  system property
     */
    public Hardener build() {
        HardenerConfig config = new HardenerConfig(name, replicas, maxRetries, faultHook,
                verifyReads, maxConflictRetries, lint != null ? lint : LintMode.fromSystemProperty(),
                execution != null ? execution : Execution.fromSystemProperty(), replicaTimeout,
                latencyBound);
        return Lockstep.provider().newHardener(config);
    }
}

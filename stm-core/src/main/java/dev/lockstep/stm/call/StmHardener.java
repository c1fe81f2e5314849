package dev.lockstep.stm.call;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Execution;
import dev.lockstep.api.HardenedCallable;
import dev.lockstep.api.HardenedRunnable;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.Stats;
import dev.lockstep.api.UnrecoverableFaultException;
import dev.lockstep.api.spi.HardenerConfig;
import dev.lockstep.stm.replicas.ReplicaWorker;
import dev.lockstep.stm.replicas.ReplicaWorkers;
import dev.lockstep.stm.state.Signals;
import org.multiverse.api.DefaultBackoffPolicy;

import java.util.Objects;

/**
 * The engine of one call (DESIGN.md, "The engine, one call"): begin an attempt, run the
 * replicas, check the snapshot, vote, then commit and run the deferred effects, or abort and
 * retry. A mismatch is retried up to {@code maxRetries} times and then reported as
 * {@link UnrecoverableFaultException}; a conflict is re-run with back-off and is not a fault.
 * There is no fallback to unverified execution.
 *
 * <p>The replicas run in sequence on the caller's thread, or (see {@link Execution}) the later
 * ones on {@link ReplicaWorker replica threads} while the leader runs on the caller's
 * ({@link ParallelExecution}). Either way the caller's thread holds the transaction, votes and
 * commits. A replica past the replica timeout makes the attempt a mismatch: the watchdog
 * abandons it. A replica that fails beyond its outputs (a fault hook threw, or a
 * {@link VirtualMachineError}) fails the call at once with that failure ({@link ReplicaFailures}).
 * Internal to the engine; not an API.
 *
 * <p><b>Note:</b> thread-safe; each thread runs its calls in its own {@link CallContext}.
 */
public final class StmHardener implements Hardener {
    /**
     * Mismatches are rare and mean a fault was caught: operators want each one in their logs,
     * under a stable name they can route (the README documents it).
     */
    static final String FAULT_LOGGER = "dev.lockstep.faults";
    private static final System.Logger LOG = System.getLogger(FAULT_LOGGER);
    /**
     * Conflicts after which a call runs serially: it closes the runtime's {@link CommitGate},
     * so no other call commits until it returns, and its next attempt cannot lose. This bounds
     * how long a wide or slow call can starve under writers; back-off before it is still short.
     */
    static final int SERIAL_AFTER_CONFLICTS = 8;

    private final Engine runtime;
    private final HardenerConfig config;
    private final HardenerStats stats = new HardenerStats();
    private final long timeoutNanos;
    private final ParallelExecution parallel;
    /** A hardener of {@code runtime}'s calls, with {@code config}. */
    public StmHardener(Engine runtime, HardenerConfig config) {
        this.runtime = runtime;
        this.config = config;
        this.timeoutNanos = config.replicaTimeout().toNanos();
        this.parallel = new ParallelExecution(config);
    }

    @Override
    public <T, X extends Throwable> T call(HardenedCallable<T, X> body) throws X {
        Objects.requireNonNull(body, "body");
        CallContext call = runtime.context();
        if (call.active()) {
            return body.call();
        }
        return execute(call, body);
    }

    @Override
    public <X extends Throwable> void run(HardenedRunnable<X> body) throws X {
        Objects.requireNonNull(body, "body");
        call(() -> {
            body.run();
            return null;
        });
    }

    private <T, X extends Throwable> T execute(CallContext call, HardenedCallable<T, X> body) throws X {
        if (config.execution() == Execution.SEQUENTIAL || config.replicas() == 1) {
            return attempts(call, body, null);
        }
        ReplicaWorkers pool = runtime.replicaWorkers();
        pool.leading(1);
        try {
            return attempts(call, body, pool);
        } finally {
            pool.leading(-1);
        }
    }

    /** The attempt loop; {@code pool} is null for sequential execution. */
    private <T, X extends Throwable> T attempts(CallContext call, HardenedCallable<T, X> body,
                                                ReplicaWorkers pool) throws X {
        try {
            return attemptLoop(call, body, pool);
        } finally {
            runtime.commitGate().openIfClosedByThisThread();
        }
    }

    /**
     * The attempts of one call. Past {@link #SERIAL_AFTER_CONFLICTS} conflicts the call runs
     * serially: the commit gate is closed for it, and its attempts run in sequence on this thread
     * (writers held at the gate may still hold replica threads).
     */
    private <T, X extends Throwable> T attemptLoop(CallContext call, HardenedCallable<T, X> body,
                                                   ReplicaWorkers pool) throws X {
        long callId = call.nextCallId();
        int mismatches = 0;
        int conflicts = 0;
        String firstMismatchLocation = null;
        boolean sameLocationEveryTime = true;
        // CPUs of replica threads in attempts that mismatched: a retry avoids them.
        long failedCpus = 0;
        boolean serial = false;
        for (int attempt = 0; ; attempt++) {
            Verdict verdict = null;
            Object result = null;
            Throwable thrown = null;
            Runnable[] effects = null;
            long started = parallel.learns(call) ? System.nanoTime() : 0;
            call.beginAttempt(config, callId, attempt, timeoutNanos);
            try {
                // A serial attempt runs in sequence: writers held at the gate may hold replica threads.
                int followers = pool == null || serial ? 0 : parallel.claimReplicaThreads(call, pool, failedCpus, mismatches > 0);
                if (followers > 0) {
                    stats.parallel.increment();
                    parallel.run(call, body, followers);
                } else {
                    runReplicas(call, body);
                }
                ReplicaFailures.rethrowFirst(call, config.replicas());
                parallel.learn(call, followers, started);
                if (!call.snapshotStillValid()) {
                    throw Signals.CONFLICT;
                }
                verdict = Verdict.of(call, config.replicas());
                if (verdict.isMismatch()) {
                    ReplicaFailures.throwIfStoreClosed(call, config.replicas());
                }
                if (!verdict.isMismatch()) {
                    ReplicaState winner = call.replica(verdict.winner());
                    thrown = winner.thrown;
                    if (thrown == null) {
                        commit(call, winner);
                        result = winner.result;
                        effects = winner.effects.isEmpty() ? null : winner.effects.toArray(new Runnable[0]);
                    }
                }
            } catch (Signals.Conflict conflict) {
                verdict = null;
            } catch (Signals.Timeout timeout) {
                stats.abandoned.increment();
                verdict = Verdict.timeout(call.timedOutRole(), config.replicaTimeout());
            } finally {
                if (verdict != null && verdict.isMismatch()) {
                    failedCpus |= call.team().workerCpus() | ReplicaWorkers.bit(call.team().callerCpu());
                }
                call.endAttempt();
                if (call.team().poisoned()) {
                    call = runtime.freshContext();
                }
            }

            if (verdict == null) {
                stats.conflicts.increment();
                if (++conflicts > config.maxConflictRetries()) {
                    throw CallErrors.contention(config, callId, conflicts);
                }
                if (!serial && conflicts >= SERIAL_AFTER_CONFLICTS) {
                    serial = closeGate(callId, conflicts);
                } else {
                    DefaultBackoffPolicy.MAX_100_MS.delayUninterruptible(conflicts);
                }
                continue;
            }
            if (verdict.isMismatch()) {
                stats.mismatches.increment();
                Difference d = verdict.difference();
                LOG.log(System.Logger.Level.WARNING, "hardener ''{0}'', call {1}, attempt {2}: "
                        + "replicas disagreed at {3}; {4}", config.name(), callId, attempt, d,
                        mismatches < config.maxRetries() ? "retrying with a fresh pair" : "giving up");
                if (firstMismatchLocation == null) {
                    firstMismatchLocation = d.location();
                } else if (!firstMismatchLocation.equals(d.location())) {
                    sameLocationEveryTime = false;
                }
                if (++mismatches > config.maxRetries()) {
                    stats.unrecoverable.increment();
                    throw CallErrors.unrecoverable(config, callId, mismatches, d, sameLocationEveryTime);
                }
                stats.retries.increment();
                continue;
            }
            if (verdict.outvoted()) {
                stats.outvoted.increment();
            }
            if (thrown != null) {
                throw Sneaky.<RuntimeException>rethrow(thrown);
            }
            stats.commits.increment();
            if (effects != null) {
                // Deferred effects may be slow: writers need not wait for them.
                runtime.commitGate().openIfClosedByThisThread();
                runEffects(effects);
            }
            @SuppressWarnings("unchecked")
            T agreed = (T) result;
            return agreed;
        }
    }

    /**
     * Commits through the runtime's {@link CommitGate}; a read-only winner changes no version and
     * commits without it.
     *
     * @throws Signals.Conflict if a serial call held the gate past this attempt's deadline
     */
    private void commit(CallContext call, ReplicaState winner) {
        if (winner.writes.size() == 0 && winner.mapWrites.size() == 0) {
            return;
        }
        CommitGate gate = runtime.commitGate();
        if (!gate.enter(call.watchdog().deadlineSource())) {
            throw Signals.CONFLICT;
        }
        try {
            call.commit(winner);
        } finally {
            gate.exit();
        }
    }

    /**
     * Starts serial mode for a starving call: closes the commit gate for at most the replica
     * timeout.
     *
     * @return true: the gate is closed for this call until it returns
     * @throws LockstepException with {@link ErrorCode#CONTENTION} if it could not close in time
     */
    private boolean closeGate(long callId, int conflicts) {
        if (!runtime.commitGate().close(System.nanoTime() + timeoutNanos)) {
            throw CallErrors.serialTurnTimedOut(config, callId, conflicts);
        }
        return true;
    }

    /** Runs every replica in sequence on the caller's thread. */
    private <T, X extends Throwable> void runReplicas(CallContext call, HardenedCallable<T, X> body) {
        for (int i = 0; i < config.replicas(); i++) {
            ReplicaState replica = call.replica(i);
            call.startReplica(i);
            try {
                replica.result = body.call();
            } catch (Throwable t) {
                replica.thrown = t;
            } finally {
                call.endReplica();
            }
            if (ReplicaFailures.of(replica) != null) {
                return;
            }
            if (call.conflicted()) {
                throw Signals.CONFLICT;
            }
            if (call.watchdog().timedOut()) {
                call.abandoned(i);
                throw Signals.TIMEOUT;
            }
            if (replica.divergence != null && config.replicas() == 2) {
                return;
            }
        }
    }

    /** Runs every effect; the commit stands whatever they do, and the first failure propagates. */
    private static void runEffects(Runnable[] effects) {
        Throwable first = null;
        for (Runnable effect : effects) {
            try {
                effect.run();
            } catch (Throwable t) {
                if (first == null) {
                    first = t;
                } else {
                    first.addSuppressed(t);
                }
            }
        }
        if (first != null) {
            throw Sneaky.<RuntimeException>rethrow(first);
        }
    }

    /**
     * The settings this hardener was built with.
     *
     * @return the configuration
     */
    public HardenerConfig config() {
        return config;
    }

    @Override
    public Stats stats() {
        return stats.snapshot();
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public int replicas() {
        return config.replicas();
    }

    @Override
    public String toString() {
        return "Hardener{name=" + config.name() + ", replicas=" + config.replicas()
                + ", maxRetries=" + config.maxRetries() + '}';
    }
}

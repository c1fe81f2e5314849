package dev.lockstep.stm;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.HardenedCallable;
import dev.lockstep.api.HardenedRunnable;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.Stats;
import dev.lockstep.api.UnrecoverableFaultException;
import dev.lockstep.api.spi.HardenerConfig;
import org.multiverse.api.DefaultBackoffPolicy;

import java.util.List;
import java.util.Objects;

/**
 * The engine of one call (DESIGN.md, "The engine, one call"): begin an attempt, run the
 * replicas in sequence on the caller's thread, check the snapshot, vote, then commit and run the
 * deferred effects, or abort and retry. A mismatch is retried up to {@code maxRetries} times and
 * then reported as {@link UnrecoverableFaultException}; a conflict is re-run with back-off and
 * is not a fault. There is no fallback to unverified execution.
 *
 * <p><b>Note:</b> thread-safe; each thread runs its calls in its own {@link CallContext}.
 */
final class StmHardener implements Hardener {
    /**
     * Mismatches are rare and mean a fault was caught: operators want each one in their logs,
     * under a stable name they can route (the README documents it).
     */
    static final String FAULT_LOGGER = "dev.lockstep.faults";
    private static final System.Logger LOG = System.getLogger(FAULT_LOGGER);

    private final StmProvider runtime;
    private final HardenerConfig config;
    private final HardenerStats stats = new HardenerStats();

    StmHardener(StmProvider runtime, HardenerConfig config) {
        this.runtime = runtime;
        this.config = config;
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
        long callId = runtime.nextCallId();
        int mismatches = 0;
        int conflicts = 0;
        String firstMismatchLocation = null;
        boolean sameLocationEveryTime = true;
        for (int attempt = 0; ; attempt++) {
            Verdict verdict = null;
            Object result = null;
            Throwable thrown = null;
            Runnable[] effects = null;
            call.beginAttempt(config, callId, attempt);
            try {
                runReplicas(call, body);
                if (!call.snapshotStillValid()) {
                    throw Signals.CONFLICT;
                }
                verdict = config.replicas() == 2 ? Verdict.ofPair(call) : Verdict.ofTriple(call);
                if (!verdict.isMismatch()) {
                    ReplicaState winner = call.replica(verdict.winner());
                    thrown = winner.thrown;
                    if (thrown == null) {
                        call.commit(winner);
                        result = winner.result;
                        effects = winner.effects.isEmpty() ? null : winner.effects.toArray(new Runnable[0]);
                    }
                }
            } catch (Signals.Conflict conflict) {
                verdict = null;
            } finally {
                call.endAttempt();
            }

            if (verdict == null) {
                stats.conflicts.increment();
                if (++conflicts > config.maxConflictRetries()) {
                    throw contention(callId, conflicts);
                }
                DefaultBackoffPolicy.MAX_100_MS.delayUninterruptible(conflicts);
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
                    throw unrecoverable(callId, mismatches, d, sameLocationEveryTime);
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
                runEffects(effects);
            }
            @SuppressWarnings("unchecked")
            T agreed = (T) result;
            return agreed;
        }
    }

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
            if (call.conflicted()) {
                throw Signals.CONFLICT;
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

    private UnrecoverableFaultException unrecoverable(long callId, int attempts, Difference d,
                                                      boolean sameLocationEveryTime) {
        StringBuilder message = new StringBuilder()
                .append("hardener '").append(config.name()).append("', call ").append(callId)
                .append(": the replicas disagreed on all ").append(attempts)
                .append(attempts == 1 ? " attempt" : " attempts")
                .append(", so nothing was committed and no deferred effect ran. ")
                .append("First difference on the last attempt: ").append(d).append('.');
        boolean hint = sameLocationEveryTime && attempts > 1;
        if (hint) {
            message.append(" The same location (").append(d.location())
                    .append(") differed on every attempt: a faulty core rarely does that, a "
                            + "non-deterministic body always does. If the body reads the clock, a "
                            + "random generator, a counter or I/O directly, draw the value through "
                            + "Nondet (Nondet.nanoTime(), Nondet.currentTimeMillis(), "
                            + "Nondet.randomLong(), Nondet.record(supplier)) so that every replica "
                            + "sees the same value.");
        }
        return new UnrecoverableFaultException(message.toString(), attempts, d.location(),
                List.of(d.firstRole() + " " + d.firstValue(), d.secondRole() + " " + d.secondValue()),
                hint);
    }

    private LockstepException contention(long callId, int conflicts) {
        return new LockstepException(ErrorCode.CONTENTION, "hardener '" + config.name()
                + "', call " + callId + " lost to concurrent commits " + conflicts
                + " times, so nothing was committed. Spread hot state over more cells (a "
                + "stripe is " + Stripes.CELLS_PER_STRIPE + " cells) or raise maxConflictRetries ("
                + config.maxConflictRetries() + ").");
    }

    HardenerConfig config() {
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

package dev.lockstep.stm.call;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Execution;
import dev.lockstep.api.HardenedCallable;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.spi.HardenerConfig;
import dev.lockstep.stm.replicas.ReplicaWorker;
import dev.lockstep.stm.replicas.ReplicaWorkers;
import dev.lockstep.stm.state.Signals;
import org.agrona.concurrent.BackoffIdleStrategy;

/**
 * How one hardener runs attempts on replica threads: whether ADAPTIVE goes parallel (from its
 * estimate of a call's time in sequence), claiming replica threads away from the caller's core
 * and from those of failed attempts, and running the attempt's replicas on them under the
 * watchdog. The attempt loop in {@link StmHardener} asks it for each attempt.
 *
 * <p><b>Note:</b> thread-safe: the estimate is one volatile field; everything else is per call,
 * in the caller's {@link CallContext}.
 */
final class ParallelExecution {
    /**
     * ADAPTIVE without a latency bound: a call goes parallel only if it takes longer than this
     * in sequence. Handing replicas to replica threads and waiting for them costs a few
     * microseconds (JMH, jmh/RESULTS.md), so shorter calls are faster in sequence.
     */
    static final long BREAK_EVEN_NANOS = 20_000;
    /** ADAPTIVE times one call in this many (the clock costs tens of ns), and every call until the first. */
    private static final int SAMPLE_EVERY = 16;

    private final HardenerConfig config;
    /** ADAPTIVE's bound: the latency bound, or {@link #BREAK_EVEN_NANOS}; 0 for other executions. */
    private final long latencyBoundNanos;
    /** ADAPTIVE with a latency bound: a moving average of a call's time in sequence, in ns. */
    private volatile long sequentialNanos;

    ParallelExecution(HardenerConfig config) {
        this.config = config;
        long bound = config.latencyBound().toNanos();
        this.latencyBoundNanos = config.execution() != Execution.ADAPTIVE ? 0 : bound > 0 ? bound : BREAK_EVEN_NANOS;
    }

    /**
     * Claims the replica threads for this attempt's later replicas, away from the caller's CPU
     * and from those of failed attempts where there are others. A retry after a mismatch also
     * moves the leader to a replica thread, so that the fresh pair runs off the caller's core,
     * where the pool has a thread for every replica.
     *
     * @return how many later replicas run on replica threads: all of them, or 0 when ADAPTIVE
     *         runs this attempt in sequence
     * @throws LockstepException with {@link ErrorCode#CONTENTION} if PARALLEL found every
     *                           replica thread busy until the replica timeout
     */
    int claimReplicaThreads(CallContext call, ReplicaWorkers pool, long failedCpus, boolean retry) {
        int followers = config.replicas() - 1;
        boolean adaptive = config.execution() == Execution.ADAPTIVE;
        if (adaptive && (sequentialNanos <= latencyBoundNanos || !pool.coresIdle(followers))) {
            return 0;
        }
        boolean relocate = retry && pool.size() >= config.replicas();
        int count = relocate ? followers + 1 : followers;
        ParallelTeam team = call.team();
        long avoid = failedCpus | ReplicaWorkers.bit(team.noteCallerCpu(pool.callerCpu()));
        if (adaptive) {
            if (!pool.tryClaim(team.workerSlots(), count, avoid)) {
                return 0;
            }
        } else {
            try {
                pool.claim(team.workerSlots(), count, avoid, call.watchdog());
            } catch (Signals.Timeout busy) {
                throw CallErrors.replicaThreadsBusy(config, count, pool.size());
            }
        }
        if (relocate) {
            team.relocateLeader(count);
        }
        return followers;
    }

    /**
     * Whether ADAPTIVE times this call: until it has an estimate, then one call in
     * {@value #SAMPLE_EVERY} (a parallel call is timed anyway, by its leader).
     */
    boolean learns(CallContext call) {
        return latencyBoundNanos > 0 && (sequentialNanos == 0 || call.sample(SAMPLE_EVERY));
    }

    /**
     * Updates ADAPTIVE's estimate of a call's time in sequence: a shorter sample replaces it at
     * once (a cold or interrupted call must not keep the hardener parallel), a longer one moves
     * it an eighth of the way, so one slow call does not make the next ones parallel. Learns
     * only from a call it timed ({@code started} is not 0), or from a parallel one under ADAPTIVE.
     */
    void learn(CallContext call, int followers, long started) {
        if (started == 0 && (followers == 0 || latencyBoundNanos == 0)) {
            return;
        }
        long sample = followers == 0 ? System.nanoTime() - started
                : call.team().leaderNanos() * config.replicas();
        long old = sequentialNanos;
        sequentialNanos = old == 0 || sample < old ? Math.max(sample, 1) : old + ((sample - old) >> 3);
    }

    /**
     * The leader runs here (or, on a retry, on its own replica thread while this thread waits)
     * while the later replicas run on the claimed replica threads; then this thread waits for
     * them, as long as the watchdog allows.
     *
     * @throws Signals.Conflict if a replica lost to a concurrent commit
     * @throws Signals.Timeout  if a replica ran past the deadline; a late replica thread is
     *                          abandoned (and with it, for a relocated leader, this context)
     */
    <T, X extends Throwable> void run(CallContext call, HardenedCallable<T, X> body, int followers) {
        call.runLaterReplicasOn(followers, config, body);
        ParallelTeam team = call.team();
        ReplicaWorker relocated = team.leaderWorker();
        if (relocated == null) {
            call.runLeader(body);
        } else {
            ReplicaJob.of(relocated).lead(relocated, body, call);
            if (!relocated.awaitFinished(call.watchdog().deadline(), new BackoffIdleStrategy()) && relocated.abandon()) {
                team.poison();
                call.abandoned(0);
                abandonUnfinished(call, followers);
                throw Signals.TIMEOUT;
            }
        }
        if (ReplicaFailures.of(call.replica(0)) != null) {
            return;
        }
        if (call.conflicted()) {
            throw Signals.CONFLICT;
        }
        if (call.watchdog().timedOut()) {
            call.abandoned(0);
            abandonUnfinished(call, followers);
            throw Signals.TIMEOUT;
        }
        for (int i = 0; i < followers; i++) {
            ReplicaWorker w = team.worker(i);
            if (!w.awaitFinished(call.watchdog().deadline(), call.watchdog().idler()) && w.abandon()) {
                call.abandoned(i + 1);
                abandonUnfinished(call, followers);
                throw Signals.TIMEOUT;
            }
            if (ReplicaFailures.of(call.replica(i + 1)) != null) {
                return;
            }
            if (team.job(i).conflicted()) {
                throw Signals.CONFLICT;
            }
            if (team.job(i).timedOut()) {
                call.abandoned(i + 1);
                throw Signals.TIMEOUT;
            }
        }
    }

    /** Past the deadline, no replica thread is kept waiting for: each still running is abandoned. */
    private static void abandonUnfinished(CallContext call, int followers) {
        for (int i = 0; i < followers; i++) {
            call.team().worker(i).abandon();
        }
    }
}

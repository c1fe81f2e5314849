package dev.lockstep.stm.call;

import dev.lockstep.api.HardenedCallable;
import dev.lockstep.api.spi.HardenerConfig;
import dev.lockstep.stm.replicas.ReplicaWorker;
import dev.lockstep.stm.replicas.ReplicaWorkers;
import dev.lockstep.stm.state.Signals;
import dev.lockstep.stm.state.Snapshot;

/**
 * The replica threads one parallel attempt runs on: the followers running its later replicas
 * (and, on a retry that moved the leader off the caller's core, the leader's own thread), and
 * where each replica's outputs are. Followers read on their own; what they share with the
 * leader is its {@code Nondet} values, sent as they are drawn, and, at the end, their read sets
 * ({@link #absorbFollowerReads}).
 *
 * <p><b>Note:</b> not thread-safe; owned by the {@link CallContext} leading the attempt.
 */
final class ParallelTeam {
    private final ReplicaState[] own;
    /** The replicas of the attempt, wherever they run: own ones, or a follower's. */
    private final ReplicaState[] members;
    /** Claimed replica threads: followers first, then, for a relocated leader, its thread. */
    private final ReplicaWorker[] workers = new ReplicaWorker[3];
    /** The jobs of the started followers. */
    private final ReplicaJob[] jobs = new ReplicaJob[2];
    private int followers;
    /** The replica thread running this attempt's leader, when a retry moved it off the caller. */
    private ReplicaWorker leaderWorker;
    /** The watchdog abandoned a replica thread that still runs this context's leader. */
    private boolean poisoned;
    /** The CPU the caller ran on when it claimed replica threads for this attempt, or -1. */
    private int callerCpu = -1;
    private long leaderNanos;

    ParallelTeam(ReplicaState[] own) {
        this.own = own;
        this.members = own.clone();
    }

    /** Where {@link ReplicaWorkers#tryClaim} puts the workers for {@link #start}. */
    ReplicaWorker[] workerSlots() {
        return workers;
    }

    /** Starts replicas 1 to {@code count} on the claimed workers. */
    void start(int count, HardenedCallable<?, ?> body, HardenerConfig config, long callId, int attempt,
               long deadline, long stamp) {
        for (int i = 0; i < count; i++) {
            jobs[i] = ReplicaJob.of(workers[i]);
            jobs[i].channel().applyStamp(stamp);
            members[i + 1] = jobs[i].follow(workers[i], body, config, callId, attempt, deadline, i + 1);
        }
        followers = count;
    }

    ReplicaState replica(int index) {
        return members[index];
    }

    /**
     * Moves the leader of the attempt to the last of the {@code claimed} workers (a retry's
     * fresh pair, off the caller's core); the rest run later replicas.
     *
     * @return the leader's replica thread
     */
    ReplicaWorker relocateLeader(int claimed) {
        leaderWorker = workers[claimed - 1];
        workers[claimed - 1] = null;
        return leaderWorker;
    }

    /** The replica thread running this attempt's leader, or null if it runs on the caller's. */
    ReplicaWorker leaderWorker() {
        return leaderWorker;
    }

    /** The parallel follower {@code i} of the attempt. */
    ReplicaWorker worker(int i) {
        return workers[i];
    }

    /** What the parallel follower {@code i} of the attempt runs. */
    ReplicaJob job(int i) {
        return jobs[i];
    }

    /** Notes the CPU the caller runs on as it claims replica threads; returns it. */
    int noteCallerCpu(int cpu) {
        callerCpu = cpu;
        return cpu;
    }

    int callerCpu() {
        return callerCpu;
    }

    /**
     * The watchdog abandoned the replica thread running this context's leader, which may still
     * use it: the context must never serve another call.
     */
    void poison() {
        poisoned = true;
    }

    boolean poisoned() {
        return poisoned;
    }

    /** The leader logged entry {@code at}: send it to every follower. */
    void send(InputLog log, int at, CallContext waiter) {
        for (int i = 0; i < followers; i++) {
            log.send(at, jobs[i].channel(), waiter);
        }
    }

    /** The leader ran for {@code nanos} and logged its last input: followers may tell they asked for too many. */
    void leaderDone(long nanos) {
        leaderNanos = nanos;
        for (int i = 0; i < followers; i++) {
            jobs[i].channel().close();
        }
    }

    /** How long the leader of a parallel attempt ran, for ADAPTIVE's estimate. */
    long leaderNanos() {
        return leaderNanos;
    }

    /** The CPUs of the attempt's replica threads, as a mask (bit {@code c} for CPU {@code c}). */
    long workerCpus() {
        long mask = leaderWorker == null ? 0 : ReplicaWorkers.bit(leaderWorker.cpu());
        for (int i = 0; i < followers; i++) {
            mask |= ReplicaWorkers.bit(workers[i].cpu());
        }
        return mask;
    }

    /**
     * Checks the finished followers' reads together with the leader's {@code snapshot}.
     *
     * @throws Signals.Conflict if they do not belong to one state
     */
    void absorbFollowerReads(Snapshot snapshot) {
        for (int i = 0; i < followers; i++) {
            snapshot.absorb(jobs[i].snapshot());
        }
    }

    /** Lets the attempt's replica threads go back to the pool. */
    void release() {
        for (int i = 0; i < followers; i++) {
            workers[i].detach();
            workers[i] = null;
            jobs[i] = null;
            members[i + 1] = own[i + 1];
        }
        followers = 0;
        if (leaderWorker != null) {
            leaderWorker.detach();
            leaderWorker = null;
        }
        callerCpu = -1;
    }
}

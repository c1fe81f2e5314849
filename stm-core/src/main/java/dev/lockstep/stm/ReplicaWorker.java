package dev.lockstep.stm;

import dev.lockstep.api.HardenedCallable;
import dev.lockstep.api.spi.HardenerConfig;
import net.openhft.affinity.Affinity;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A replica thread: a daemon thread named {@code lockstep-replica-cpuN}, pinned to CPU N where
 * the operating system allows, that runs one replica of another thread's attempt at a time: a
 * later replica in its own {@link CallContext}, or, on a retry, the leader in the caller's.
 *
 * <p>Its life, as a phase: {@code IDLE} in the pool; {@code CLAIMED} by a leader; {@code RUNNING}
 * once {@link #start started}; then {@code FINISHED} (the leader reads the outputs and
 * {@linkplain #detach detaches}), or {@code DETACHED} if the leader let go first (the thread
 * returns itself to the pool when the replica ends), or {@code ABANDONED} by the watchdog (the
 * thread ends when the replica does, and a fresh worker takes its place). Phase changes are
 * compare-and-set, so a replica finishing as the watchdog fires is either finished or abandoned,
 * never both. Its stack is as large as {@link ReplicaStack} says. The leader's writes of the job happen-before the phase becomes {@code RUNNING};
 * the replica's outputs happen-before it becomes {@code FINISHED}.
 *
 * <p><b>Note:</b> thread-safe through its phase.
 */
final class ReplicaWorker {
    private static final int IDLE = 0;
    private static final int CLAIMED = 1;
    private static final int RUNNING = 2;
    private static final int FINISHED = 3;
    private static final int DETACHED = 4;
    private static final int ABANDONED = 5;
    /**
     * How an idle worker waits for its next job: spin and yield for a while, since calls often
     * come back to back, then park until a leader unparks it.
     */
    private final BackoffIdleStrategy idle = new BackoffIdleStrategy(1_000, 1_000, 50_000, 10_000_000);

    private final ReplicaWorkers pool;
    private final StmProvider runtime;
    private final int cpu;
    private final AtomicInteger phase = new AtomicInteger(IDLE);
    private final InputChannel channel = new InputChannel();
    private final Thread thread;
    /** The thread's own context: it also serves hardened calls nested in the replica's body. */
    private final CallContext context;
    private volatile boolean pinned;

    // The job: written by the leader before the phase becomes RUNNING.
    private HardenedCallable<?, ?> body;
    private HardenerConfig config;
    private long callId;
    private int attempt;
    private long deadline;
    private int index;
    private Thread leader;
    /** For a relocated leader: the caller's context, whose leader this worker runs. */
    private CallContext leading;

    ReplicaWorker(ReplicaWorkers pool, StmProvider runtime, int cpu, int generation) {
        this.pool = pool;
        this.runtime = runtime;
        this.cpu = cpu;
        this.context = new CallContext(runtime);
        // As deep a stack as the caller's threads get (ReplicaStack): a deep recursion must not
        // overflow on a replica thread only, where it would look like a disagreement.
        this.thread = new Thread(null, this::loop,
                "lockstep-replica-cpu" + cpu + (generation == 0 ? "" : "-" + generation), ReplicaStack.bytes());
        thread.setDaemon(true);
        thread.start();
    }

    /** The CPU this worker is meant for (pinned to it if {@link #pinned()}). */
    int cpu() {
        return cpu;
    }

    boolean pinned() {
        return pinned;
    }

    Thread thread() {
        return thread;
    }

    InputChannel channel() {
        return channel;
    }

    /** Whether the worker waits in the pool for a job. */
    boolean idle() {
        return phase.get() == IDLE;
    }

    boolean tryClaim() {
        return phase.get() == IDLE && phase.compareAndSet(IDLE, CLAIMED);
    }

    /** Returns a claimed worker to the pool without a job. */
    void unclaim() {
        phase.set(IDLE);
    }

    /**
     * Starts replica {@code index} of the caller's attempt on this worker.
     *
     * @return the replica's outputs, readable once {@link #awaitFinished} returns true
     */
    ReplicaState start(HardenedCallable<?, ?> body, HardenerConfig config, long callId, int attempt,
                       long deadline, int index) {
        channel.reset();
        this.body = body;
        this.config = config;
        this.callId = callId;
        this.attempt = attempt;
        this.deadline = deadline;
        this.index = index;
        this.leader = Thread.currentThread();
        this.leading = null;
        phase.set(RUNNING);
        LockSupport.unpark(thread);
        return context.ownReplica(index);
    }

    /**
     * Runs the leader of {@code call}'s attempt on this worker: the caller's thread hands its
     * context over and waits, so that a retry runs both replicas away from the caller's core.
     */
    void startLeader(HardenedCallable<?, ?> body, CallContext call) {
        this.body = body;
        this.leading = call;
        this.deadline = call.deadline();
        this.leader = Thread.currentThread();
        phase.set(RUNNING);
        LockSupport.unpark(thread);
    }

    /** What the finished replica read, for its leader to check with its own reads. */
    Snapshot snapshot() {
        return context.snapshot();
    }

    /** Whether the finished replica lost to a concurrent commit or was cancelled. */
    boolean conflicted() {
        return context.conflicted();
    }

    /** Whether the finished replica was stopped by its own watchdog. */
    boolean timedOut() {
        return context.timedOut();
    }

    /**
     * Waits until the replica finishes or the deadline passes.
     *
     * @return true if it finished; false if it still runs at the deadline
     */
    boolean awaitFinished(long deadline, IdleStrategy idle) {
        idle.reset();
        while (phase.get() != FINISHED) {
            if (System.nanoTime() - deadline > 0) {
                return phase.get() == FINISHED;
            }
            idle.idle();
        }
        return true;
    }

    /**
     * The watchdog gives up on the replica: its thread is interrupted and left to end on its
     * own, and a fresh worker takes its place in the pool.
     *
     * @return false if the replica finished after all, and nothing was abandoned
     */
    boolean abandon() {
        if (!phase.compareAndSet(RUNNING, ABANDONED) && !phase.compareAndSet(DETACHED, ABANDONED)) {
            return false;
        }
        leaveBehind();
        return true;
    }

    private void leaveBehind() {
        channel.cancel();
        thread.interrupt();
        pool.replace(this);
    }

    /**
     * Abandons a replica that its leader let go of and that still runs past its deadline, so
     * that a replica stuck for good does not keep its worker from the pool.
     */
    void abandonIfOverdue(long now) {
        if (phase.get() == DETACHED && now - deadline > 0 && phase.compareAndSet(DETACHED, ABANDONED)) {
            leaveBehind();
        }
    }

    /** The leader is done with this worker's replica; it returns to the pool once it ends. */
    void detach() {
        channel.cancel();
        if (phase.compareAndSet(RUNNING, DETACHED)) {
            return;
        }
        if (phase.get() == FINISHED) {
            release();
        }
    }

    private void release() {
        body = null;
        config = null;
        leader = null;
        leading = null;
        phase.set(IDLE);
        pool.released();
    }

    private void loop() {
        pinned = pin();
        runtime.adopt(context);
        while (true) {
            idle.reset();
            int p = phase.get();
            for (; p == IDLE || p == CLAIMED; p = phase.get()) {
                idle.idle();
            }
            if (p == RUNNING) {
                Thread.interrupted();
                run();
                if (phase.compareAndSet(RUNNING, FINISHED)) {
                    LockSupport.unpark(leader);
                    continue;
                }
                p = phase.get();
            }
            if (p == DETACHED) {
                release();
            } else if (p == ABANDONED) {
                return;
            }
        }
    }

    /**
     * Runs the job. Whatever fails around the body (a fault hook, or the engine running out of
     * stack) is recorded as the replica's {@link ReplicaState#fatal failure} rather than
     * allowed to end the thread: the leader then sees the replica finish and fails the call with
     * it at once, instead of waiting for the watchdog, and the thread stays in the pool.
     */
    private void run() {
        if (leading != null) {
            runtime.adopt(leading);
            try {
                leading.runLeader(body);
            } catch (Throwable t) {
                ReplicaFailures.record(leading.ownReplica(0), t);
            } finally {
                runtime.adopt(context);
            }
            return;
        }
        ReplicaState r = context.beginFollowing(config, callId, attempt, deadline, channel, index);
        try {
            context.startReplica(index);
            try {
                r.result = body.call();
            } catch (Throwable t) {
                r.thrown = t;
            } finally {
                context.endReplica();
            }
        } catch (Throwable t) {
            ReplicaFailures.record(r, t);
        } finally {
            context.endFollowing();
        }
    }

    /** Pins the thread to {@link #cpu}; false where the OS or the library does not allow it. */
    private boolean pin() {
        if (cpu < 0) {
            return false;
        }
        try {
            Affinity.setAffinity(cpu);
            BitSet now = Affinity.getAffinity();
            return now.cardinality() == 1 && now.get(cpu);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}

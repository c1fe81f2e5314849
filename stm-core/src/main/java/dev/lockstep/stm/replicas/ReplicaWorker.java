package dev.lockstep.stm.replicas;

import net.openhft.affinity.Affinity;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A replica thread: a daemon thread named {@code lockstep-replica-cpuN}, pinned to CPU N where
 * the operating system allows, that runs one replica of another thread's attempt at a time. What
 * it runs is its {@link Job}, which the leader sets up before each {@link #start}: a later replica
 * in the job's own context, or, on a retry, the leader in the caller's.
 *
 * <p>Its life, as a phase: {@code IDLE} in the pool; {@code CLAIMED} by a leader; {@code RUNNING}
 * once {@link #start started}; then {@code FINISHED} (the leader reads the outputs and
 * {@linkplain #detach detaches}), or {@code DETACHED} if the leader let go first (the thread
 * returns itself to the pool when the replica ends), or {@code ABANDONED} by the watchdog (the
 * thread ends when the replica does, and a fresh worker takes its place). Phase changes are
 * compare-and-set, so a replica finishing as the watchdog fires is either finished or abandoned,
 * never both. Its stack is as large as {@link ReplicaStack} says. The leader's writes of the job
 * happen-before the phase becomes {@code RUNNING}; the replica's outputs happen-before it becomes
 * {@code FINISHED}. Internal to the engine; not an API.
 *
 * <p><b>Note:</b> thread-safe through its phase.
 */
public final class ReplicaWorker {
    private static final int IDLE = 0;
    private static final int CLAIMED = 1;
    private static final int RUNNING = 2;
    private static final int FINISHED = 3;
    private static final int DETACHED = 4;
    private static final int ABANDONED = 5;

    /**
     * What a replica thread runs, one per worker: the leader sets it up before it
     * {@linkplain #start starts} the worker, and the worker's thread runs it. Internal to the
     * engine; not an API.
     */
    public interface Job {
        /** On the worker's thread, once, before its first job. */
        void attach();

        /** Runs the job; records what fails in the replica's outputs instead of throwing. */
        void run();

        /** The leader let go of the job, or the watchdog abandoned it: a replica waiting for the leader may stop. */
        void cancel();

        /** The worker goes back to the pool: the job lets go of what it referenced. */
        void clear();
    }

    /**
     * How an idle worker waits for its next job: spin and yield for a while, since calls often
     * come back to back, then park until a leader unparks it.
     */
    private final BackoffIdleStrategy idle = new BackoffIdleStrategy(1_000, 1_000, 50_000, 10_000_000);

    private final ReplicaWorkers pool;
    private final Job job;
    private final int cpu;
    private final AtomicInteger phase = new AtomicInteger(IDLE);
    private final Thread thread;
    private volatile boolean pinned;

    // Written by the leader before the phase becomes RUNNING.
    private long deadline;
    private Thread leader;

    ReplicaWorker(ReplicaWorkers pool, Job job, int cpu, int generation) {
        this.pool = pool;
        this.job = job;
        this.cpu = cpu;
        // As deep a stack as the caller's threads get (ReplicaStack): a deep recursion must not
        // overflow on a replica thread only, where it would look like a disagreement.
        this.thread = new Thread(null, this::loop,
                "lockstep-replica-cpu" + cpu + (generation == 0 ? "" : "-" + generation), ReplicaStack.bytes());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The CPU this worker is meant for (pinned to it if it could be).
     *
     * @return the CPU, or -1 where affinity is not available
     */
    public int cpu() {
        return cpu;
    }

    boolean pinned() {
        return pinned;
    }

    Thread thread() {
        return thread;
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
     * The job this worker runs.
     *
     * @return the job the pool made for it
     */
    public Job job() {
        return job;
    }

    /**
     * Runs the job, set up by the calling leader, on this claimed worker.
     *
     * @param deadline when the watchdog gives up on the job, in {@link System#nanoTime()} time
     */
    public void start(long deadline) {
        this.deadline = deadline;
        this.leader = Thread.currentThread();
        phase.set(RUNNING);
        LockSupport.unpark(thread);
    }

    /**
     * Waits until the job finishes or the deadline passes.
     *
     * @return true if it finished; false if it still runs at the deadline
     */
    public boolean awaitFinished(long deadline, IdleStrategy idle) {
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
    public boolean abandon() {
        if (!phase.compareAndSet(RUNNING, ABANDONED) && !phase.compareAndSet(DETACHED, ABANDONED)) {
            return false;
        }
        leaveBehind();
        return true;
    }

    private void leaveBehind() {
        job.cancel();
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
    public void detach() {
        job.cancel();
        if (phase.compareAndSet(RUNNING, DETACHED)) {
            return;
        }
        if (phase.get() == FINISHED) {
            release();
        }
    }

    private void release() {
        job.clear();
        leader = null;
        phase.set(IDLE);
        pool.released();
    }

    private void loop() {
        pinned = pin();
        job.attach();
        while (true) {
            idle.reset();
            int p = phase.get();
            for (; p == IDLE || p == CLAIMED; p = phase.get()) {
                idle.idle();
            }
            if (p == RUNNING) {
                Thread.interrupted();
                job.run();
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

package dev.lockstep.stm.replicas;

/** What tests in other rooms may see and do of the replica threads, which the engine keeps to itself. */
public final class TestWorkers {
    private TestWorkers() {
    }

    /** The pool's workers now. */
    public static ReplicaWorker[] all(ReplicaWorkers pool) {
        return pool.workers();
    }

    /** Whether every worker of {@code pool} waits for a job. */
    public static boolean allIdle(ReplicaWorkers pool) {
        for (ReplicaWorker w : pool.workers()) {
            if (!w.idle()) {
                return false;
            }
        }
        return true;
    }

    public static boolean pinned(ReplicaWorker w) {
        return w.pinned();
    }

    public static Thread thread(ReplicaWorker w) {
        return w.thread();
    }

    /** Gives a worker claimed with {@link ReplicaWorkers#tryClaim} back to its pool, unused. */
    public static void giveBack(ReplicaWorkers pool, ReplicaWorker w) {
        w.unclaim();
        pool.released();
    }
}

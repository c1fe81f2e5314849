package dev.lockstep.stm.call;

import dev.lockstep.stm.TestRuntime;
import dev.lockstep.stm.replicas.ReplicaWorkers;
import dev.lockstep.stm.replicas.TestWorkers;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/** What the tests of parallel execution share about the runtime's replica threads. */
final class ReplicaThreads {
    private ReplicaThreads() {
    }

    static ReplicaWorkers pool() {
        return TestRuntime.engine().replicaWorkers();
    }

    /** A hung replica: notes its thread in {@code hung}, then waits until the watchdog interrupts it. */
    static void hangUntilInterrupted(List<Thread> hung) {
        synchronized (hung) {
            hung.add(Thread.currentThread());
        }
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (boundedly) until replica threads let go by earlier tests are back in the pool. */
    static void awaitIdleWorkers() throws InterruptedException {
        for (int i = 0; i < 1_000; i++) {
            if (TestWorkers.allIdle(pool())) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("replica threads still busy after 10 s");
    }
}

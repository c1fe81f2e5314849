package dev.lockstep.stm.call;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Execution;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.Stats;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.stm.TestRuntime;
import dev.lockstep.stm.replicas.ReplicaWorker;
import dev.lockstep.stm.replicas.ReplicaWorkers;
import dev.lockstep.stm.replicas.TestWorkers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11: under more caller threads than replica threads, waiting for a replica thread is
 * back-pressure bounded by the call's deadline (PARALLEL), and ADAPTIVE never waits: it runs the
 * attempt in sequence.
 */
class ReplicaBackPressureTest {
    private static final int ACCOUNTS = 64;
    private static final long OPENING = 1_000;
    private static final int CALLS_PER_THREAD = 100;

    private final StateStore store = Lockstep.inMemoryStore();
    private final LongCells accounts = store.longCells("back-pressure", ACCOUNTS);

    @AfterEach
    void close() {
        store.close();
    }

    private void open() {
        Lockstep.builder().build().run(() -> {
            for (int i = 0; i < ACCOUNTS; i++) {
                accounts.set(i, OPENING);
            }
        });
    }

    /** Claims every replica thread, waiting (bounded) for those still busy with earlier calls. */
    private static ReplicaWorker[] claimAll(ReplicaWorkers pool) throws InterruptedException {
        ReplicaWorker[] all = new ReplicaWorker[pool.size()];
        for (int i = 0; i < 10_000; i++) {
            if (pool.tryClaim(all, all.length, 0)) {
                return all;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("the replica threads never all came free");
    }

    private static void releaseAll(ReplicaWorkers pool, ReplicaWorker[] all) {
        for (ReplicaWorker w : all) {
            TestWorkers.giveBack(pool, w);
        }
    }

    @Test
    void aParallelCallWaitsForAReplicaThreadNoLongerThanItsTimeoutAndRunsNothing() throws Exception {
        open();
        Hardener parallel = Lockstep.builder().name("bounded-wait").execution(Execution.PARALLEL)
                .replicaTimeout(Duration.ofMillis(300)).build();
        ReplicaWorkers pool = TestRuntime.engine().replicaWorkers();
        AtomicInteger bodyRuns = new AtomicInteger();
        ReplicaWorker[] all = claimAll(pool);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long wallBefore = System.nanoTime();
        LockstepException e;
        try {
            e = assertThrows(LockstepException.class, () -> parallel.run(() -> {
                bodyRuns.incrementAndGet();
                accounts.add(0, 1);
            }));
        } finally {
            releaseAll(pool, all);
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        long wall = System.nanoTime() - wallBefore;
        // Printed, not asserted (no timed assertions): a parked wait uses a small part of a core.
        System.out.println("bounded-wait: waited " + TimeUnit.NANOSECONDS.toMillis(wall) + " ms using "
                + TimeUnit.NANOSECONDS.toMillis(cpu) + " ms of CPU");
        assertEquals(ErrorCode.CONTENTION, e.code());
        assertTrue(e.getMessage().contains("Execution.ADAPTIVE"), e.getMessage());
        assertEquals(0, bodyRuns.get(), "a replica ran although no replica thread was free");
        assertEquals(0, parallel.stats().commits());
        assertEquals(OPENING, accounts.get(0));
    }

    @Test
    void adaptiveRunsInSequenceInsteadOfWaitingForABusyReplicaThread() throws Exception {
        open();
        Hardener adaptive = Lockstep.builder().name("never-waits").execution(Execution.ADAPTIVE)
                .replicaTimeout(Duration.ofMillis(300)).build();
        ReplicaWorkers pool = TestRuntime.engine().replicaWorkers();
        ReplicaWorker[] all = claimAll(pool);
        try {
            for (int i = 0; i < 10; i++) {
                adaptive.run(() -> accounts.add(1, 1));
            }
        } finally {
            releaseAll(pool, all);
        }
        Stats s = adaptive.stats();
        assertEquals(10, s.commits(), s.toString());
        assertEquals(0, s.parallel(), s.toString());
        assertEquals(OPENING + 10, accounts.get(1));
    }

    @Test
    void moreCallerThreadsThanCoresEitherCommitOrFailWithContention() throws Exception {
        open();
        SplittableRandom seeds = Seeds.random("back-pressure");
        int cores = Runtime.getRuntime().availableProcessors();
        int callers = 3 * Math.max(cores, TestRuntime.engine().replicaWorkers().size()) + 1;
        Hardener parallel = Lockstep.builder().name("bp-parallel").execution(Execution.PARALLEL)
                .replicaTimeout(Duration.ofSeconds(2)).build();
        Hardener adaptive = Lockstep.builder().name("bp-adaptive").execution(Execution.ADAPTIVE).build();
        AtomicLong contention = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[callers];
        for (int t = 0; t < callers; t++) {
            SplittableRandom random = seeds.split();
            threads[t] = new Thread(() -> {
                for (int n = 0; n < CALLS_PER_THREAD && failure.get() == null; n++) {
                    int from = random.nextInt(ACCOUNTS);
                    int to = random.nextInt(ACCOUNTS);
                    Runnable transfer = () -> {
                        accounts.add(from, -1);
                        accounts.add(to, 1);
                    };
                    try {
                        adaptive.run(transfer::run);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                    try {
                        parallel.run(transfer::run);
                    } catch (LockstepException e) {
                        if (e.code() != ErrorCode.CONTENTION) {
                            failure.compareAndSet(null, e);
                        }
                        contention.incrementAndGet();
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }, "caller-" + t);
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(5));
            assertTrue(!t.isAlive(), t.getName() + " is stuck");
        }
        assertNull(failure.get(), "a call failed otherwise than with CONTENTION");
        long calls = (long) callers * CALLS_PER_THREAD;
        Stats a = adaptive.stats();
        Stats p = parallel.stats();
        System.out.println("back-pressure: " + callers + " callers on " + cores + " cores; ADAPTIVE " + a
                + "; PARALLEL " + p + ", " + contention.get() + " failed with CONTENTION");
        assertEquals(calls, a.commits(), "ADAPTIVE must never give up for want of a replica thread");
        assertTrue(a.parallel() <= a.commits() + a.conflicts() + a.retries(), a.toString());
        assertEquals(calls, p.commits() + contention.get(), "every PARALLEL call commits or fails with CONTENTION");
        long total = 0;
        for (int i = 0; i < ACCOUNTS; i++) {
            total += accounts.get(i);
        }
        assertEquals(ACCOUNTS * OPENING, total);
    }
}

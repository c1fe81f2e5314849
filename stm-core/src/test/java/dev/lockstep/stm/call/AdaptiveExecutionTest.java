package dev.lockstep.stm.call;

import dev.lockstep.api.Execution;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.Stats;
import dev.lockstep.stm.TestRuntime;
import net.openhft.affinity.Affinity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.lockstep.stm.call.ReplicaThreads.awaitIdleWorkers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 6 and issue 12: {@link dev.lockstep.api.Execution#ADAPTIVE} runs a call on replica threads
 * only when that pays: calls longer than the break-even (or the latency bound) in sequence, and
 * only while Lockstep leaves a core idle.
 */
class AdaptiveExecutionTest extends AccountsFixture {
    @Test
    void adaptiveByDefaultRunsShortCallsInSequence() throws InterruptedException {
        awaitIdleWorkers();
        Hardener h = Lockstep.builder().execution(Execution.ADAPTIVE).build();
        // Cold calls (class loading, the interpreter) may take longer than the break-even time.
        for (int i = 0; i < 2_000; i++) {
            transfer(h, 11, 12, 1);
        }
        long warm = h.stats().parallel();
        for (int i = 0; i < 200; i++) {
            transfer(h, 11, 12, 1);
        }
        Stats s = h.stats();
        assertEquals(2_200, s.commits(), s.toString());
        // A sampled call slowed by a pause may send a call or two parallel before it is relearned.
        assertTrue(s.parallel() - warm <= 4, "a warm transfer runs in sequence: " + (s.parallel() - warm) + " of 200 went parallel");
    }

    @Test
    void adaptiveByDefaultUsesAnIdleReplicaThreadForLongCalls() throws InterruptedException {
        awaitIdleWorkers();
        Hardener h = Lockstep.builder().execution(Execution.ADAPTIVE).build();
        for (int i = 0; i < 20; i++) {
            h.call(() -> {
                long sum = 0;
                long until = System.nanoTime() + 4 * ParallelExecution.BREAK_EVEN_NANOS;
                while (System.nanoTime() < until) {
                    sum += accounts.get(3);
                }
                return sum > 0;
            });
        }
        Stats s = h.stats();
        assertEquals(20, s.commits(), s.toString());
        // The first call has no estimate yet and runs in sequence; later ones take the worker.
        assertTrue(s.parallel() >= 10, s.toString());
    }

    @Test
    void adaptiveStaysSequentialWhileCallsFitTheLatencyBound() {
        Hardener h = Lockstep.builder().execution(Execution.ADAPTIVE)
                .latencyBound(Duration.ofMinutes(1)).build();
        for (int i = 0; i < 50; i++) {
            transfer(h, 11, 12, 1);
        }
        Stats s = h.stats();
        assertEquals(50, s.commits(), s.toString());
        assertEquals(0, s.parallel(), s.toString());
    }

    @Test
    void adaptiveGoesParallelWhenSequentialCallsExceedTheLatencyBound() throws InterruptedException {
        awaitIdleWorkers();
        Hardener h = Lockstep.builder().execution(Execution.ADAPTIVE)
                .latencyBound(Duration.ofNanos(1)).build();
        for (int i = 0; i < 50; i++) {
            transfer(h, 11, 12, 1);
        }
        Stats s = h.stats();
        assertEquals(50, s.commits(), s.toString());
        // The first call has no estimate yet and runs in sequence; it then exceeds 1 ns.
        assertTrue(s.parallel() >= 49, s.toString());
    }

    @Test
    void adaptiveFallsBackToSequentialWhenLockstepKeepsEveryCoreBusy() throws Exception {
        int cores = Math.max(Affinity.getAffinity().cardinality(), Runtime.getRuntime().availableProcessors());
        int blockers = (cores + 1) / 2;
        Hardener parallel = Lockstep.builder().execution(Execution.PARALLEL).build();
        CountDownLatch running = new CountDownLatch(blockers);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int b = 0; b < blockers; b++) {
            int cell = 20 + b;
            Thread t = new Thread(() -> parallel.run(() -> {
                accounts.add(cell, 1);
                if (TestRuntime.engine().context().replica() == 0) {
                    running.countDown();
                }
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }), "blocker-" + b);
            t.start();
            threads.add(t);
        }
        try {
            assertTrue(running.await(10, TimeUnit.SECONDS));
            Hardener adaptive = Lockstep.builder().execution(Execution.ADAPTIVE).build();
            for (int i = 0; i < 20; i++) {
                transfer(adaptive, 13, 14, 1);
            }
            Stats s = adaptive.stats();
            assertEquals(20, s.commits(), s.toString());
            assertEquals(0, s.parallel(), s.toString());
        } finally {
            release.countDown();
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
        assertEquals(101, accounts.get(20));
    }
}

package dev.lockstep.stm;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.HardenedRunnable;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.ReplicaContext;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Invariant 3 (serializable isolation) under an interleaving the test forces instead of hoping
 * for: two calls each run their leader, then wait for each other at a barrier (from
 * {@link FaultHook#onReplicaEnd}), so both have read before either commits. One of them must
 * lose (a conflict, counted) and, re-run, see the other's commit.
 */
class ForcedInterleavingTest {
    private static final int ROUNDS = 10;

    private final StateStore store = Lockstep.inMemoryStore();
    /** Cells 0 and 8 sit in different stripes: a write skew needs two locations. */
    private final LongCells cells = store.longCells("interleaving", 16);

    @AfterEach
    void close() {
        store.close();
    }

    /** Holds the first attempt of each call at the end of its leader until both got there. */
    private static final class BothReadFirst implements FaultHook {
        private final CyclicBarrier barrier = new CyclicBarrier(2);

        @Override
        public void onReplicaEnd(ReplicaContext context) {
            if (context.replica() != 0 || context.attempt() != 0) {
                return;
            }
            try {
                barrier.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new AssertionError("the other call never reached the barrier", e);
            }
        }
    }

    /** Runs {@code first} and {@code second} at once, each on its own thread and hardener. */
    private static long runBoth(HardenedRunnable<RuntimeException> first, HardenedRunnable<RuntimeException> second)
            throws InterruptedException {
        BothReadFirst hook = new BothReadFirst();
        Hardener a = Lockstep.builder().name("first").faultHook(hook).build();
        Hardener b = Lockstep.builder().name("second").faultHook(hook).build();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread ta = new Thread(() -> run(a, first, failure), "first");
        Thread tb = new Thread(() -> run(b, second, failure), "second");
        ta.start();
        tb.start();
        ta.join(TimeUnit.MINUTES.toMillis(1));
        tb.join(TimeUnit.MINUTES.toMillis(1));
        assertNull(failure.get(), "a call failed");
        assertEquals(1, a.stats().commits());
        assertEquals(1, b.stats().commits());
        return a.stats().conflicts() + b.stats().conflicts();
    }

    private static void run(Hardener h, HardenedRunnable<RuntimeException> body, AtomicReference<Throwable> failure) {
        try {
            h.run(body);
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    @Test
    void twoIncrementsThatBothReadFirstLoseNoUpdate() throws InterruptedException {
        SplittableRandom random = Seeds.random("lost-update");
        for (int round = 0; round < ROUNDS; round++) {
            long da = random.nextLong(1, 100);
            long db = random.nextLong(1, 100);
            long before = cells.get(0);
            long conflicts = runBoth(() -> cells.set(0, cells.get(0) + da), () -> cells.set(0, cells.get(0) + db));
            assertTrue(conflicts >= 1, "round " + round + ": both calls read first, yet neither lost");
            assertEquals(before + da + db, cells.get(0), "round " + round + ": an update was lost");
        }
    }

    @Test
    void twoWithdrawalsThatBothReadFirstCannotSkewTheTotalBelowZero() throws InterruptedException {
        SplittableRandom random = Seeds.random("write-skew");
        for (int round = 0; round < ROUNDS; round++) {
            long half = random.nextLong(1, 1_000);
            Lockstep.builder().build().run(() -> {
                cells.set(0, half);
                cells.set(8, half);
            });
            // Each call withdraws the whole total from one side if the total covers it: run
            // serially, only one of them can.
            long conflicts = runBoth(() -> {
                if (cells.get(0) + cells.get(8) >= 2 * half) {
                    cells.set(0, cells.get(0) - 2 * half);
                }
            }, () -> {
                if (cells.get(0) + cells.get(8) >= 2 * half) {
                    cells.set(8, cells.get(8) - 2 * half);
                }
            });
            assertTrue(conflicts >= 1, "round " + round + ": both calls read first, yet neither lost");
            assertEquals(0, cells.get(0) + cells.get(8), "round " + round + ": write skew");
        }
    }
}

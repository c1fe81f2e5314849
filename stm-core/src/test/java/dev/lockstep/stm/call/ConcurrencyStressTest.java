package dev.lockstep.stm.call;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.Stats;
import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.ReplicaContext;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.stm.TestRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 2, test 7, and invariants 2 and 3 under real threads: atomic visibility to hardened and
 * plain readers, and serializability (no lost update, no write skew). Bounded in count and time.
 */
class ConcurrencyStressTest {
    private static final int ACCOUNTS = 64;
    private static final long INITIAL = 1_000;
    private static final int TRANSFERS = Integer.getInteger("lockstep.stress.transfers", 1_000_000);
    private static final long SECONDS = Long.getLong("lockstep.stress.seconds", 60);

    private final StateStore store = Lockstep.inMemoryStore();

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void twoWritersAndASnapshotReaderNeverSeeTheTotalChange() throws Exception {
        SplittableRandom seeds = Seeds.random("transfers");
        LongCells accounts = store.longCells("accounts", ACCOUNTS);
        // Two cells in different stripes that every writer sets equal in one call.
        LongCells pair = store.longCells("pair", 16);
        int left = 0;
        int right = 9;
        Hardener h = Lockstep.builder().name("stress").build();
        h.run(() -> {
            for (int i = 0; i < ACCOUNTS; i++) {
                accounts.set(i, INITIAL);
            }
        });
        long total = ACCOUNTS * INITIAL;

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicBoolean writersDone = new AtomicBoolean();
        AtomicLong transfers = new AtomicLong();
        AtomicLong hardenedSnapshots = new AtomicLong();
        AtomicLong plainSnapshots = new AtomicLong();

        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            SplittableRandom random = seeds.split();
            int id = w;
            writers.add(new Thread(() -> {
                for (int n = 0; n < TRANSFERS / 2 && System.nanoTime() < deadline && failure.get() == null; n++) {
                    int from = random.nextInt(ACCOUNTS);
                    int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                    long amount = random.nextLong(1, 50);
                    long mark = ((long) id << 40) | n;
                    boolean touchPair = (n & 15) == 0;
                    h.run(() -> {
                        accounts.add(from, -amount);
                        accounts.add(to, amount);
                        if (touchPair) {
                            pair.set(left, mark);
                            pair.set(right, mark);
                        }
                    });
                    transfers.incrementAndGet();
                }
            }, "writer-" + w));
        }
        Thread reader = new Thread(() -> {
            long[] pairValues = new long[16];
            while (!writersDone.get() && failure.get() == null) {
                long sum = h.call(() -> {
                    long s = 0;
                    for (int i = 0; i < ACCOUNTS; i++) {
                        s += accounts.get(i);
                    }
                    return s;
                });
                hardenedSnapshots.incrementAndGet();
                if (sum != total) {
                    failure.compareAndSet(null, "hardened snapshot saw total " + sum);
                }
                long plainSum = 0;
                for (long v : accounts.snapshot()) {
                    plainSum += v;
                }
                if (plainSum != total) {
                    failure.compareAndSet(null, "plain snapshot saw total " + plainSum);
                }
                pair.snapshot(0, pairValues);
                if (pairValues[left] != pairValues[right]) {
                    failure.compareAndSet(null, "plain reads saw the pair unequal: "
                            + pairValues[left] + " != " + pairValues[right]);
                }
                plainSnapshots.incrementAndGet();
            }
        }, "reader");

        writers.forEach(Thread::start);
        reader.start();
        for (Thread t : writers) {
            t.join(TimeUnit.SECONDS.toMillis(SECONDS + 60));
            assertFalse(t.isAlive(), t.getName() + " did not finish");
        }
        writersDone.set(true);
        reader.join(TimeUnit.SECONDS.toMillis(60));

        Stats s = h.stats();
        System.out.printf("transfers=%d hardenedSnapshots=%d plainSnapshots=%d %s%n",
                transfers.get(), hardenedSnapshots.get(), plainSnapshots.get(), s);
        assertNull(failure.get());
        long finalSum = 0;
        for (long v : accounts.snapshot()) {
            finalSum += v;
        }
        assertEquals(total, finalSum);
        assertTrue(transfers.get() > 0 && hardenedSnapshots.get() > 0 && plainSnapshots.get() > 0);
        assertEquals(1 + transfers.get() + hardenedSnapshots.get(), s.commits());
        assertEquals(0, s.mismatches(), "no fault was injected: a conflict must never look like one");
    }

    /**
     * Holds the first attempt of each call at the end of its last replica until the other
     * thread's call got there too: both calls have made every read before either commits, so
     * the two always overlap and one of them must lose (a conflict) for the result to be
     * serializable. Retries pass straight through.
     */
    private static final class BothReadBeforeEitherCommits implements FaultHook {
        private final CyclicBarrier bothRead = new CyclicBarrier(2);
        final AtomicLong meetings = new AtomicLong();

        @Override
        public void onReplicaEnd(ReplicaContext c) {
            if (c.replica() != 1 || c.attempt() != 0) {
                return;
            }
            try {
                bothRead.await(30, TimeUnit.SECONDS);
                meetings.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("the other call never reached the end of its reads", e);
            }
        }
    }

    /**
     * Under {@code -Dlockstep.execution=parallel} both calls hold a replica thread while they
     * wait for each other: that needs two.
     */
    private static void assumeTwoReplicaThreadsWhenParallel() {
        boolean parallel = "parallel".equalsIgnoreCase(System.getProperty("lockstep.execution"));
        int threads = TestRuntime.engine().replicaWorkers().size();
        assumeTrue(!parallel || threads >= 2, "two parallel calls held at once need two replica threads; this "
                + "machine has " + threads);
    }

    @Test
    void concurrentIncrementsThatBothReadFirstLoseNoUpdate() throws Exception {
        assumeTwoReplicaThreadsWhenParallel();
        LongCells counter = store.longCells("counter", 1);
        BothReadBeforeEitherCommits hook = new BothReadBeforeEitherCommits();
        Hardener h = Lockstep.builder().faultHook(hook).build();
        int perThread = 500;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        h.run(() -> counter.add(0, 1));
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "incrementer-" + t));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(120_000);
            assertFalse(t.isAlive(), t.getName() + " did not finish");
        }
        Stats s = h.stats();
        System.out.println("increments: " + s);
        assertNull(failure.get());
        assertEquals(2L * perThread, counter.get(0));
        // Each time both calls met holding their reads, at most one of them could commit.
        assertEquals(2L * perThread, hook.meetings.get());
        assertTrue(s.conflicts() >= perThread, "one conflict per forced overlap at least: " + s);
        assertEquals(0, s.mismatches(), "a conflict is not a fault: " + s);
    }

    @Test
    void noWriteSkewWhenBothCallsReadBeforeEitherCommits() throws Exception {
        assumeTwoReplicaThreadsWhenParallel();
        // Each call reads x and y and sets its own cell to 1 only if both are 0. Both calls of a
        // round read before either commits (the hook holds them), so snapshot isolation would
        // let both write 1; serializable execution lets exactly one win, the other conflicts.
        LongCells flags = store.longCells("flags", 16);
        int x = 0;
        int y = 8;
        BothReadBeforeEitherCommits hook = new BothReadBeforeEitherCommits();
        Hardener h = Lockstep.builder().faultHook(hook).build();
        Hardener resetter = Lockstep.builder().name("reset").build();
        int rounds = 200;
        CyclicBarrier start = new CyclicBarrier(2);
        CyclicBarrier end = new CyclicBarrier(2);
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int mine = t == 0 ? x : y;
            boolean resets = t == 0;
            threads.add(new Thread(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        if (resets) {
                            resetter.run(() -> {
                                flags.set(x, 0);
                                flags.set(y, 0);
                            });
                        }
                        start.await(30, TimeUnit.SECONDS);
                        h.run(() -> {
                            if (flags.get(x) + flags.get(y) == 0) {
                                flags.set(mine, 1);
                            }
                        });
                        end.await(30, TimeUnit.SECONDS);
                        long sum = flags.get(x) + flags.get(y);
                        if (sum != 1) {
                            failure.compareAndSet(null, "round " + r + ": x + y = " + sum);
                        }
                        end.await(30, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException | BrokenBarrierException | TimeoutException | RuntimeException e) {
                    failure.compareAndSet(null, e.toString());
                }
            }, "writer-" + t));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(120_000);
            assertFalse(t.isAlive(), t.getName() + " did not finish");
        }
        Stats s = h.stats();
        System.out.println("write skew rounds: " + s);
        assertNull(failure.get());
        assertEquals(2L * rounds, hook.meetings.get(), "every round forced both calls to read first");
        assertTrue(s.conflicts() >= rounds, "the loser of each round conflicts: " + s);
        assertEquals(2L * rounds, s.commits(), s.toString());
        assertEquals(0, s.mismatches(), "a conflict is not a fault: " + s);
    }
}

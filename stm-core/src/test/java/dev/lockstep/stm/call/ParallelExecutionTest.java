package dev.lockstep.stm.call;

import dev.lockstep.api.Execution;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.Nondet;
import dev.lockstep.api.Stats;
import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.ReplicaContext;
import dev.lockstep.stm.replicas.ReplicaWorker;
import dev.lockstep.stm.replicas.ReplicaWorkers;
import dev.lockstep.stm.replicas.TestWorkers;
import net.openhft.affinity.Affinity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import static dev.lockstep.stm.call.ReplicaThreads.awaitIdleWorkers;
import static dev.lockstep.stm.call.ReplicaThreads.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 6: parallel execution and core diversity ({@link AdaptiveExecutionTest} and
 * {@link WatchdogTest} test ADAPTIVE and the watchdog). The rest of the suite also runs under
 * {@code -Dlockstep.execution=parallel} (a second surefire execution).
 */
class ParallelExecutionTest extends AccountsFixture {
    /** Records, per replica index, the threads that ran it. */
    private static final class WhereReplicasRan implements FaultHook {
        final Map<Integer, Set<Thread>> threads = new ConcurrentHashMap<>();
        final Map<Integer, Set<Integer>> cpus = new ConcurrentHashMap<>();

        @Override
        public void onReplicaStart(ReplicaContext c) {
            threads.computeIfAbsent(c.replica(), k -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread());
            cpus.computeIfAbsent(c.replica(), k -> ConcurrentHashMap.newKeySet()).add(Affinity.getCpu());
        }
    }
    @Test
    void leaderRunsOnTheCallerAndTheTrailerOnAPinnedReplicaThread() {
        WhereReplicasRan where = new WhereReplicasRan();
        Hardener h = Lockstep.builder().execution(Execution.PARALLEL).faultHook(where).build();

        for (int i = 0; i < 200; i++) {
            transfer(h, i % 8, 8 + i % 8, 1);
        }

        assertEquals(Set.of(Thread.currentThread()), where.threads.get(0));
        for (Thread trailer : where.threads.get(1)) {
            assertNotSame(Thread.currentThread(), trailer);
            assertTrue(trailer.getName().startsWith("lockstep-replica-cpu"), trailer.getName());
        }
        Stats s = h.stats();
        assertEquals(200, s.commits(), s.toString());
        assertEquals(200, s.parallel(), s.toString());
        assertEquals(OPENING_BALANCE * ACCOUNTS, total());

        // Pinned where the OS allows: here (Linux, with JNA) every worker is pinned to its own CPU,
        // and the trailer ran only on the CPUs of the workers.
        ReplicaWorker[] workers = TestWorkers.all(pool());
        Set<Integer> workerCpus = new HashSet<>();
        for (ReplicaWorker w : workers) {
            assertTrue(TestWorkers.pinned(w), "worker " + TestWorkers.thread(w).getName() + " is not pinned");
            assertTrue(workerCpus.add(w.cpu()), "two workers share CPU " + w.cpu());
        }
        assertTrue(workerCpus.containsAll(where.cpus.get(1)), where.cpus + " vs " + workerCpus);
        assertEquals(Math.max(2, Affinity.getAffinity().cardinality()), workers.length);
    }

    /**
     * The trailer reads the leader's {@code Nondet} values while they are drawn, through a
     * bounded queue: each step reads a cell and draws a value, so the leader can be no more
     * steps ahead than the queue holds.
     */
    @Test
    void theLeaderRunsAtMostTheQueuesCapacityAheadOfTheTrailer() {
        java.util.concurrent.atomic.AtomicInteger leaderReads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger trailerReads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger maxLead = new java.util.concurrent.atomic.AtomicInteger();
        FaultHook watch = new FaultHook() {
            @Override
            public long onRead(ReplicaContext c, long value) {
                if (c.replica() == 0) {
                    maxLead.accumulateAndGet(leaderReads.incrementAndGet() - trailerReads.get(), Math::max);
                } else if (trailerReads.incrementAndGet() % 64 == 0) {
                    LockSupport.parkNanos(200_000);   // a slow trailer
                }
                return value;
            }
        };
        Hardener h = Lockstep.builder().execution(Execution.PARALLEL).faultHook(watch).build();
        int reads = 4 * InputChannel.CAPACITY;

        long sum = h.call(() -> {
            long total = 0;
            for (int i = 0; i < reads; i++) {
                total += accounts.get(i % accounts.length()) + (Nondet.randomLong() & 0);
            }
            return total;
        });

        assertEquals(100L * reads, sum);
        assertEquals(reads, leaderReads.get());
        assertEquals(reads, trailerReads.get());
        assertTrue(maxLead.get() > InputChannel.CAPACITY / 2, "the leader ran ahead: " + maxLead);
        // The queue's entries, plus the one the trailer took but has not yet counted, plus the
        // one the leader counted but has not yet sent.
        assertTrue(maxLead.get() <= InputChannel.CAPACITY + 2, "but no further than the queue holds: " + maxLead);
    }

    @Test
    void aFaultInTheTrailerOnItsReplicaThreadIsCaughtAndRetried() {
        FlipBit hook = FlipBit.firstWrite(1, attempt -> attempt == 0, 11);
        Hardener h = Lockstep.builder().execution(Execution.PARALLEL).faultHook(hook).build();

        assertEquals(70, transfer(h, 1, 2, 30));

        assertEquals(1, hook.flips.get());
        assertEquals(70, accounts.get(1));
        assertEquals(130, accounts.get(2));
        assertEquals(Stats.of(1, 1, 1, 0, 0, 0, 2, 0), h.stats());
    }

    /**
     * A defective core repeats its error: here, every write made on the caller's thread is
     * wrong the same way. Replicas in sequence share that thread and agree on garbage; the
     * trailer on a replica thread does not, so the fault is caught, and the retry runs both
     * replicas on replica threads, off the faulty one, and commits the right value.
     */
    @ParameterizedTest
    @EnumSource(value = Execution.class, names = {"SEQUENTIAL", "PARALLEL"})
    void aStickyFaultOnTheCallersCoreFoolsSequentialReplicasButNotParallelOnes(Execution execution) {
        Thread faultyCore = Thread.currentThread();
        WhereReplicasRan where = new WhereReplicasRan();
        FaultHook sticky = new FaultHook() {
            @Override
            public void onReplicaStart(ReplicaContext c) {
                if (c.attempt() > 0) {
                    where.onReplicaStart(c);
                }
            }

            @Override
            public long onWrite(ReplicaContext c, long value) {
                return Thread.currentThread() == faultyCore ? value ^ (1L << 20) : value;
            }
        };
        Hardener h = Lockstep.builder().execution(execution).faultHook(sticky).maxRetries(2).build();

        long left = transfer(h, 5, 6, 10);

        if (execution == Execution.SEQUENTIAL) {
            assertNotEquals(90, accounts.get(5), "both replicas wrote the same wrong value");
            assertEquals(0, h.stats().mismatches());
        } else {
            assertEquals(90, left);
            assertEquals(90, accounts.get(5));
            assertEquals(110, accounts.get(6));
            assertEquals(Stats.of(1, 1, 1, 0, 0, 0, 2, 0), h.stats());
            Set<Thread> retried = new HashSet<>(where.threads.get(0));
            retried.addAll(where.threads.get(1));
            assertEquals(2, retried.size(), "the retry's leader and trailer ran on two replica threads");
            assertFalse(retried.contains(faultyCore));
        }
    }

    /**
     * A fault that changes which cell the leader reads next: every replica reads the snapshot
     * itself, so the two fault-free ones read the same cell, agree, and outvote the leader.
     */
    @Test
    void tmrFaultFreeReplicasOutvoteALeaderThatReadAnotherCell() {
        Lockstep.builder().execution(Execution.SEQUENTIAL).build().run(() -> accounts.set(30, 100));
        FlipBit hook = new FlipBit(FlipBit.On.READ, 0, c -> c.replica() == 0 && c.attempt() == 0 && c.readIndex() == 0);
        Hardener h = Lockstep.builder().execution(Execution.PARALLEL).replicas(3).faultHook(hook).build();

        long read = h.call(() -> {
            int next = (int) (accounts.get(30) % 64);
            long value = accounts.get(next) + next;
            accounts.set(31, value);
            return value;
        });

        assertEquals(1, hook.flips.get());
        assertEquals(136, read, "cell 36 (100) + 36, as the fault-free replicas read it");
        assertEquals(136, accounts.get(31));
        assertEquals(Stats.of(1, 0, 0, 0, 0, 1, 1, 0), h.stats());
    }

    /**
     * A fault that changes which input the leader draws: replicas on replica threads cannot
     * follow another input sequence, so they stop, neither can win the vote, and the call retries.
     */
    @Test
    void tmrReplicasThatStopAtADifferentInputCannotWinTheVote() {
        Lockstep.builder().execution(Execution.SEQUENTIAL).build().run(() -> accounts.set(30, 100));
        FlipBit hook = new FlipBit(FlipBit.On.READ, 0, c -> c.replica() == 0 && c.attempt() == 0 && c.readIndex() == 0);
        Hardener h = Lockstep.builder().execution(Execution.PARALLEL).replicas(3).faultHook(hook).build();

        long read = h.call(() -> {
            long seen = accounts.get(30);
            Object drawn = seen % 2 == 1 ? Nondet.record(() -> "odd") : (Object) (Nondet.randomLong() & 0);
            accounts.set(31, seen);
            return seen + (drawn instanceof String ? 1 : 0);
        });

        assertEquals(1, hook.flips.get());
        assertEquals(100, read);
        assertEquals(100, accounts.get(31));
        assertEquals(Stats.of(1, 1, 1, 0, 0, 0, 2, 0), h.stats());
    }

    @Test
    void aClaimPrefersWorkersAwayFromTheCpusToAvoid() throws InterruptedException {
        awaitIdleWorkers();
        ReplicaWorkers pool = pool();
        ReplicaWorker[] all = TestWorkers.all(pool);
        ReplicaWorker[] into = new ReplicaWorker[2];
        for (ReplicaWorker avoided : all) {
            long avoid = 1L << avoided.cpu();
            assertTrue(pool.tryClaim(into, 1, avoid));
            try {
                assertNotEquals(avoided.cpu(), into[0].cpu());
            } finally {
                TestWorkers.giveBack(pool, into[0]);
            }
        }
        // With every CPU avoided, a claim still succeeds: diversity is a preference, not a wait.
        long everything = 0;
        for (ReplicaWorker w : all) {
            everything |= 1L << w.cpu();
        }
        assertTrue(pool.tryClaim(into, 2, everything));
        assertNotSame(into[0], into[1]);
        TestWorkers.giveBack(pool, into[0]);
        TestWorkers.giveBack(pool, into[1]);
    }

    @Test
    void aRetryRunsItsPairOnReplicaThreadsOffTheCaller() {
        Map<String, Thread> threadOf = new ConcurrentHashMap<>();
        FaultHook hook = new FaultHook() {
            @Override
            public void onReplicaStart(ReplicaContext c) {
                String key = c.attempt() + "/" + c.replica();
                threadOf.put(key, Thread.currentThread());
            }

            @Override
            public long onWrite(ReplicaContext c, long value) {
                return c.replica() == 1 && c.attempt() == 0 ? value ^ 1 : value;
            }
        };
        Hardener h = Lockstep.builder().execution(Execution.PARALLEL).faultHook(hook).build();

        assertEquals(95, transfer(h, 15, 16, 5));

        assertEquals(Set.of("0/0", "0/1", "1/0", "1/1"), threadOf.keySet());
        assertSame(Thread.currentThread(), threadOf.get("0/0"));
        Thread leader = threadOf.get("1/0");
        Thread trailer = threadOf.get("1/1");
        assertTrue(leader.getName().startsWith("lockstep-replica-cpu"), "the retry's leader left the caller: " + leader);
        assertTrue(trailer.getName().startsWith("lockstep-replica-cpu"), trailer.getName());
        assertNotSame(leader, trailer);
        assertEquals(2, h.stats().parallel());
    }

    @Test
    void withFourCpusARetrysPairAvoidsBothCpusOfTheFailedPair() {
        int cpus = Affinity.getAffinity().cardinality();
        assumeTrue(cpus >= 4, "a fresh pair can avoid both failed CPUs only with two more; this machine has " + cpus);
        Map<String, Integer> cpuOf = new ConcurrentHashMap<>();
        FaultHook hook = new FaultHook() {
            @Override
            public void onReplicaStart(ReplicaContext c) {
                cpuOf.put(c.attempt() + "/" + c.replica(), Affinity.getCpu());
            }

            @Override
            public long onWrite(ReplicaContext c, long value) {
                return c.replica() == 1 && c.attempt() == 0 ? value ^ 1 : value;
            }
        };
        Hardener h = Lockstep.builder().execution(Execution.PARALLEL).faultHook(hook).build();

        assertEquals(95, transfer(h, 15, 16, 5));

        Set<Integer> failed = Set.of(cpuOf.get("0/0"), cpuOf.get("0/1"));
        assertFalse(failed.contains(cpuOf.get("1/0")), cpuOf.toString());
        assertFalse(failed.contains(cpuOf.get("1/1")), cpuOf.toString());
    }

    @Test
    void parallelTransfersKeepTheTotalUnderConcurrency() throws Exception {
        SplittableRandom seeds = Seeds.random("parallelTransfersKeepTheTotalUnderConcurrency");
        Hardener h = Lockstep.builder().execution(Execution.PARALLEL).build();
        int threads = 3;
        int perThread = 2_000;
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SplittableRandom random = seeds.split();
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        int from = random.nextInt(16);
                        int to = (from + 1 + random.nextInt(15)) % 16;
                        transfer(h, from, to, random.nextInt(5));
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            thread.start();
            workers.add(thread);
        }
        for (Thread t : workers) {
            t.join(120_000);
            assertFalse(t.isAlive());
        }
        assertEquals(List.of(), failures);
        assertEquals(OPENING_BALANCE * ACCOUNTS, total());
        Stats s = h.stats();
        assertEquals(threads * perThread, s.commits(), s.toString());
        assertEquals(0, s.mismatches(), s.toString());
        assertTrue(s.parallel() >= threads * perThread, s.toString());
    }

    @Test
    void builderRejectsBadDurations() {
        assertThrows(IllegalArgumentException.class, () -> Lockstep.builder().replicaTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Lockstep.builder().replicaTimeout(null));
        assertThrows(IllegalArgumentException.class, () -> Lockstep.builder().latencyBound(Duration.ofMillis(-1)));
        assertSame(Execution.PARALLEL,
                ((StmHardener) Lockstep.builder().execution(Execution.PARALLEL).build()).config().execution());
    }
}

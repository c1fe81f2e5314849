package dev.lockstep.stm.call;

import dev.lockstep.api.Execution;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.Stats;
import dev.lockstep.api.UnrecoverableFaultException;
import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.ReplicaContext;
import dev.lockstep.stm.TestRuntime;
import dev.lockstep.stm.replicas.ReplicaWorker;
import dev.lockstep.stm.replicas.TestWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static dev.lockstep.stm.call.ReplicaThreads.hangUntilInterrupted;
import static dev.lockstep.stm.call.ReplicaThreads.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 6, the watchdog: a replica running past the replica timeout stops at its next state
 * access, or, on a replica thread, is abandoned with its thread, which a fresh one replaces; the
 * attempt is a mismatch and the call retries, or gives up saying which replica ran too long.
 */
class WatchdogTest extends AccountsFixture {
    @Test
    void aRelocatedLeaderRunningPastTheTimeoutIsAbandonedWithTheCallersContext() throws InterruptedException {
        List<Thread> hung = new ArrayList<>();
        FaultHook hook = new FaultHook() {
            @Override
            public void onReplicaStart(ReplicaContext c) {
                if (c.replica() == 0 && c.attempt() == 1) {
                    hangUntilInterrupted(hung);
                }
            }

            @Override
            public long onWrite(ReplicaContext c, long value) {
                return c.replica() == 1 && c.attempt() == 0 ? value ^ 4 : value;
            }
        };
        Hardener h = Lockstep.builder().execution(Execution.PARALLEL).faultHook(hook)
                .replicaTimeout(Duration.ofMillis(300)).build();
        CallContext before = TestRuntime.engine().context();

        assertEquals(75, transfer(h, 17, 18, 25));

        assertEquals(Stats.of(1, 2, 2, 0, 0, 0, 3, 1), h.stats());
        assertEquals(75, accounts.get(17));
        assertEquals(125, accounts.get(18));
        assertEquals(1, hung.size());
        assertNotSame(Thread.currentThread(), hung.get(0));
        assertNotSame(before, TestRuntime.engine().context(), "the abandoned leader kept the old context");
        hung.get(0).join(10_000);
        assertFalse(hung.get(0).isAlive(), "the abandoned replica thread was interrupted and ended");
        assertEquals(50, transfer(h, 17, 18, 25), "the fresh context serves the next call");
    }

    @Test
    void aTrailerRunningPastTheTimeoutIsAbandonedAndTheCallRetries() throws InterruptedException {
        List<Thread> hung = new ArrayList<>();
        FaultHook hang = new FaultHook() {
            @Override
            public void onReplicaStart(ReplicaContext c) {
                if (c.replica() == 1 && c.attempt() == 0) {
                    hangUntilInterrupted(hung);
                }
            }
        };
        Hardener h = Lockstep.builder().execution(Execution.PARALLEL).faultHook(hang)
                .replicaTimeout(Duration.ofMillis(300)).build();
        int workersBefore = pool().size();

        assertEquals(80, transfer(h, 9, 10, 20));

        assertEquals(Stats.of(1, 1, 1, 0, 0, 0, 2, 1), h.stats());
        assertEquals(80, accounts.get(9));
        assertEquals(1, hung.size());
        Thread abandoned = hung.get(0);
        abandoned.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(abandoned.isAlive(), "the abandoned replica thread was interrupted and ended");
        assertEquals(workersBefore, pool().size());
        for (ReplicaWorker w : TestWorkers.all(pool())) {
            assertNotSame(abandoned, TestWorkers.thread(w), "a fresh worker took the abandoned one's place");
            assertTrue(TestWorkers.thread(w).isAlive());
        }
        // The pool still serves parallel calls at full size.
        assertEquals(60, transfer(h, 9, 10, 20));
    }

    @ParameterizedTest
    @EnumSource(value = Execution.class, names = {"SEQUENTIAL", "PARALLEL"})
    void aLeaderRunningPastTheTimeoutStopsAtAStateAccessAndTheCallGivesUp(Execution execution) {
        FaultHook slowLeader = new FaultHook() {
            @Override
            public long onRead(ReplicaContext c, long value) {
                if (c.replica() == 0) {
                    LockSupport.parkNanos(100_000);
                }
                return value;
            }
        };
        Hardener h = Lockstep.builder().execution(execution).faultHook(slowLeader).maxRetries(1)
                .replicaTimeout(Duration.ofMillis(50)).build();

        long started = System.nanoTime();
        UnrecoverableFaultException e = assertThrows(UnrecoverableFaultException.class, () -> h.call(() -> {
            long sum = 0;
            for (int round = 0; round < 1_000; round++) {
                for (int i = 0; i < accounts.length(); i++) {
                    sum += accounts.get(i) + 0 * round;
                }
            }
            accounts.set(0, sum);
            return sum;
        }));

        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(2, e.attempts());
        assertEquals("run time", e.location());
        assertTrue(e.getMessage().contains("leader ran past the replica timeout (PT0.05S)"), e.getMessage());
        // Unstopped, each attempt's leader would make 64,000 reads of at least 0.1 ms each.
        assertTrue(elapsedMillis < 6_000, "the watchdog stopped the leaders: " + elapsedMillis + " ms");
        assertTrue(e.getMessage().contains("raise it with HardenerBuilder.replicaTimeout"), e.getMessage());
        assertFalse(e.getMessage().contains("Nondet."), e.getMessage());
        assertEquals(2, h.stats().abandoned());
        assertEquals(100, accounts.get(0), "nothing committed");
    }
}

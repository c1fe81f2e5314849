package dev.lockstep.stm.call;

import dev.lockstep.api.Execution;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.Stats;
import dev.lockstep.api.UnrecoverableFaultException;
import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.ReplicaContext;
import dev.lockstep.stm.TestRuntime;
import dev.lockstep.stm.replicas.TestWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 11: failures in user code that are not outputs to vote on. A fault hook that throws,
 * or a replica that overflows its stack, fails the call at once with that very exception or
 * error, on whichever thread it happened; it is never taken for a disagreement, and never left
 * for the watchdog (the replica timeout stays at its 10-second default, so waiting for it would
 * show as an abandoned replica). The replica threads stay usable afterwards. An exception the
 * body throws stays an output: equal in every replica, it is rethrown; in one replica only, it
 * is a mismatch.
 */
class ReplicaFailureTest extends AccountsFixture {

    /** The replica each thread is running, as the hook last saw it start. */
    private static final ThreadLocal<Integer> REPLICA = ThreadLocal.withInitial(() -> -1);

    enum HookMethod { START, READ, WRITE, END }

    /** Throws from {@code method} in replica {@code replica}, and notes the threads that did. */
    private static class ThrowingHook implements FaultHook {
        final HookMethod method;
        final int replica;
        final Set<String> threwOn = ConcurrentHashMap.newKeySet();
        final List<IllegalStateException> thrown = new ArrayList<>();

        ThrowingHook(HookMethod method, int replica) {
            this.method = method;
            this.replica = replica;
        }

        private void maybeThrow(ReplicaContext c, HookMethod at) {
            if (at == method && (replica < 0 || c.replica() == replica)) {
                threwOn.add(Thread.currentThread().getName());
                IllegalStateException e = new IllegalStateException("hook " + at + " in replica " + c.replica());
                synchronized (thrown) {
                    thrown.add(e);
                }
                throw e;
            }
        }

        @Override
        public void onReplicaStart(ReplicaContext c) {
            REPLICA.set(c.replica());
            maybeThrow(c, HookMethod.START);
        }

        @Override
        public void onReplicaEnd(ReplicaContext c) {
            maybeThrow(c, HookMethod.END);
        }

        @Override
        public long onRead(ReplicaContext c, long value) {
            maybeThrow(c, HookMethod.READ);
            return value;
        }

        @Override
        public long onWrite(ReplicaContext c, long value) {
            maybeThrow(c, HookMethod.WRITE);
            return value;
        }
    }

    /** Waits (boundedly) until replica threads let go by earlier tests are back in the pool. */
    private static void awaitIdleWorkers() throws InterruptedException {
        for (int i = 0; i < 1_000; i++) {
            if (TestWorkers.allIdle(TestRuntime.engine().replicaWorkers())) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("replica threads still busy after 10 s");
    }

    /** The pool recovered: a later PARALLEL call on the same runtime runs on replica threads and commits. */
    private void assertAParallelCallStillRunsInParallel() throws InterruptedException {
        awaitIdleWorkers();
        Hardener later = Lockstep.builder().execution(Execution.PARALLEL).build();
        for (int i = 0; i < 20; i++) {
            transfer(later, 1, 2, 1);
        }
        Stats s = later.stats();
        assertEquals(20, s.commits(), s.toString());
        assertEquals(20, s.parallel(), s.toString());
        assertEquals(OPENING_BALANCE - 20, accounts.get(1));
    }

    static Stream<Arguments> trailerHooks() {
        List<Arguments> all = new ArrayList<>();
        // ADAPTIVE's parallel attempts run this same code; when it goes parallel is tested in
        // ParallelExecutionTest (its first call, with no estimate yet, runs in sequence).
        for (Execution execution : new Execution[] {Execution.PARALLEL}) {
            for (HookMethod method : HookMethod.values()) {
                all.add(Arguments.of(execution, method));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("trailerHooks")
    void aHookThatThrowsOnTheTrailersReplicaThreadFailsTheCallAtOnceWithItsException(
            Execution execution, HookMethod method) throws InterruptedException {
        awaitIdleWorkers();
        ThrowingHook hook = new ThrowingHook(method, 1);
        Hardener h = Lockstep.builder().execution(execution).maxRetries(1).faultHook(hook).build();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> transfer(h, 0, 1, 5));

        assertEquals(1, hook.thrown.size(), "the hook threw once: " + hook.thrown);
        assertSame(hook.thrown.get(0), e, "the call fails with the hook's own exception");
        assertEquals(1, hook.threwOn.size(), hook.threwOn.toString());
        assertTrue(hook.threwOn.iterator().next().startsWith("lockstep-replica-cpu"), hook.threwOn.toString());
        Stats s = h.stats();
        assertEquals(1, s.parallel(), "the trailer ran on a replica thread: " + s);
        assertEquals(0, s.abandoned(), "no replica was left to the watchdog: " + s);
        assertEquals(0, s.mismatches(), "a hook's exception is not a disagreement: " + s);
        assertEquals(0, s.commits() + s.unrecoverable(), s.toString());
        assertEquals(OPENING_BALANCE, accounts.get(0), "nothing was committed");
        assertEquals(OPENING_BALANCE * ACCOUNTS, total());
        assertAParallelCallStillRunsInParallel();
    }

    /** A retry moves the leader to a replica thread; a hook that throws there fails the call at once too. */
    @Test
    void aHookThatThrowsInALeaderMovedToAReplicaThreadFailsTheCallAtOnce() throws InterruptedException {
        assumeTrue(TestRuntime.engine().replicaWorkers().size() >= 2,
                "a retry moves the leader off the caller only with a replica thread per replica");
        awaitIdleWorkers();
        FlipBit flip = FlipBit.firstWrite(1, attempt -> attempt == 0, 7);
        ThrowingHook hook = new ThrowingHook(HookMethod.START, 0) {
            @Override
            public void onReplicaStart(ReplicaContext c) {
                if (c.attempt() == 1) {
                    super.onReplicaStart(c);
                }
            }

            @Override
            public long onWrite(ReplicaContext c, long value) {
                return flip.onWrite(c, value);
            }
        };
        Hardener h = Lockstep.builder().execution(Execution.PARALLEL).faultHook(hook).build();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> transfer(h, 0, 1, 5));

        assertEquals(1, flip.flips.get(), "attempt 0 mismatched on a flipped bit");
        assertSame(hook.thrown.get(0), e);
        assertEquals(1, hook.threwOn.size(), hook.threwOn.toString());
        assertTrue(hook.threwOn.iterator().next().startsWith("lockstep-replica-cpu"),
                "the retried leader ran on a replica thread: " + hook.threwOn);
        Stats s = h.stats();
        assertEquals(1, s.mismatches(), s.toString());
        assertEquals(2, s.parallel(), s.toString());
        assertEquals(0, s.abandoned() + s.commits() + s.unrecoverable(), s.toString());
        assertEquals(OPENING_BALANCE * ACCOUNTS, total());
        assertAParallelCallStillRunsInParallel();
    }

    @ParameterizedTest
    @EnumSource(value = Execution.class, names = {"SEQUENTIAL", "PARALLEL"})
    void aHookThatThrowsInEveryReplicaFailsTheCallWithItsExceptionEvenIfTheBodyCatchesIt(Execution execution)
            throws InterruptedException {
        awaitIdleWorkers();
        ThrowingHook hook = new ThrowingHook(HookMethod.READ, -1);
        Hardener h = Lockstep.builder().execution(execution).faultHook(hook).build();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.call(() -> {
            try {
                return accounts.get(0);
            } catch (IllegalStateException swallowed) {
                accounts.set(0, -1);
                return -1L;
            }
        }));

        assertTrue(hook.thrown.contains(e), e + " vs " + hook.thrown);
        assertEquals("hook READ in replica 0", e.getMessage());
        Stats s = h.stats();
        assertEquals(0, s.mismatches() + s.abandoned() + s.commits() + s.unrecoverable(), s.toString());
        assertEquals(OPENING_BALANCE, accounts.get(0));
        assertAParallelCallStillRunsInParallel();
    }

    /** Recurses until the stack overflows. */
    private static long overflow(long n) {
        return overflow(n + 1) + 1;
    }

    static Stream<Arguments> overflowingReplicas() {
        List<Arguments> all = new ArrayList<>();
        for (Execution execution : Execution.values()) {
            for (int replica = 0; replica < 2; replica++) {
                all.add(Arguments.of(execution, replica));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, replica {1}")
    @MethodSource("overflowingReplicas")
    void aStackOverflowInOneReplicaFailsTheCallWithTheErrorNotAMismatch(Execution execution, int replica)
            throws InterruptedException {
        awaitIdleWorkers();
        // The hook only tells the body which replica it is; it throws nothing itself.
        ThrowingHook where = new ThrowingHook(null, -1);
        Hardener h = Lockstep.builder().execution(execution).faultHook(where).build();

        assertThrows(StackOverflowError.class, () -> h.call(() -> {
            long balance = accounts.get(0);
            accounts.set(0, balance - 1);
            return REPLICA.get() == replica ? overflow(0) : balance;
        }));

        Stats s = h.stats();
        assertEquals(0, s.mismatches(), "a stack overflow is not a disagreement: " + s);
        assertEquals(0, s.retries() + s.abandoned() + s.commits() + s.unrecoverable(), s.toString());
        if (execution == Execution.PARALLEL) {
            assertEquals(1, s.parallel(), s.toString());
        }
        assertEquals(OPENING_BALANCE, accounts.get(0), "nothing was committed");
        assertAParallelCallStillRunsInParallel();
    }

    @Test
    void anExceptionTheBodyThrowsInEveryReplicaIsRethrownWithoutARetry() throws InterruptedException {
        awaitIdleWorkers();
        Hardener h = Lockstep.builder().execution(Execution.PARALLEL).build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.call(() -> {
            accounts.set(0, accounts.get(0) - 1);
            throw new IllegalArgumentException("insufficient funds");
        }));

        assertEquals("insufficient funds", e.getMessage());
        Stats s = h.stats();
        assertEquals(1, s.parallel(), s.toString());
        assertEquals(0, s.mismatches() + s.abandoned() + s.commits(), s.toString());
        assertEquals(OPENING_BALANCE, accounts.get(0));
    }

    @Test
    void anExceptionTheBodyThrowsOnlyOnTheTrailersReplicaThreadIsAMismatchThatIsRetried() {
        ThrowingHook where = new ThrowingHook(null, -1);
        Hardener h = Lockstep.builder().execution(Execution.PARALLEL).maxRetries(2).faultHook(where).build();

        UnrecoverableFaultException e = assertThrows(UnrecoverableFaultException.class, () -> h.call(() -> {
            long balance = accounts.get(0);
            if (REPLICA.get() == 1) {
                throw new IllegalArgumentException("only in the trailer");
            }
            return balance;
        }));

        assertEquals("exception", e.location());
        Stats s = h.stats();
        assertEquals(3, s.mismatches(), s.toString());
        assertEquals(2, s.retries(), s.toString());
        assertEquals(0, s.abandoned(), s.toString());
    }
}

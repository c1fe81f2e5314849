package dev.lockstep.stm.agent;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.Stats;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.stm.call.FaultCounters;
import dev.lockstep.stm.call.FlipBit;
import dev.lockstep.stm.fixtures.Accounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 3: every kind of @Hardened method is intercepted and runs as replicas. */
class InterceptionTest {
    private static StateStore store;
    private static LongCells cells;
    private static Accounts accounts;
    private Hardener h;

    @BeforeAll
    static void install() {
        Lockstep.install();
        Lockstep.install();
        store = Lockstep.inMemoryStore();
        cells = store.longCells("intercepted", 32);
        accounts = new Accounts(cells);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @BeforeEach
    void freshHardener() {
        h = Lockstep.builder().name("intercept").build();
        Accounts.BODIES.set(0);
    }

    @Test
    void publicInstanceMethodRunsAsTwoReplicasAndCommits() {
        assertEquals(5, accounts.publicLong(0, 5));
        assertEquals(5, cells.get(0));
        assertEquals(2, Accounts.BODIES.get(), "leader and trailer");
        assertEquals(Stats.of(1, 0, 0, 0, 0, 0), FaultCounters.of(h));
    }

    @Test
    void aFaultInsideAnAnnotatedMethodIsCaughtAndRetried() {
        Hardener faulty = Lockstep.builder().name("intercept")
                .faultHook(FlipBit.firstWrite(1, attempt -> attempt == 0, 30)).build();
        assertEquals(3, accounts.publicLong(1, 3));
        assertEquals(3, cells.get(1));
        assertEquals(Stats.of(1, 1, 1, 0, 0, 0), FaultCounters.of(faulty));
        assertEquals(4, Accounts.BODIES.get());
    }

    @Test
    void everyVisibilityAndReturnTypeIsIntercepted() {
        assertEquals(7, accounts.protectedIntForTest(2));
        assertTrue(accounts.packageBooleanForTest(3));
        assertEquals(1.5, accounts.callPrivate(4));
        assertEquals('x', Accounts.staticChar(cells, 5));
        accounts.voidMethod(6);
        assertEquals(11, cells.get(6));
        assertNull(accounts.returnsNull(7));
        assertEquals(5, cells.get(7));
        assertEquals(12, Accounts.BODIES.get(), "six methods, two replicas each");
        assertEquals(6, h.stats().commits());
    }

    @Test
    void aCheckedExceptionPropagatesAndNothingCommits() {
        IOException e = assertThrows(IOException.class, () -> accounts.throwsChecked(8));
        assertEquals("checked 8", e.getMessage());
        assertEquals(0, cells.get(8));
        assertEquals(0, h.stats().commits());
    }

    @Test
    void aNestedHardenedMethodJoinsTheOuterCall() {
        assertEquals(10, accounts.outer(9));
        assertEquals(1, cells.get(9));
        assertEquals(4, Accounts.BODIES.get(), "outer twice, inner once per outer replica");
        assertEquals(1, h.stats().commits());
    }

    @Test
    void aHardenedMethodCalledFromALambdaCallJoinsIt() {
        long r = h.call(() -> accounts.publicLong(10, 4) + accounts.publicLong(10, 4));
        assertEquals(12, r);
        assertEquals(8, cells.get(10));
        assertEquals(1, h.stats().commits());
    }

    @Test
    void anUnnamedAnnotationUsesTheDefaultHardener() {
        Hardener fallback = Lockstep.builder().build();
        assertEquals(2, accounts.usesDefaultHardener(11));
        assertEquals(1, fallback.stats().commits());
    }

    @Test
    void anUnknownHardenerNameIsAClearErrorAtTheCall() {
        LockstepException e = assertThrows(LockstepException.class, () -> accounts.unknownHardener(12));
        assertEquals(ErrorCode.UNKNOWN_HARDENER, e.code());
        assertTrue(e.getMessage().contains("Accounts.unknownHardener"), e.getMessage());
        assertTrue(e.getMessage().contains("Lockstep.builder().name(\"nobody-built-me\")"), e.getMessage());
        assertEquals(0, cells.get(12));
    }

    @Test
    void concurrentInstallsAreSafe() throws Exception {
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(Lockstep::install);
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertEquals(5, accounts.publicLong(13, 5));
        assertEquals(2, Accounts.BODIES.get(), "still intercepted once, not twice");
    }
}

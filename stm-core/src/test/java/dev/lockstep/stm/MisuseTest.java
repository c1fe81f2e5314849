package dev.lockstep.stm;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 2, test 8 (first half) and the other ways to misuse the API: each fails loudly. */
class MisuseTest {
    private final StateStore store = Lockstep.inMemoryStore();
    private final LongCells cells = store.longCells("balances", 4);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void writeOutsideAHardenedCallNamesTheFixAndChangesNothing() {
        IllegalStateException set = assertThrows(IllegalStateException.class, () -> cells.set(0, 5));
        IllegalStateException add = assertThrows(IllegalStateException.class, () -> cells.add(0, 5));

        for (IllegalStateException e : new IllegalStateException[] {set, add}) {
            assertTrue(e.getMessage().startsWith("Lockstep [OUTSIDE_CALL]"), e.getMessage());
            assertTrue(e.getMessage().contains("'balances'"), e.getMessage());
            assertTrue(e.getMessage().contains("hardener.run(() -> ...)"), e.getMessage());
        }
        assertEquals(0, cells.get(0));
    }

    @Test
    void aNestedCallJoinsTheOuterCall() {
        Hardener outer = Lockstep.builder().name("outer").build();
        Hardener inner = Lockstep.builder().name("inner").build();
        AtomicInteger innerBodies = new AtomicInteger();

        long result = outer.call(() -> {
            cells.set(1, 10);
            long seen = inner.call(() -> {
                innerBodies.incrementAndGet();
                cells.add(1, 5);
                return cells.get(1);
            });
            return seen * 2;
        });

        assertEquals(30, result);
        assertEquals(15, cells.get(1));
        assertEquals(2, innerBodies.get(), "once per outer replica, not four times");
        assertEquals(1, outer.stats().commits());
        assertEquals(0, inner.stats().commits(), "the inner call is part of the outer one");
    }

    @Test
    void aReplicaSeesItsOwnWritesButNeverAnotherReplicas() {
        Hardener h = Lockstep.builder().build();
        AtomicInteger runs = new AtomicInteger();
        long[] firstReads = new long[2];
        h.run(() -> {
            int run = runs.getAndIncrement();
            firstReads[run] = cells.get(2);
            cells.set(2, 99);
            assertEquals(99, cells.get(2));
        });
        assertArrayEquals(new long[] {0, 0}, firstReads, "the trailer starts from the snapshot");
        assertEquals(99, cells.get(2));
    }

    @Test
    void aResultThatCannotBeComparedIsReportedWithTheFix() {
        Hardener h = Lockstep.builder().build();
        LockstepException e = assertThrows(LockstepException.class, () -> h.call(Object::new));
        assertEquals(ErrorCode.INCOMPARABLE_OUTPUT, e.code());
        assertTrue(e.getMessage().contains("record"), e.getMessage());
    }

    @Test
    void arraysAndRecordsCompareByValue() {
        record Pair(long a, long b) { }
        Hardener h = Lockstep.builder().build();
        assertEquals(new Pair(0, 0), h.call(() -> new Pair(cells.get(0), cells.get(1))));
        assertArrayEquals(new long[] {0, 0}, h.call(() -> new long[] {cells.get(0), cells.get(3)}));
        assertEquals(0, h.stats().mismatches());
    }

    @Test
    void builderRejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> Lockstep.builder().replicas(0));
        assertThrows(IllegalArgumentException.class, () -> Lockstep.builder().replicas(4));
        assertThrows(IllegalArgumentException.class, () -> Lockstep.builder().maxRetries(-1));
        assertThrows(IllegalArgumentException.class, () -> Lockstep.builder().name(" "));
        assertThrows(IllegalArgumentException.class, () -> Lockstep.builder().maxConflictRetries(0));
        assertThrows(NullPointerException.class, () -> Lockstep.builder().faultHook(null));
        assertThrows(NullPointerException.class, () -> Lockstep.builder().build().call(null));
    }
}

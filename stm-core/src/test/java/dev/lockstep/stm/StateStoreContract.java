package dev.lockstep.stm;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.Nondet;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every {@link StateStore} keeps (Caffeine style: one abstract test, one subclass
 * per implementation).
 */
abstract class StateStoreContract {
    protected StateStore store;
    protected final Hardener h = Lockstep.builder().build();

    /** Opens a fresh, empty store. */
    protected abstract StateStore open();

    @BeforeEach
    void openStore() {
        store = open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void newCellsAreZeroFilledAndNamed() {
        LongCells cells = store.longCells("zeros", 20);
        assertEquals("zeros", cells.name());
        assertEquals(20, cells.length());
        assertArrayEquals(new long[20], cells.snapshot());
    }

    @Test
    void theSameNameGivesTheSameCells() {
        assertSame(store.longCells("a", 5), store.longCells("a", 5));
    }

    @Test
    void badNamesAndLengthsAreRejectedWithTheReason() {
        store.longCells("taken", 5);
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> store.longCells("taken", 6));
        assertTrue(other.getMessage().contains("already exist with length 5"), other.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.longCells(" ", 5));
        assertThrows(IllegalArgumentException.class, () -> store.longCells(null, 5));
        assertThrows(IllegalArgumentException.class, () -> store.longCells("empty", 0));
    }

    @Test
    void indexesOutOfRangeAreRejected() {
        LongCells cells = store.longCells("small", 3);
        assertThrows(IndexOutOfBoundsException.class, () -> cells.get(3));
        assertThrows(IndexOutOfBoundsException.class, () -> cells.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> h.run(() -> cells.set(3, 1)));
        assertThrows(IndexOutOfBoundsException.class, () -> cells.snapshot(2, new long[2]));
    }

    @Test
    void committedWritesAreVisibleToPlainReadsAcrossStripes() {
        LongCells cells = store.longCells("striped", 19);
        h.run(() -> {
            for (int i = 0; i < cells.length(); i++) {
                cells.set(i, i * 10L);
            }
        });
        long[] middle = new long[10];
        cells.snapshot(5, middle);
        assertEquals(50, middle[0]);
        assertEquals(140, middle[9]);
        assertEquals(180, cells.get(18));
    }

    @Test
    void aCallThatThrowsLeavesNoTrace() {
        LongCells cells = store.longCells("rollback", 4);
        assertThrows(IllegalStateException.class, () -> h.run(() -> {
            cells.set(0, 1);
            cells.set(3, 1);
            throw new IllegalStateException("abort");
        }));
        assertArrayEquals(new long[4], cells.snapshot());
    }

    @Test
    void aThreadsFirstCallWithManyInputsAndWritesCommits() throws Exception {
        LongCells cells = store.longCells("large", 10_000);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread fresh = new Thread(() -> {
            try {
                long sum = h.call(() -> {
                    long s = 0;
                    for (int i = 0; i < cells.length(); i++) {
                        s += cells.get(i) + Nondet.record(() -> 1L);
                        cells.set(i, i);
                    }
                    return s;
                });
                assertEquals(10_000, sum);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        fresh.start();
        fresh.join(60_000);
        assertNull(failure.get());
        assertEquals(9_999, cells.get(9_999));
        assertEquals(0, h.stats().mismatches(), h.stats().toString());
    }

    @Test
    void aClosedStoreSaysSo() {
        LongCells cells = store.longCells("closing", 2);
        store.close();
        store.close();
        LockstepException e = assertThrows(LockstepException.class, () -> cells.get(0));
        assertEquals(ErrorCode.BAD_STORE_USE, e.code());
        assertThrows(LockstepException.class, () -> store.longCells("other", 2));
        assertThrows(LockstepException.class, () -> h.run(() -> cells.set(0, 1)));
    }
}

package dev.lockstep.stm.call;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.Nondet;
import dev.lockstep.api.UnrecoverableFaultException;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 2, test 5: values drawn through Nondet are replayed; direct ones end unrecoverable. */
class NondetTest {
    private final StateStore store = Lockstep.inMemoryStore();
    private final LongCells cells = store.longCells("cells", 16);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theLeadersNondetDrawsCommitOnTheFirstAttempt() {
        Hardener h = Lockstep.builder().build();
        AtomicInteger sourceCalls = new AtomicInteger();

        long[] drawn = h.call(() -> {
            long[] values = {
                Nondet.nanoTime(),
                Nondet.currentTimeMillis(),
                Nondet.randomLong(),
                Nondet.recordLong(() -> ThreadLocalRandom.current().nextLong())};
            for (int i = 0; i < values.length; i++) {
                cells.set(i, values[i]);
            }
            String id = Nondet.record(() -> {
                sourceCalls.incrementAndGet();
                return UUID.randomUUID().toString();
            });
            cells.set(4, id.length());
            return values;
        });

        assertEquals(1, sourceCalls.get(), "only the leader draws");
        assertArrayEquals(drawn, java.util.Arrays.copyOf(cells.snapshot(), 4), "what was drawn is what committed");
        assertEquals(36, cells.get(4), "the recorded UUID's length");
        assertTrue(drawn[1] > 1_600_000_000_000L, "a wall-clock reading in ms: " + drawn[1]);
        assertEquals(1, h.stats().commits());
        assertEquals(0, h.stats().mismatches());
        assertEquals(0, h.stats().retries());
    }

    @Test
    void directNanoTimeEndsUnrecoverableAndPointsAtNondet() {
        Hardener h = Lockstep.builder().maxRetries(3).build();

        UnrecoverableFaultException e = assertThrows(UnrecoverableFaultException.class,
                () -> h.run(() -> cells.set(4, System.nanoTime())));

        assertEquals("cells[4]", e.location());
        assertTrue(e.sameLocationEveryAttempt());
        assertTrue(e.getMessage().contains("Nondet.nanoTime()"), e.getMessage());
        assertEquals(0, cells.get(4), "nothing committed");
        assertEquals(4, h.stats().mismatches());
    }

    @Test
    void directRandomReturnValueEndsUnrecoverableAndPointsAtNondet() {
        Hardener h = Lockstep.builder().build();
        UnrecoverableFaultException e = assertThrows(UnrecoverableFaultException.class,
                () -> h.call(() -> ThreadLocalRandom.current().nextLong()));
        assertEquals("return value", e.location());
        assertTrue(e.getMessage().contains("Nondet"), e.getMessage());
    }

    @Test
    void outsideACallNondetSimplyDraws() {
        long a = Nondet.nanoTime();
        long b = Nondet.nanoTime();
        assertTrue(b >= a);
        assertEquals("x", Nondet.record(() -> "x"));
    }

    @Test
    void aNondetDrawThatOnlyTheTrailerMakesIsADivergence() {
        Hardener h = Lockstep.builder().maxRetries(0).build();
        AtomicInteger runs = new AtomicInteger();
        UnrecoverableFaultException e = assertThrows(UnrecoverableFaultException.class, () ->
                h.call(() -> {
                    long seen = cells.get(5);
                    if (runs.getAndIncrement() == 1) {
                        seen += Nondet.randomLong();
                    }
                    return seen;
                }));
        assertEquals("input #0", e.location(), "reads of state are not inputs: the draw is the first");
        assertFalse(e.sameLocationEveryAttempt(), "a single attempt proves nothing about repetition");
    }
}

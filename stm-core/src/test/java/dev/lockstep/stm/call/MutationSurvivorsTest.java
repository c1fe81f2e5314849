package dev.lockstep.stm.call;

import dev.lockstep.api.Execution;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.Nondet;
import dev.lockstep.api.UnrecoverableFaultException;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.api.state.TxMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Differences between replicas that the rest of the suite never produced, found by mutation
 * testing (the {@code mutation} profile): each test makes the trailer differ from the leader in
 * one way, and checks that the call commits nothing and that its diagnosis names the place and
 * both values. Every call here runs with no retry, so the first attempt's difference is the one
 * reported.
 */
class MutationSurvivorsTest {
    private final StateStore store = Lockstep.inMemoryStore();
    private final LongCells cells = store.longCells("cells", 16);
    private final TxMap<String, Long> map = store.map("m", String.class, Long.class, 64);
    private final Hardener h = Lockstep.builder().maxRetries(0).build();
    /** Counts the body's runs: run 0 is the leader, run 1 the trailer. */
    private final AtomicInteger runs = new AtomicInteger();

    @AfterEach
    void close() {
        store.close();
    }

    private boolean trailer() {
        return runs.getAndIncrement() % 2 == 1;
    }

    @Test
    void aCellOnlyTheTrailerWritesIsAMismatchThatNamesIt() {
        UnrecoverableFaultException e = assertThrows(UnrecoverableFaultException.class, () -> h.run(() -> {
            cells.set(1, 10);
            if (trailer()) {
                cells.set(9, 99);
            }
        }));

        assertEquals("cells[9]", e.location());
        assertEquals(List.of("leader did not write it", "trailer wrote 99"), e.values());
        assertArrayEquals(new long[16], cells.snapshot(), "nothing committed");
    }

    @Test
    void aMapKeyOnlyTheTrailerWritesIsOutvotedByTheOtherTwo() {
        // With two replicas the trailer's extra put stops it at its first read of the key; with
        // three in sequence it goes on, so the extra write itself is what the vote compares (on
        // replica threads a later replica stops at a diverging input too).
        Hardener tmr = Lockstep.builder().replicas(3).execution(Execution.SEQUENTIAL).maxRetries(0).build();

        tmr.run(() -> {
            map.put("a", 1L);
            if (runs.getAndIncrement() == 1) {
                map.put("b", 2L);
            }
        });

        assertEquals(1L, map.get("a"));
        assertNull(map.get("b"), "the trailer's extra key is not committed");
        assertEquals(1, tmr.stats().outvoted(), tmr.stats().toString());
    }

    @Test
    void threeReplicasWithDifferentExtraKeysAreAMismatchNamingTheTrailersKey() {
        Hardener tmr = Lockstep.builder().replicas(3).execution(Execution.SEQUENTIAL).maxRetries(0).build();

        UnrecoverableFaultException e = assertThrows(UnrecoverableFaultException.class, () -> tmr.run(() -> {
            map.put("a", 1L);
            int run = runs.getAndIncrement();
            if (run > 0) {
                map.put(run == 1 ? "b" : "c", 2L);
            }
        }));

        assertEquals("map 'm'[b]", e.location());
        assertEquals(List.of("leader did not write it", "trailer wrote 2"), e.values());
        assertEquals(0, map.size(), "nothing committed");
    }

    @Test
    void resultsOfDifferentClassesAreAMismatch() {
        UnrecoverableFaultException e = assertThrows(UnrecoverableFaultException.class, () -> h.call(() ->
                trailer() ? (Object) Integer.valueOf(1) : (Object) Long.valueOf(1)));

        assertEquals("return value", e.location());
        assertEquals(List.of("leader returned 1", "trailer returned 1"), e.values());
    }

    @Test
    void aKeyTheLeaderWritesAndTheTrailerRemovesIsAMismatch() {
        h.run(() -> map.put("k", 5L));
        runs.set(0);

        UnrecoverableFaultException e = assertThrows(UnrecoverableFaultException.class, () -> h.run(() -> {
            if (trailer()) {
                map.remove("k");
            } else {
                map.put("k", 6L);
            }
        }));

        assertEquals("map 'm'[k]", e.location());
        assertEquals(List.of("leader wrote 6", "trailer removed it"), e.values());
        assertEquals(5L, map.get("k"), "nothing committed");
    }

    @Test
    void theSameMapWritesInBothReplicasCommit() {
        h.run(() -> {
            map.put("x", 1L);
            map.put("y", 2L);
            map.remove("x");
        });

        assertNull(map.get("x"));
        assertEquals(2L, map.get("y"));
        assertEquals(0, h.stats().mismatches());
    }

    @Test
    void aTrailerThatAsksForFewerInputsIsAMismatch() {
        UnrecoverableFaultException e = assertThrows(UnrecoverableFaultException.class, () -> h.call(() -> {
            long a = cells.get(0) + (Nondet.randomLong() & 0);
            return trailer() ? a : a + (Nondet.randomLong() & 0);
        }));

        assertEquals("input #1", e.location());
        assertEquals("trailer asked for no further input", e.values().get(1));
    }

    @Test
    void differentArraysReturnedAreDescribedElementByElement() {
        UnrecoverableFaultException e = assertThrows(UnrecoverableFaultException.class, () -> h.call(() ->
                trailer() ? new long[] {1, 3} : new long[] {1, 2}));

        assertEquals("return value", e.location());
        assertEquals(List.of("leader returned [[1, 2]]", "trailer returned [[1, 3]]"), e.values());
    }

    @Test
    void differentExceptionMessagesAreAMismatchThatShowsBoth() {
        UnrecoverableFaultException e = assertThrows(UnrecoverableFaultException.class, () -> h.run(() -> {
            throw new IllegalStateException(trailer() ? "b" : "a");
        }));

        assertEquals("exception", e.location());
        assertEquals(List.of("leader threw java.lang.IllegalStateException: a",
                "trailer threw java.lang.IllegalStateException: b"), e.values());
    }
}

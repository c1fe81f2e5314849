package dev.lockstep.stm.state;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.Nondet;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.api.state.StoreCapacityException;
import dev.lockstep.api.state.TxMap;

import java.util.List;
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
public abstract class StateStoreContract {
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
    void mapsOfEverySupportedTypeWorkInsideAndOutsideCalls() {
        TxMap<String, byte[]> blobs = store.map("blobs", String.class, byte[].class, 100);
        TxMap<Long, Long> counts = store.map("counts", Long.class, Long.class, 100);
        TxMap<Integer, String> names = store.map("names", Integer.class, String.class, 100);
        TxMap<byte[], Integer> byBytes = store.map("by-bytes", byte[].class, Integer.class, 100);

        byte[] previous = h.call(() -> {
            byte[] old = blobs.put("a", new byte[] {1, 2});
            counts.put(7L, 70L);
            names.put(1, "one");
            names.put(2, "two");
            byBytes.put(new byte[] {9}, 99);
            assertArrayEquals(new byte[] {1, 2}, blobs.get("a"), "a replica reads its own write");
            assertEquals(2, names.size());
            return old;
        });

        assertNull(previous);
        assertArrayEquals(new byte[] {1, 2}, blobs.get("a"));
        assertEquals(70L, counts.get(7L));
        assertEquals("two", names.get(2));
        assertEquals(99, byBytes.get(new byte[] {9}), "byte[] keys compare by content");
        assertTrue(names.containsKey(1) && !names.containsKey(3));
        assertEquals(java.util.Set.of(1, 2), new java.util.HashSet<>(names.keys()));

        String removed = h.call(() -> names.remove(1));
        assertEquals("one", removed);
        assertEquals(1, names.size());
        assertNull(names.get(1));
        assertEquals(List.of(2), h.call(names::keys));
    }

    @Test
    void mapValuesAreCopiedInAndOut() {
        TxMap<String, byte[]> blobs = store.map("copies", String.class, byte[].class, 10);
        byte[] value = {1, 2, 3};
        h.run(() -> blobs.put("k", value));
        value[0] = 42;
        blobs.get("k")[1] = 42;
        assertArrayEquals(new byte[] {1, 2, 3}, blobs.get("k"));
    }

    @Test
    void mapMisuseIsRejectedWithTheReason() {
        TxMap<String, Long> m = store.map("misuse", String.class, Long.class, 10);
        IllegalStateException outside = assertThrows(IllegalStateException.class, () -> m.put("k", 1L));
        assertTrue(outside.getMessage().contains("TxMap.put on map 'misuse' outside a hardened call"), outside.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> store.map("doubles", String.class, Double.class, 10));
        assertTrue(type.getMessage().contains("java.lang.Double is not supported: use String, Long, Integer or byte[]"),
                type.getMessage());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> store.map("misuse", Long.class, Long.class, 10));
        assertTrue(other.getMessage().contains("already exists with types String -> Long"), other.getMessage());
        assertThrows(NullPointerException.class, () -> h.run(() -> m.put("k", null)));
        assertThrows(IllegalArgumentException.class, () -> store.map("zero", String.class, Long.class, 0));
    }

    @Test
    void namesThatCouldEscapeTheDirectoryAreRejected() {
        for (String bad : new String[] {"../evil", "a/b", "a\\b", ".", "..", "", "x".repeat(65), "sp ace"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.longCells(bad, 1), bad);
            assertTrue(e.getMessage().contains("letters, digits, '-' or '_'"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> store.map(bad, String.class, Long.class, 1), bad);
        }
    }

    @Test
    void replicasThatWriteDifferentMapValuesAreAMismatch() {
        TxMap<String, Long> m = store.map("diverging", String.class, Long.class, 10);
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        h.run(() -> m.put("k", runs.getAndIncrement() == 0 ? 1L : 2L));
        assertEquals(1, h.stats().mismatches(), "the leader's first value was not the trailer's");
        assertEquals(2L, m.get("k"), "the retry's pair agreed on 2");
    }

    @Test
    void concurrentMapIncrementsAreNeverLost() throws Exception {
        TxMap<String, Long> m = store.map("counter", String.class, Long.class, 10);
        h.run(() -> m.put("n", 0L));
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 2_000; i++) {
                    h.run(() -> m.put("n", m.get("n") + 1));
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join(120_000);
        }
        assertEquals(4_000L, m.get("n"));
    }

    @Test
    void aClosedStoreSaysSo() {
        LongCells cells = store.longCells("closing", 2);
        store.close();
        store.close();
        LockstepException e = assertThrows(LockstepException.class, () -> cells.get(0));
        assertEquals(ErrorCode.STORE_CLOSED, e.code());
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
        assertEquals(ErrorCode.STORE_CLOSED, assertThrows(LockstepException.class, () -> store.longCells("other", 2)).code());
        assertEquals(ErrorCode.STORE_CLOSED, assertThrows(LockstepException.class, () -> h.run(() -> cells.set(0, 1))).code());
    }

    @Test
    void cellsPastWhatTheStoreCanAddressAreACapacityErrorNamingTheLimit() {
        // 268,435,447 cells: their bytes plus a 64-byte header (persistent) or alignment slack
        // (in memory) fill one 2 GiB buffer. One more does not fit either store.
        long max = (Integer.MAX_VALUE - 64) / Long.BYTES;
        for (int length : new int[] {(int) max + 1, Integer.MAX_VALUE}) {
            StoreCapacityException e = assertThrows(StoreCapacityException.class, () -> store.longCells("huge", length));
            assertEquals(ErrorCode.STORE_CAPACITY, e.code());
            assertEquals("cells 'huge'", e.target());
            assertEquals("length", e.limit());
            assertEquals(max, e.allowed());
            assertEquals(length, e.requested());
            assertTrue(e.getMessage().contains("268435447"), e.getMessage());
        }
        assertEquals(1, store.longCells("huge", 1).length(), "nothing was created under the name");
    }
}

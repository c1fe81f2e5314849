package dev.lockstep.stm.state;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.MapOptions;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.api.state.StoreCapacityException;
import dev.lockstep.api.state.TxMap;
import dev.lockstep.stm.call.Seeds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11, maps: a map holds exactly its {@code maxEntries} entries of any size up to its
 * maxima, and a call that does not fit commits nothing (cells and other maps included) and
 * fails with one {@link StoreCapacityException}. One subclass per store kind; the persistent one
 * also reopens after each check.
 */
public abstract class MapCapacityContract {
    protected StateStore store;
    protected final Hardener h = Lockstep.builder().build();

    /** Opens a fresh, empty store. */
    protected abstract StateStore open();

    /** Closes the store and opens it again; an in-memory store is returned as it is. */
    protected abstract StateStore reopen(StateStore current);

    @BeforeEach
    void openStore() {
        store = open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aCallPastMaxEntriesCommitsNeitherItsCellsNorItsPuts() {
        TxMap<String, String> map = store.map("full", String.class, String.class, 20);
        LongCells cells = store.longCells("counts", 4);
        for (int i = 0; i < 19; i++) {
            int key = i;
            h.run(() -> map.put("k" + key, "v" + key));
        }
        StoreCapacityException e = assertThrows(StoreCapacityException.class, () -> h.run(() -> {
            cells.set(0, 42);
            map.put("k0", "replaced");
            map.put("new-1", "a");
            map.put("new-2", "b");
        }));
        assertEquals(ErrorCode.STORE_CAPACITY, e.code());
        assertEquals("map 'full'", e.target());
        assertEquals("maxEntries", e.limit());
        assertEquals(20, e.allowed());
        assertEquals(21, e.requested());
        assertTrue(e.getMessage().contains("MapOptions.entries"), e.getMessage());
        assertUnchangedAfterTheRefusal(map, cells);

        store = reopen(store);
        TxMap<String, String> again = store.map("full", String.class, String.class, 20);
        LongCells cellsAgain = store.longCells("counts", 4);
        assertUnchangedAfterTheRefusal(again, cellsAgain);
        h.run(() -> {
            cellsAgain.set(0, 1);
            again.put("new-1", "a");
        });
        assertEquals(20, again.size());
        assertEquals(1, cellsAgain.get(0));
        // A call that removes one entry and adds another fits a full map.
        h.run(() -> {
            again.remove("k1");
            again.put("new-2", "b");
        });
        assertEquals(20, again.size());
        assertThrows(StoreCapacityException.class, () -> h.run(() -> again.put("new-3", "c")));
    }

    private static void assertUnchangedAfterTheRefusal(TxMap<String, String> map, LongCells cells) {
        assertEquals(0, cells.get(0));
        assertEquals(19, map.size());
        assertEquals("v0", map.get("k0"));
        assertNull(map.get("new-1"));
        assertNull(map.get("new-2"));
    }

    @Test
    void aMapHoldsExactlyMaxEntriesOfGrowingValues() {
        int entries = 120;
        TxMap<Integer, byte[]> map = store.map("growing", Integer.class, byte[].class, entries);
        // Sizes from 0 to the default maxValueBytes (64 KiB), put 10 per call.
        for (int from = 0; from < entries; from += 10) {
            int first = from;
            h.run(() -> {
                for (int i = first; i < first + 10; i++) {
                    map.put(i, filled(i, (int) ((long) i * MapOptions.DEFAULT_MAX_VALUE_BYTES / (entries - 1))));
                }
            });
        }
        // Every value grows to the maximum in place.
        for (int i = 0; i < entries; i += 7) {
            int key = i;
            h.run(() -> map.put(key, filled(key, MapOptions.DEFAULT_MAX_VALUE_BYTES)));
        }
        StoreCapacityException e = assertThrows(StoreCapacityException.class, () -> h.run(() -> map.put(entries, new byte[1])));
        assertEquals("maxEntries", e.limit());

        store = reopen(store);
        TxMap<Integer, byte[]> again = store.map("growing", Integer.class, byte[].class, entries);
        assertEquals(entries, again.size());
        for (int i = 0; i < entries; i++) {
            int size = i % 7 == 0 ? MapOptions.DEFAULT_MAX_VALUE_BYTES : (int) ((long) i * MapOptions.DEFAULT_MAX_VALUE_BYTES / (entries - 1));
            assertArrayEquals(filled(i, size), again.get(i), "entry " + i);
        }
        assertThrows(StoreCapacityException.class, () -> h.run(() -> again.put(entries, new byte[1])));
        h.run(() -> again.remove(0));
        h.run(() -> again.put(entries, filled(1, MapOptions.DEFAULT_MAX_VALUE_BYTES)));
        assertEquals(entries, again.size());
    }

    @Test
    void randomSizedKeysAndValuesFillAMapExactly() {
        SplittableRandom random = Seeds.random("randomSizedKeysAndValuesFillAMapExactly");
        int entries = 300;
        MapOptions options = MapOptions.entries(entries).maxKeyBytes(512).maxValueBytes(8_192);
        TxMap<String, byte[]> map = store.map("random", String.class, byte[].class, options);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            keys.add(i + "-" + "k".repeat(random.nextInt(500)));
        }
        for (int i = 0; i < entries; i++) {
            String key = keys.get(i);
            byte[] value = filled(i, random.nextInt(8_193));
            h.run(() -> map.put(key, value));
        }
        assertEquals(entries, map.size());
        assertThrows(StoreCapacityException.class, () -> h.run(() -> map.put("one-more", new byte[0])));
        store = reopen(store);
        assertEquals(entries, store.map("random", String.class, byte[].class, options).size());
    }

    @Test
    void a70000CharStringFitsOnlyWhenMaxValueBytesAllowsIt() {
        String text = "x".repeat(69_990) + "\u00e9\u4e2d\ud83d\ude00"; // 70,000 chars with 2-, 3- and 4-byte ones
        TxMap<String, String> small = store.map("default-size", String.class, String.class, 4);
        StoreCapacityException e = assertThrows(StoreCapacityException.class, () -> h.run(() -> small.put("text", text)));
        assertEquals("maxValueBytes", e.limit());
        assertEquals(MapOptions.DEFAULT_MAX_VALUE_BYTES, e.allowed());
        assertEquals(69_990 + 2 + 3 + 6, e.requested());
        assertTrue(e.getMessage().contains("MapOptions.maxValueBytes"), e.getMessage());
        assertEquals(0, small.size());

        TxMap<String, String> large = store.map("large", String.class, String.class,
                MapOptions.entries(4).maxValueBytes(80_000));
        h.run(() -> {
            large.put("text", text);
            large.put("key-" + text.substring(0, 100), "short");
        });
        assertEquals(text, large.get("text"));
        store = reopen(store);
        TxMap<String, String> again = store.map("large", String.class, String.class, MapOptions.entries(4).maxValueBytes(80_000));
        assertEquals(text, again.get("text"));
        assertEquals("short", again.get("key-" + text.substring(0, 100)));
    }

    @Test
    void oneMebibyteValuesFillAMapSizedForThem() {
        int mib = 1 << 20;
        TxMap<String, byte[]> map = store.map("blobs", String.class, byte[].class, MapOptions.entries(4).maxValueBytes(mib));
        for (int i = 0; i < 4; i++) {
            int key = i;
            h.run(() -> map.put("blob-" + key, filled(key, mib)));
        }
        assertEquals("maxEntries", assertThrows(StoreCapacityException.class,
                () -> h.run(() -> map.put("blob-4", filled(4, mib)))).limit());
        StoreCapacityException tooLarge = assertThrows(StoreCapacityException.class,
                () -> h.run(() -> map.put("blob-0", new byte[mib + 1])));
        assertEquals("maxValueBytes", tooLarge.limit());
        assertEquals(mib + 1, tooLarge.requested());
        store = reopen(store);
        TxMap<String, byte[]> again = store.map("blobs", String.class, byte[].class, MapOptions.entries(4).maxValueBytes(mib));
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(filled(i, mib), again.get("blob-" + i));
        }
    }

    @Test
    void aKeyOverMaxKeyBytesFailsAtPutAndLeavesTheWriteSetAsItWas() {
        TxMap<String, Long> map = store.map("keys", String.class, Long.class, MapOptions.entries(8).maxKeyBytes(16));
        AtomicReference<String> caught = new AtomicReference<>();
        h.run(() -> {
            map.put("short", 1L);
            try {
                map.put("a-key-longer-than-16-bytes", 2L);
            } catch (StoreCapacityException e) {
                caught.set(e.limit() + " " + e.allowed() + " " + e.requested());
            }
        });
        assertEquals("maxKeyBytes 16 26", caught.get());
        assertEquals(List.of("short"), map.keys());
    }

    @Test
    void askingAgainWithLargerLimitsIsRefusedAndWithSmallerOnesKeepsTheStoredLimits() {
        MapOptions stored = MapOptions.entries(10).maxValueBytes(1_000);
        TxMap<String, String> map = store.map("sized", String.class, String.class, stored);
        for (MapOptions larger : List.of(MapOptions.entries(11).maxValueBytes(1_000), stored.maxValueBytes(1_001),
                stored.maxKeyBytes(MapOptions.DEFAULT_MAX_KEY_BYTES + 1))) {
            LockstepException e = assertThrows(LockstepException.class, () -> store.map("sized", String.class, String.class, larger));
            assertEquals(ErrorCode.STORE_CAPACITY, e.code());
            assertTrue(e.getMessage().contains(stored.toString()) && e.getMessage().contains(larger.toString()), e.getMessage());
        }
        TxMap<String, String> smaller = store.map("sized", String.class, String.class, MapOptions.entries(2).maxValueBytes(10));
        for (int i = 0; i < 10; i++) {
            int key = i;
            h.run(() -> smaller.put("k" + key, "a value of more than 10 bytes"));
        }
        assertEquals(10, map.size());
        assertThrows(StoreCapacityException.class, () -> h.run(() -> smaller.put("k10", "v")));
    }

    @Test
    void twoThreadsFillingOneMapStopAtExactlyMaxEntries() throws InterruptedException {
        SplittableRandom seeds = Seeds.random("twoThreadsFillingOneMapStopAtExactlyMaxEntries");
        int entries = 500;
        TxMap<Long, byte[]> map = store.map("shared", Long.class, byte[].class, entries);
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            SplittableRandom random = seeds.split();
            long base = t * 1_000_000L;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < entries; i++) {
                        long key = base + i;
                        byte[] value = new byte[random.nextInt(2_000)];
                        try {
                            h.run(() -> map.put(key, value));
                            committed.incrementAndGet();
                        } catch (StoreCapacityException e) {
                            refused.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(120_000);
            assertFalse(thread.isAlive(), "a filling thread did not finish");
        }
        assertNull(failure.get());
        assertEquals(entries, committed.get());
        assertEquals(entries, refused.get());
        assertEquals(entries, map.size());
        assertEquals(entries, new HashSet<>(map.keys()).size());
    }

    @Test
    void fortyThousandPutsInOneCallAllCommit() {
        int puts = 40_000;
        TxMap<String, Long> map = store.map("many", String.class, Long.class, puts);
        h.run(() -> {
            for (int i = 0; i < puts; i++) {
                map.put("key-" + i, (long) i);
            }
            assertEquals(puts, map.size());
        });
        assertEquals(puts, map.size());
        for (int i = 0; i < puts; i += 997) {
            assertEquals(i, map.get("key-" + i));
        }
    }

    @Test
    void cellsAskedForWithAnotherLengthAreRefusedNamingBoth() {
        store.longCells("fixed", 8);
        store = reopen(store);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.longCells("fixed", 9));
        assertTrue(e.getMessage().contains("length 8, not 9"), e.getMessage());
    }

    static byte[] filled(int seed, int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (seed * 31 + i);
        }
        return bytes;
    }
}

package dev.lockstep.stm.state;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.state.Durability;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.api.state.TxMap;
import dev.lockstep.stm.call.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11: a hardened call that only reads ({@code keys()}, then {@code get} of each) on a
 * persistent store in SYNC mode, while a writer commits to the same map without pause. The
 * writer holds its stripes locked through the journal's force; the reader used to lose to that
 * lock on almost every attempt (thousands of conflicts per call, seconds of back-off). Now it
 * reads past a lock whose commit has applied nothing, and loses only when a commit applies
 * during its attempt.
 */
class SyncReadOnlyProgressTest {
    private static final int KEYS = 200;
    private static final int READS = 50;
    /**
     * Low, so that the old engine fails in seconds rather than minutes of back-off. The bound on
     * the average below leaves room for a loaded machine: a reader descheduled for a few journal
     * forces loses a few times.
     */
    private static final int MAX_CONFLICT_RETRIES = 50;
    private static final int MAX_AVERAGE_CONFLICTS = 4;

    @TempDir
    Path dir;

    @Test
    void readOnlyCallsOnASyncStoreRarelyLoseToAWriter() throws Exception {
        SplittableRandom random = Seeds.random("sync-read-only");
        Hardener writer = Lockstep.builder().name("sync-writer").build();
        Hardener reader = Lockstep.builder().name("sync-reader").maxConflictRetries(MAX_CONFLICT_RETRIES).build();
        try (StateStore store = Lockstep.persistentStore(dir.resolve("sync"), Durability.SYNC)) {
            TxMap<Long, Long> map = store.map("m", Long.class, Long.class, 4 * KEYS);
            writer.run(() -> {
                for (long k = 0; k < KEYS; k++) {
                    map.put(k, 0L);
                }
            });
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long writerStart = writer.stats().commits();
            // Each commit moves one unit between two keys: the total stays 0.
            Thread w = new Thread(() -> {
                try {
                    for (int n = 0; n < 10_000_000 && !done.get(); n++) {
                        long from = random.nextLong(KEYS);
                        long to = random.nextLong(KEYS);
                        writer.run(() -> {
                            map.put(from, map.get(from) - 1);
                            map.put(to, map.get(to) + 1);
                        });
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "sync-writer");
            w.start();
            try {
                // Bounded wait for the writer to be under way, so that the reads meet it.
                for (int i = 0; i < 10_000 && writer.stats().commits() - writerStart < 5; i++) {
                    Thread.sleep(1);
                }
                for (int i = 0; i < READS; i++) {
                    long total = reader.call(() -> {
                        List<Long> keys = map.keys();
                        long sum = 0;
                        for (Long k : keys) {
                            sum += map.get(k);
                        }
                        return keys.size() == KEYS ? sum : Long.MIN_VALUE;
                    });
                    assertEquals(0, total, "read " + i + " saw a torn or partial map");
                }
            } finally {
                done.set(true);
                w.join(TimeUnit.MINUTES.toMillis(1));
            }
            assertNull(failure.get(), "the writer failed");
            long writes = writer.stats().commits() - writerStart;
            long conflicts = reader.stats().conflicts();
            System.out.println("sync-read-only: " + READS + " reads, " + conflicts + " conflicts, "
                    + writes + " writer commits during them; reader " + reader.stats());
            assertEquals(READS, reader.stats().commits());
            assertTrue(writes >= READS / 10, "the writer barely ran (" + writes + " commits): the reads met no lock");
            assertTrue(conflicts <= (long) MAX_AVERAGE_CONFLICTS * READS,
                    conflicts + " conflicts in " + READS + " read-only calls");
        }
    }
}

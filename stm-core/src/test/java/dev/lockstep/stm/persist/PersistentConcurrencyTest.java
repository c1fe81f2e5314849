package dev.lockstep.stm.persist;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.state.Durability;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.api.state.TxMap;
import dev.lockstep.stm.call.Seeds;
import dev.lockstep.stm.TestRuntime;
import dev.lockstep.stm.state.StateRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A persistent store under two writer threads and a snapshot reader, with a checkpoint every
 * 16 KiB of journal, so checkpoints (which take the store's write lock and empty the journal)
 * run while commits are in flight. Nothing may be lost or torn, in memory or after reopening.
 */
class PersistentConcurrencyTest {
    private static final int ACCOUNTS = 32;
    private static final int TRANSFERS_PER_WRITER = 5_000;

    @TempDir
    Path dir;

    @Test
    void commitsAndCheckpointsInterleaveWithoutLosingOrTearingAnything() throws Exception {
        SplittableRandom seeds = Seeds.random("persistent-concurrency");
        Hardener h = Lockstep.builder().name("persistent-stress").build();   // loads the runtime
        StateRuntime runtime = TestRuntime.engine();
        Path storeDir = dir.resolve("bank");
        long total = ACCOUNTS * 1_000L;
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicLong snapshots = new AtomicLong();

        try (StateStore store = PersistentStore.open(runtime, storeDir, Durability.ASYNC, 16 * 1024)) {
            LongCells accounts = store.longCells("accounts", ACCOUNTS);
            TxMap<Long, Long> log = store.map("log", Long.class, Long.class, 2 * TRANSFERS_PER_WRITER + 10);
            h.run(() -> {
                for (int i = 0; i < ACCOUNTS; i++) {
                    accounts.set(i, 1_000);
                }
            });
            AtomicBoolean done = new AtomicBoolean();
            Thread[] writers = new Thread[2];
            for (int w = 0; w < writers.length; w++) {
                SplittableRandom random = seeds.split();
                long base = (long) w * TRANSFERS_PER_WRITER;
                writers[w] = new Thread(() -> {
                    for (int n = 0; n < TRANSFERS_PER_WRITER && failure.get() == null; n++) {
                        int from = random.nextInt(ACCOUNTS);
                        int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                        long amount = 1 + random.nextInt(20);
                        long id = base + n;
                        h.run(() -> {
                            accounts.add(from, -amount);
                            accounts.add(to, amount);
                            log.put(id, amount);
                        });
                    }
                });
                writers[w].start();
            }
            Thread reader = new Thread(() -> {
                while (!done.get() && failure.get() == null) {
                    long sum = 0;
                    for (long v : accounts.snapshot()) {
                        sum += v;
                    }
                    if (sum != total) {
                        failure.compareAndSet(null, "a plain snapshot saw total " + sum);
                    }
                    snapshots.incrementAndGet();
                }
            });
            reader.start();
            for (Thread t : writers) {
                t.join(300_000);
            }
            done.set(true);
            reader.join(60_000);
            assertNull(failure.get());
            assertEquals(2 * TRANSFERS_PER_WRITER, log.size());
            assertTrue(Files.size(storeDir.resolve("journal.log")) < 64 * 1024,
                    "checkpoints kept emptying the journal under load");
        }

        try (StateStore reopened = Lockstep.persistentStore(storeDir)) {
            long sum = 0;
            for (long v : reopened.longCells("accounts", ACCOUNTS).snapshot()) {
                sum += v;
            }
            assertEquals(total, sum);
            assertEquals(2 * TRANSFERS_PER_WRITER, reopened.map("log", Long.class, Long.class, 1).size());
        }
        System.out.println("persistent concurrency: " + snapshots.get() + " snapshots, " + h.stats());
    }
}

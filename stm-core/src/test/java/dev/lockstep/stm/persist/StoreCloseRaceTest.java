package dev.lockstep.stm.persist;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.state.Durability;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.api.state.TxMap;
import dev.lockstep.stm.call.Seeds;
import dev.lockstep.stm.TestRuntime;
import dev.lockstep.stm.state.StateRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code close()} while calls run (issue 11): writer threads do transfers (cells and a map
 * entry in one commit) and a reader reads outside calls, while another thread closes the store
 * at a random moment. Every call either returns or throws {@link ErrorCode#STORE_CLOSED};
 * nothing else escapes (no Chronicle Map exception, no crash). A persistent store reopened
 * afterwards holds every returned transfer, the total, and cells and map from the same commits.
 */
class StoreCloseRaceTest {
    private static final int ROUNDS = 8;
    private static final int WRITERS = 3;
    private static final int ACCOUNTS = 8;
    private static final int TRANSFERS_PER_WRITER = 2_000;
    private static final long OPENING = 1_000;

    @TempDir
    Path dir;

    private final Hardener h = Lockstep.builder().name("close-race").build();

    @Test
    void closingAnInMemoryStoreUnderLoadFailsCallsOnlyWithStoreClosed() throws Exception {
        SplittableRandom random = Seeds.random("close-race-memory");
        for (int round = 0; round < ROUNDS; round++) {
            race(Lockstep::inMemoryStore, random.split(), round, null);
        }
    }

    @Test
    void closingAPersistentStoreUnderLoadFailsCallsOnlyWithStoreClosedAndLosesNoReturnedCommit() throws Exception {
        SplittableRandom random = Seeds.random("close-race-persistent");
        StateRuntime runtime = runtime();
        for (int round = 0; round < ROUNDS; round++) {
            Path store = dir.resolve("round-" + round);
            // A small checkpoint threshold: closes also race checkpoints.
            race(() -> PersistentStore.open(runtime, store, Durability.ASYNC, 8 * 1024), random.split(), round, store);
        }
    }

    private StateRuntime runtime() {
        h.run(() -> { });
        return TestRuntime.engine();
    }

    private void race(Supplier<StateStore> opener, SplittableRandom random, int round, Path reopen) throws Exception {
        StateStore store = opener.get();
        LongCells accounts = store.longCells("accounts", ACCOUNTS);
        LongCells count = store.longCells("count", 1);
        TxMap<Long, Long> transfers = store.map("transfers", Long.class, Long.class, WRITERS * TRANSFERS_PER_WRITER + 16);
        h.run(() -> {
            for (int i = 0; i < ACCOUNTS; i++) {
                accounts.set(i, OPENING);
            }
        });
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        Set<Long> returned = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        Thread[] threads = new Thread[WRITERS + 1];
        for (int w = 0; w < WRITERS; w++) {
            SplittableRandom mine = random.split();
            long base = (long) w * TRANSFERS_PER_WRITER;
            threads[w] = new Thread(() -> {
                for (int n = 0; n < TRANSFERS_PER_WRITER; n++) {
                    long id = base + n;
                    int from = mine.nextInt(ACCOUNTS);
                    int to = (from + 1 + mine.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                    long amount = 1 + mine.nextInt(20);
                    if (!call(() -> h.run(() -> {
                        accounts.add(from, -amount);
                        accounts.add(to, amount);
                        transfers.put(id, amount);
                        count.add(0, 1);
                    }), unexpected, refused)) {
                        return;
                    }
                    returned.add(id);
                }
            });
        }
        threads[WRITERS] = new Thread(() -> {
            for (int n = 0; n < WRITERS * TRANSFERS_PER_WRITER; n++) {
                long key = n;
                if (!call(() -> {
                    accounts.get((int) (key % ACCOUNTS));
                    transfers.get(key);
                    if (key % 64 == 0) {
                        transfers.size();
                    }
                }, unexpected, refused)) {
                    return;
                }
            }
        });
        for (Thread t : threads) {
            t.start();
        }
        Thread.sleep(1 + random.nextInt(40));
        store.close();
        for (Thread t : threads) {
            t.join(120_000);
            assertTrue(!t.isAlive(), "round " + round + ": a thread is stuck");
        }
        assertTrue(unexpected.isEmpty(), "round " + round + ": only STORE_CLOSED may escape, got " + unexpected);
        assertEquals(0, h.stats().mismatches(), "a close racing the replicas is not a fault");
        System.out.println("close race round " + round + ": " + returned.size() + " transfers returned, "
                + refused.get() + " uses refused as closed");
        if (reopen == null) {
            return;
        }
        try (StateStore again = Lockstep.persistentStore(reopen)) {
            long total = 0;
            for (long v : again.longCells("accounts", ACCOUNTS).snapshot()) {
                total += v;
            }
            TxMap<Long, Long> log = again.map("transfers", Long.class, Long.class, WRITERS * TRANSFERS_PER_WRITER + 16);
            assertEquals(ACCOUNTS * OPENING, total, "round " + round + ": total changed");
            assertEquals(again.longCells("count", 1).get(0), log.size(), "round " + round + ": cells and map disagree");
            for (long id : returned) {
                assertTrue(log.containsKey(id), "round " + round + ": returned transfer " + id + " is lost");
            }
        }
    }

    /** Runs {@code use}; false once the store is closed; anything but STORE_CLOSED is recorded. */
    private static boolean call(Runnable use, List<Throwable> unexpected, AtomicInteger refused) {
        try {
            use.run();
            return true;
        } catch (LockstepException e) {
            if (e.code() != ErrorCode.STORE_CLOSED) {
                unexpected.add(e);
            }
            refused.incrementAndGet();
            return false;
        } catch (Throwable t) {
            unexpected.add(t);
            return false;
        }
    }
}

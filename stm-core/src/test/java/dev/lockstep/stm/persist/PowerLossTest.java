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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a power loss leaves of a SYNC store, simulated in-process (issue 11; {@code kill -9}
 * keeps the page cache, so the crash test cannot show this): the journal up to its last forced
 * offset, plus a random prefix of bytes written after it; cells files with each 4 KiB page
 * either written back by the operating system or still as of the last checkpoint; the map's
 * file as of the last checkpoint. Opening such a copy must show every acknowledged commit, the
 * total, and cells and map from the same commits.
 *
 * <p>Map files are never mixed page by page: Chronicle Map does not promise to survive a power
 * loss in the middle of writing its file back (see {@link Durability#SYNC}).
 */
class PowerLossTest {
    private static final int ACCOUNTS = 600;
    private static final int ROUNDS = 3;
    private static final int TRANSFERS_PER_ROUND = 12;
    private static final int TRANSFERS = ROUNDS * TRANSFERS_PER_ROUND;
    private static final int PAGE = 4096;
    private static final List<String> CELLS_FILES = List.of("accounts.cells", "count.cells");
    private static final List<String> MAP_FILES = List.of("transfers.map", "transfers.chronicle");

    @TempDir
    Path dir;

    private final Hardener h = Lockstep.builder().name("power-loss").build();

    @Test
    void aSyncStoreKeepsEveryAcknowledgedCommitWhenDataPagesWereNotWrittenBack() throws IOException {
        SplittableRandom random = Seeds.random("power-loss");
        h.run(() -> { });
        StateRuntime runtime = TestRuntime.engine();
        Path live = dir.resolve("live");
        try (StateStore store = PersistentStore.open(runtime, live, Durability.SYNC, Long.MAX_VALUE)) {
            LongCells accounts = store.longCells("accounts", ACCOUNTS);
            store.longCells("count", 1);
            store.map("transfers", Long.class, Long.class, TRANSFERS + 16);
            h.run(() -> {
                for (int i = 0; i < ACCOUNTS; i++) {
                    accounts.set(i, 1_000);
                }
            });
        }
        Map<String, byte[]> lastCheckpoint = read(live, CELLS_FILES, MAP_FILES);

        for (int round = 0; round < ROUNDS; round++) {
            try (StateStore store = PersistentStore.open(runtime, live, Durability.SYNC, Long.MAX_VALUE)) {
                LongCells accounts = store.longCells("accounts", ACCOUNTS);
                LongCells count = store.longCells("count", 1);
                TxMap<Long, Long> transfers = store.map("transfers", Long.class, Long.class, TRANSFERS + 16);
                int first = (int) count.get(0);
                for (int n = 0; n < TRANSFERS_PER_ROUND; n++) {
                    int from = random.nextInt(ACCOUNTS);
                    int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                    long amount = 1 + random.nextInt(50);
                    h.run(() -> {
                        long id = count.get(0);
                        accounts.add(from, -amount);
                        accounts.add(to, amount);
                        transfers.put(id, amount);
                        count.set(0, id + 1);
                    });
                }
                Path lost = dir.resolve("lost-" + round);
                powerLoss(live, lost, lastCheckpoint, random);
                try (StateStore recovered = Lockstep.persistentStore(lost)) {
                    long total = 0;
                    for (long v : recovered.longCells("accounts", ACCOUNTS).snapshot()) {
                        total += v;
                    }
                    long committed = recovered.longCells("count", 1).get(0);
                    TxMap<Long, Long> log = recovered.map("transfers", Long.class, Long.class, TRANSFERS + 16);
                    assertEquals(ACCOUNTS * 1_000L, total, "round " + round + ": total changed");
                    assertEquals(count.get(0), committed, "round " + round + ": every acknowledged commit is back");
                    assertEquals(committed, log.size(), "round " + round + ": cells and map from different commits");
                    for (long id = first; id < committed; id++) {
                        assertEquals(transfers.get(id), log.get(id), "round " + round + ": transfer " + id);
                    }
                }
            }
            // Closing checkpointed: this is what the device holds from now on.
            lastCheckpoint = read(live, CELLS_FILES, MAP_FILES);
        }
    }

    /**
     * Copies {@code live} to {@code lost} as a power loss could leave it: the journal whole (SYNC
     * forced it at every acknowledgement) plus some garbage of an append that never finished;
     * each cells page new or as of the last checkpoint; the map files as of the last checkpoint.
     */
    private static void powerLoss(Path live, Path lost, Map<String, byte[]> lastCheckpoint, SplittableRandom random)
            throws IOException {
        Files.createDirectories(lost);
        byte[] journal = Files.readAllBytes(live.resolve("journal.log"));
        assertTrue(journal.length > StoreFiles.HEADER, "the commits are in the journal, not yet checkpointed");
        byte[] torn = new byte[random.nextInt(40)];
        random.nextBytes(torn);
        byte[] withTail = java.util.Arrays.copyOf(journal, journal.length + torn.length);
        System.arraycopy(torn, 0, withTail, journal.length, torn.length);
        Files.write(lost.resolve("journal.log"), withTail);
        int kept = 0;
        int total = 0;
        for (String name : CELLS_FILES) {
            byte[] now = Files.readAllBytes(live.resolve(name));
            byte[] before = lastCheckpoint.get(name);
            for (int page = 0; page * PAGE < now.length; page++) {
                total++;
                if (random.nextBoolean()) {
                    int from = page * PAGE;
                    System.arraycopy(before, from, now, from, Math.min(PAGE, now.length - from));
                    kept++;
                }
            }
            Files.write(lost.resolve(name), now);
        }
        for (String name : MAP_FILES) {
            Files.write(lost.resolve(name), lastCheckpoint.get(name));
        }
        System.out.println("power loss: " + kept + " of " + total + " cells pages not written back, "
                + torn.length + " bytes of a torn append");
    }

    @SafeVarargs
    private static Map<String, byte[]> read(Path dir, List<String>... names) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        for (List<String> group : names) {
            for (String name : group) {
                files.put(name, Files.readAllBytes(dir.resolve(name)));
            }
        }
        return files;
    }
}

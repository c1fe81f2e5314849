package dev.lockstep.stm.persist;

import dev.lockstep.api.Lockstep;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.api.state.TxMap;
import dev.lockstep.stm.call.Seeds;
import dev.lockstep.stm.agent.ChildJvm;
import dev.lockstep.stm.agent.JvmFlags;
import dev.lockstep.stm.fixtures.CrashWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Invariant 6 (issues 5 and 11): a child JVM does hardened transfers over a persistent store and
 * is killed with SIGKILL at a random moment, 12 times (three quarters SYNC, a quarter ASYNC):
 * few kills, each made to count, since a child JVM's start dominates the cost. Each child checkpoints after a small, random amount
 * of journal (a few commits to a few hundred), so kills also land in checkpoints and in the
 * journal's truncation. After each kill the parent reopens the store: the total is unchanged,
 * every acknowledged call is present, and the cells and the map agree (they were written in the
 * same commits).
 *
 * <p>{@code kill -9} leaves the page cache intact, so for the SYNC children the parent also
 * simulates a power loss: the child prints each offset the journal was forced to, before the
 * commit's data files change, and the parent cuts the journal back to the last one, keeping a
 * random prefix of the bytes written after it (a device may persist some of them). Those bytes
 * belong to at most one commit that never returned and whose data was never applied; cutting
 * inside it leaves a real torn record, which recovery must drop. The test counts those drops and
 * requires at least one. What a power loss does to data pages written back early is tested
 * in-process by {@link PowerLossTest}.
 */
class CrashConsistencyTest {
    private static final int KILLS = Integer.getInteger("lockstep.crash.kills", 12);
    /** At most this many more SYNC kills while none has produced a torn record yet. */
    private static final int EXTRA_KILLS = 8;
    private static final long[] CHECKPOINT_BYTES = {512, 4 * 1024, 32 * 1024};

    @TempDir
    Path dir;

    @Test
    void killedWritersNeverLoseAnAcknowledgedCommitOrLeaveHalfOfOne() throws Exception {
        SplittableRandom random = Seeds.random("crash");
        Path store = dir.resolve("bank");
        Path journal = store.resolve("journal.log");
        long acknowledgedSoFar = 0;
        int powerLosses = 0;
        try (TornTails torn = new TornTails()) {
            int kill = 0;
            for (; kill < KILLS || (torn.count.get() == 0 && kill < KILLS + EXTRA_KILLS); kill++) {
                String durability = kill < KILLS && kill % 4 == 3 ? "ASYNC" : "SYNC";
                long checkpointBytes = CHECKPOINT_BYTES[random.nextInt(CHECKPOINT_BYTES.length)];
                long started = System.nanoTime();
                Process child = start(store, durability, random.nextLong(), checkpointBytes);
                Acks acks = new Acks(child);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (acks.ready.get() == null && child.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertTrue(acks.ready.get() != null, "child did not start: exit "
                        + (child.isAlive() ? "none" : child.exitValue()) + ", output " + acks.output);
                long readyAt = System.nanoTime();
                long firstAck = acks.lastAck.get();
                Thread.sleep(20 + random.nextInt(200));
                // SIGKILL (kill -9). Through the ProcessHandle: Process.destroyForcibly() would also
                // close our end of the child's stdout and drop lines still in the pipe.
                child.toHandle().destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                acks.reader.join(10_000);

                long lastAck = acks.lastAck.get();
                long killedAt = System.nanoTime();
                if (durability.equals("SYNC")) {
                    // Before the child's first force, the journal is as the last reopen left it:
                    // emptied to its header and forced.
                    long forced = Math.max(acks.lastForced.get(), StoreFiles.HEADER);
                    if (cutToPowerLoss(journal, forced, random)) {
                        powerLosses++;
                    }
                }
                try (StateStore reopened = Lockstep.persistentStore(store)) {
                    LongCells accounts = reopened.longCells("accounts", CrashWriter.ACCOUNTS);
                    long total = 0;
                    for (long v : accounts.snapshot()) {
                        total += v;
                    }
                    long committed = reopened.longCells("counter", 1).get(0);
                    TxMap<Long, Long> transfers = reopened.map("transfers", Long.class, Long.class, CrashWriter.MAX_TRANSFERS);
                    assertEquals(CrashWriter.ACCOUNTS * CrashWriter.OPENING, total, "kill " + kill + ": total changed");
                    assertTrue(committed >= lastAck, "kill " + kill + " (" + durability + "): acknowledged " + lastAck
                            + " but only " + committed + " committed");
                    assertTrue(committed <= Math.max(lastAck, acknowledgedSoFar) + 1,
                            "kill " + kill + ": at most one commit can be unacknowledged, but committed " + committed
                                    + ", last ack " + lastAck + ", before this child " + acknowledgedSoFar);
                    assertEquals(committed, transfers.size(), "kill " + kill + ": cells and map from different commits");
                    acknowledgedSoFar = committed;
                }
                System.out.printf("kill %d: %s, checkpoint every %d bytes, %d acks; start %d ms, run %d ms, reopen %d ms%n",
                        kill, durability, checkpointBytes, lastAck - firstAck, (readyAt - started) / 1_000_000,
                        (killedAt - readyAt) / 1_000_000, (System.nanoTime() - killedAt) / 1_000_000);
            }
            System.out.println("crash test: " + kill + " kills, " + acknowledgedSoFar + " transfers committed, "
                    + powerLosses + " power losses simulated with unforced bytes dropped, " + torn.count.get()
                    + " torn tails dropped on reopen");
            assertTrue(acknowledgedSoFar > kill, "the children made progress between kills");
            assertTrue(torn.count.get() > 0, "no kill in " + kill + " produced a torn record: the test did not "
                    + "exercise torn-tail recovery");
        }
    }

    /**
     * Cuts the journal to what a power loss could leave: every byte up to the last forced offset,
     * and a random prefix (possibly empty) of the bytes written after it.
     *
     * @return whether bytes were dropped
     */
    private static boolean cutToPowerLoss(Path journal, long forced, SplittableRandom random) throws IOException {
        long size = Files.size(journal);
        if (size <= forced) {
            // Nothing unforced; or the journal was emptied by a checkpoint whose report was cut off.
            return false;
        }
        long kept = forced + random.nextLong(size - forced);
        try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.WRITE)) {
            channel.truncate(kept);
        }
        return true;
    }

    @Test
    void aSecondProcessCannotOpenAStoreThatIsOpen() throws Exception {
        Path store = dir.resolve("held");
        try (StateStore open = Lockstep.persistentStore(store)) {
            open.longCells("held", 1);
            ChildJvm.Result r = ChildJvm.runWithFlags(CrashWriter.class, store.toString(), "try-open");
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains("Lockstep [BAD_STORE_USE]: the store " + store.toAbsolutePath()
                    + " is already open for writing (by pid " + ProcessHandle.current().pid() + ")"), r.output());
        }
        ChildJvm.Result after = ChildJvm.runWithFlags(CrashWriter.class, store.toString(), "try-open");
        assertTrue(after.output().contains("opened"), "free again once closed: " + after.output());
    }

    private static Process start(Path store, String durability, long seed, long checkpointBytes) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmFlags.forThisJdk());
        // A child lives for a second or two: the quick compiler and the small collector start it faster.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashWriter.class.getName());
        command.add(store.toString());
        command.add(durability);
        command.add(Long.toString(seed));
        command.add(Long.toString(checkpointBytes));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** What a child printed: its acks and forced offsets, read on a thread of their own. */
    private static final class Acks {
        final AtomicLong lastAck = new AtomicLong(-1);
        final AtomicLong lastForced = new AtomicLong(-1);
        final AtomicReference<String> ready = new AtomicReference<>();
        final StringBuffer output = new StringBuffer();
        final Thread reader;

        Acks(Process child) {
            reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("ack ")) {
                            lastAck.set(Long.parseLong(line.substring(4)));
                        } else if (line.startsWith("forced ")) {
                            lastForced.set(Long.parseLong(line.substring(7)));
                        } else if (line.startsWith("ready ")) {
                            lastAck.set(Long.parseLong(line.substring(6)));
                            ready.set(line);
                        } else if (output.length() < 4_000) {
                            output.append(line).append('\n');
                        }
                    }
                } catch (IOException | NumberFormatException e) {
                    // The child was killed mid-line.
                }
            });
            reader.start();
        }
    }

    /** Counts the torn tails recovery drops in this JVM, from the store logger's warnings. */
    private static final class TornTails extends Handler implements AutoCloseable {
        private static final Logger STORE_LOG = Logger.getLogger("dev.lockstep.store");
        final AtomicInteger count = new AtomicInteger();

        TornTails() {
            STORE_LOG.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel() == Level.WARNING && record.getMessage().contains("dropped a torn tail")) {
                count.incrementAndGet();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            STORE_LOG.removeHandler(this);
        }
    }
}

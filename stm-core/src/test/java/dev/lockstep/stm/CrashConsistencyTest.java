package dev.lockstep.stm;

import dev.lockstep.api.Lockstep;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.api.state.TxMap;
import dev.lockstep.stm.fixtures.CrashWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 5, invariant 6: a child JVM does hardened transfers over a persistent store and is
 * killed with SIGKILL at random moments, 50 times. After each kill the parent reopens the store:
 * the total is unchanged, every acknowledged call is present, and the cells and the map agree
 * (they were written in the same commits).
 */
class CrashConsistencyTest {
    private static final int KILLS = Integer.getInteger("lockstep.crash.kills", 50);

    @TempDir
    Path dir;

    @Test
    void killedWritersNeverLoseAnAcknowledgedCommitOrLeaveHalfOfOne() throws Exception {
        SplittableRandom random = Seeds.random("crash");
        Path store = dir.resolve("bank");
        long acknowledgedSoFar = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            String durability = kill % 2 == 0 ? "SYNC" : "ASYNC";
            Process child = start(store, durability, random.nextLong());
            AtomicLong lastAck = new AtomicLong(-1);
            AtomicReference<String> ready = new AtomicReference<>();
            Thread reader = readAcks(child, lastAck, ready);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ready.get() == null && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(ready.get() != null, "child did not start: exit " + (child.isAlive() ? "none" : child.exitValue()));
            Thread.sleep(20 + random.nextInt(200));
            // SIGKILL (kill -9). Through the ProcessHandle: Process.destroyForcibly() would also
            // close our end of the child's stdout and drop acks still in the pipe.
            child.toHandle().destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            reader.join(10_000);

            try (StateStore reopened = Lockstep.persistentStore(store)) {
                LongCells accounts = reopened.longCells("accounts", CrashWriter.ACCOUNTS);
                long total = 0;
                for (long v : accounts.snapshot()) {
                    total += v;
                }
                long committed = reopened.longCells("counter", 1).get(0);
                TxMap<Long, Long> transfers = reopened.map("transfers", Long.class, Long.class, 200_000);
                assertEquals(CrashWriter.ACCOUNTS * CrashWriter.OPENING, total, "kill " + kill + ": total changed");
                assertTrue(committed >= lastAck.get(), "kill " + kill + ": acknowledged " + lastAck.get()
                        + " but only " + committed + " committed");
                assertTrue(committed <= Math.max(lastAck.get(), acknowledgedSoFar) + 1,
                        "kill " + kill + ": at most one commit can be unacknowledged, but committed " + committed
                                + ", last ack " + lastAck.get() + ", before this child " + acknowledgedSoFar);
                assertEquals(committed, transfers.size(), "kill " + kill + ": cells and map from different commits");
                acknowledgedSoFar = committed;
            }
        }
        System.out.println("crash test: " + KILLS + " kills, " + acknowledgedSoFar + " transfers committed");
        assertTrue(acknowledgedSoFar > KILLS, "the children made progress between kills");
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

    private static Process start(Path store, String durability, long seed) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmFlags.forThisJdk());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashWriter.class.getName());
        command.add(store.toString());
        command.add(durability);
        command.add(Long.toString(seed));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static Thread readAcks(Process child, AtomicLong lastAck, AtomicReference<String> ready) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("ack ")) {
                        lastAck.set(Long.parseLong(line.substring(4)));
                    } else if (line.startsWith("ready ")) {
                        lastAck.set(Long.parseLong(line.substring(6)));
                        ready.set(line);
                    }
                }
            } catch (IOException e) {
                // The child was killed mid-line.
            }
        });
        reader.start();
        return reader;
    }
}

package dev.lockstep.stm.persist;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.stm.TestRuntime;
import dev.lockstep.stm.agent.ChildJvm;
import dev.lockstep.stm.fixtures.CrashWriter;
import dev.lockstep.stm.state.StateRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A store directory's lifecycle (issue 11): one open per directory even within a JVM, clear
 * errors for a directory the process cannot write, and for data files deleted or replaced while
 * the store is open.
 */
class StoreDirectoryTest {
    private final Hardener h = Lockstep.builder().build();

    @TempDir
    Path dir;

    @Test
    void aRefusedSecondOpenInThisJvmKeepsTheFirstOpensLockAgainstOtherProcesses() throws Exception {
        Path store = dir.resolve("held");
        try (StateStore first = Lockstep.persistentStore(store)) {
            LongCells cells = first.longCells("held", 1);
            LockstepException[] refused = new LockstepException[2];
            Path[] spellings = {store, store.resolve("..").resolve("held")};
            for (int i = 0; i < spellings.length; i++) {
                Path spelling = spellings[i];
                refused[i] = assertThrows(LockstepException.class, () -> Lockstep.persistentStore(spelling));
            }
            ChildJvm.Result other = ChildJvm.runWithFlags(CrashWriter.class, store.toString(), "try-open");
            assertTrue(other.output().contains("Lockstep [BAD_STORE_USE]: the store " + store.toAbsolutePath()
                    + " is already open for writing (by pid " + ProcessHandle.current().pid() + ")"),
                    "another process must still be kept out: " + other.output());
            for (LockstepException e : refused) {
                assertEquals(ErrorCode.BAD_STORE_USE, e.code());
                assertTrue(e.getMessage().contains("is already open for writing in this JVM (pid "
                        + ProcessHandle.current().pid() + ")"), e.getMessage());
            }
            h.run(() -> cells.set(0, 7));
            assertEquals(7, cells.get(0), "the first open still works");
        }
        try (StateStore again = Lockstep.persistentStore(store)) {
            assertEquals(7, again.longCells("held", 1).get(0), "free again once the first open closed");
        }
    }

    @Test
    void aDirectoryThisProcessCannotWriteIsRefusedNamingThePathAndThePermission() throws Exception {
        requireImmutableFiles();
        Path existing = dir.resolve("existing");
        try (StateStore s = Lockstep.persistentStore(existing)) {
            s.longCells("a", 1);
        }
        Path empty = Files.createDirectory(dir.resolve("empty"));
        for (Path store : new Path[] {existing, empty}) {
            chattr("+i", store);
            try {
                LockstepException e = assertThrows(LockstepException.class, () -> Lockstep.persistentStore(store),
                        store.toString());
                assertEquals(ErrorCode.BAD_STORE_USE, e.code(), e.getMessage());
                assertTrue(e.getMessage().contains("cannot open the store " + store + ": this process lacks write "
                        + "permission on it"), e.getMessage());
            } finally {
                chattr("-i", store);
            }
        }
    }

    @Test
    void aFileThatCannotBeCreatedWhileOpenIsALockstepErrorNamingIt() throws Exception {
        requireImmutableFiles();
        Path store = dir.resolve("store");
        try (StateStore s = Lockstep.persistentStore(store)) {
            chattr("+i", store);
            try {
                LockstepException e = assertThrows(LockstepException.class, () -> s.longCells("later", 4));
                assertEquals(ErrorCode.BAD_STORE_USE, e.code(), e.getMessage());
                assertTrue(e.getMessage().contains("cannot write " + store.resolve("later.cells")), e.getMessage());
                assertTrue(e.getMessage().contains("needs read and write permission"), e.getMessage());
            } finally {
                chattr("-i", store);
            }
        }
    }

    @Test
    void aDataFileReplacedWhileOpenFailsTheCloseAndTheJournalKeepsTheCommits() throws IOException {
        Path store = dir.resolve("store");
        StateStore s = Lockstep.persistentStore(store);
        LongCells cells = s.longCells("a", 4);
        h.run(() -> cells.set(0, 5));
        Path file = store.resolve("a.cells");
        Path copy = dir.resolve("copy");
        Files.copy(file, copy);
        Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING);
        long journalBefore = Files.size(store.resolve("journal.log"));

        LockstepException e = assertThrows(LockstepException.class, s::close);
        assertEquals(ErrorCode.STORE_CORRUPT, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(file + " was replaced by another file while the store"), e.getMessage());
        assertTrue(journalBefore > StoreFiles.HEADER, "the commit is in the journal");
        assertEquals(journalBefore, Files.size(store.resolve("journal.log")), "the journal was not emptied");
        try (StateStore again = Lockstep.persistentStore(store)) {
            assertEquals(5, again.longCells("a", 4).get(0), "closed anyway, and the journal replays the commit");
        }
    }

    @Test
    void aDataFileDeletedWhileOpenFailsTheCheckpointAndReopeningRefusesToRecreateIt() throws Exception {
        Path store = dir.resolve("store");
        h.run(() -> { });
        StateRuntime runtime = TestRuntime.engine();
        StateStore s = PersistentStore.open(runtime, store, dev.lockstep.api.state.Durability.SYNC, 1);
        LongCells cells = s.longCells("a", 4);
        LongCells other = s.longCells("b", 4);
        Files.delete(store.resolve("a.cells"));
        LockstepException e = assertThrows(LockstepException.class, () -> h.run(() -> other.set(0, 9)));
        assertEquals(ErrorCode.STORE_CORRUPT, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(store.resolve("a.cells") + " was deleted while the store"), e.getMessage());
        assertEquals(9, other.get(0), "the commit itself stands");
        assertTrue(Files.size(store.resolve("journal.log")) > StoreFiles.HEADER, "the journal kept the commit");
        h.run(() -> { });
        assertThrows(LockstepException.class, () -> h.run(() -> cells.set(1, 1)), "the checkpoint fails again");
        assertThrows(LockstepException.class, s::close);

        LockstepException reopen = assertThrows(LockstepException.class, () -> Lockstep.persistentStore(store));
        assertEquals(ErrorCode.STORE_CORRUPT, reopen.code(), reopen.getMessage());
        assertTrue(reopen.getMessage().contains("holds commits to a.cells, but that file is missing"), reopen.getMessage());
        assertTrue(!Files.exists(store.resolve("a.cells")), "not recreated empty");
    }

    /** Root ignores permission bits, but not the immutable attribute, where the kernel allows setting it. */
    private void requireImmutableFiles() throws Exception {
        Path probe = Files.createFile(dir.resolve("probe"));
        boolean works = chattr("+i", probe) == 0;
        if (works) {
            chattr("-i", probe);
        }
        assumeTrue(works, "chattr +i is not permitted here (needs CAP_LINUX_IMMUTABLE and a file system "
                + "that supports it), so a directory this process cannot write cannot be made");
    }

    private static int chattr(String flag, Path path) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("chattr", flag, path.toString()).redirectErrorStream(true).start();
        } catch (IOException noChattr) {
            return -1;
        }
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue();
    }
}

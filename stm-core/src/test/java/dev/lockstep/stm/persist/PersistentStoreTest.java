package dev.lockstep.stm.persist;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.state.Durability;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.api.state.TxMap;
import dev.lockstep.stm.state.StateStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@link StateStoreContract} for persistent stores, and what only they promise (issue 5). */
class PersistentStoreTest extends StateStoreContract {
    @TempDir
    Path dir;

    @Override
    protected StateStore open() {
        return Lockstep.persistentStore(dir.resolve("store"));
    }

    private Path storeDir() {
        return dir.resolve("store");
    }

    @Test
    void reopeningRestoresCellsAndMaps() {
        LongCells cells = store.longCells("accounts", 10);
        TxMap<String, Long> map = store.map("owners", String.class, Long.class, 100);
        h.run(() -> {
            cells.set(3, 300);
            map.put("alice", 3L);
        });
        store.close();

        for (Durability d : Durability.values()) {
            try (StateStore again = Lockstep.persistentStore(storeDir(), d)) {
                assertEquals(300, again.longCells("accounts", 10).get(3));
                assertEquals(3L, again.map("owners", String.class, Long.class, 100).get("alice"));
            }
        }
        store = open();
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() {
        LockstepException e = assertThrows(LockstepException.class, () -> Lockstep.persistentStore(storeDir()));
        assertEquals(ErrorCode.BAD_STORE_USE, e.code());
        assertTrue(e.getMessage().contains("is already open for writing in this JVM (pid "
                + ProcessHandle.current().pid() + ")"), e.getMessage());
    }

    @Test
    void filesAreTheOwnersOnly() throws IOException {
        store.longCells("private", 4);
        store.map("private-map", String.class, String.class, 4);
        for (String file : new String[] {"private.cells", "private-map.map", "private-map.chronicle", "journal.log", "lockstep.lock"}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(storeDir().resolve(file))), file);
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(storeDir())));
    }

    @Test
    void aCorruptHeaderIsAClearErrorAndTheFileIsLeftAlone() throws IOException {
        store.longCells("damaged", 4);
        store.close();
        Path file = storeDir().resolve("damaged.cells");
        byte[] original = Files.readAllBytes(file);
        byte[] bytes = original.clone();
        bytes[13] ^= 0x40;
        Files.write(file, bytes);

        try (StateStore again = Lockstep.persistentStore(storeDir())) {
            LockstepException e = assertThrows(LockstepException.class, () -> again.longCells("damaged", 4));
            assertEquals(ErrorCode.STORE_CORRUPT, e.code());
            assertTrue(e.getMessage().contains("damaged.cells: its header checksum does not match"), e.getMessage());
        }
        assertArrayEquals(bytes, Files.readAllBytes(file), "never silently used or rewritten");
        store = open();
    }

    @Test
    void aTruncatedFileIsAClearError() throws IOException {
        store.longCells("short", 100);
        store.close();
        try (FileChannel channel = FileChannel.open(storeDir().resolve("short.cells"), StandardOpenOption.WRITE)) {
            channel.truncate(StoreFiles.HEADER + 8 * 50);
        }
        try (StateStore again = Lockstep.persistentStore(storeDir())) {
            LockstepException e = assertThrows(LockstepException.class, () -> again.longCells("short", 100));
            assertEquals(ErrorCode.STORE_CORRUPT, e.code());
            assertTrue(e.getMessage().contains("should be 864 bytes for 100 cells but is 464"), e.getMessage());
        }
        store = open();
    }

    @Test
    void aForeignJournalIsRefusedBeforeAnythingOpens() throws IOException {
        store.close();
        Files.writeString(storeDir().resolve("journal.log"), "{\"not\": \"a journal, but long enough to hold a header of 64 bytes.....\"}");
        LockstepException e = assertThrows(LockstepException.class, () -> Lockstep.persistentStore(storeDir()));
        assertEquals(ErrorCode.STORE_CORRUPT, e.code());
        assertTrue(e.getMessage().contains("journal.log: it is not a Lockstep LSJRNL01 file"), e.getMessage());
        Files.delete(storeDir().resolve("journal.log"));
        store = open();
    }

    @Test
    void theJournalsCompleteRecordsAreReplayedAndATornTailIsDiscarded() throws IOException {
        LongCells cells = store.longCells("replayed", 8);
        store.map("replayed-map", String.class, String.class, 8);
        h.run(() -> cells.set(0, 1));
        store.close();

        // Two commits that reached the journal but not the data files, then half of a third.
        Path journalFile = storeDir().resolve("journal.log");
        try (Journal journal = Journal.open(journalFile, true, new ArrayList<>())) {
            journal.append(JournalPayloads.of(out -> {
                out.writeInt(2);
                out.writeByte(PersistentStore.CELL);
                out.writeUTF("replayed");
                out.writeInt(5);
                out.writeLong(55);
                out.writeByte(PersistentStore.PUT);
                out.writeUTF("replayed-map");
                out.writeUTF("key");
                out.writeUTF("value");
            }));
            journal.append(JournalPayloads.of(out -> {
                out.writeInt(1);
                out.writeByte(PersistentStore.CELL);
                out.writeUTF("replayed");
                out.writeInt(6);
                out.writeLong(66);
            }));
        }
        long complete = Files.size(journalFile);
        try (FileChannel channel = FileChannel.open(journalFile, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2, 3}), complete);
        }

        try (StateStore again = Lockstep.persistentStore(storeDir())) {
            LongCells replayed = again.longCells("replayed", 8);
            assertEquals(1, replayed.get(0));
            assertEquals(55, replayed.get(5));
            assertEquals(66, replayed.get(6));
            assertEquals("value", again.map("replayed-map", String.class, String.class, 8).get("key"));
        }
        assertEquals(StoreFiles.HEADER, Files.size(journalFile), "replayed, forced and emptied");
        store = open();
    }

    @Test
    void aCallMayWriteToOnlyOnePersistentStore() {
        LongCells here = store.longCells("here", 1);
        try (StateStore other = Lockstep.persistentStore(dir.resolve("other")); StateStore memory = Lockstep.inMemoryStore()) {
            LongCells there = other.longCells("there", 1);
            LongCells inMemory = memory.longCells("ram", 1);
            LockstepException e = assertThrows(LockstepException.class, () -> h.run(() -> {
                here.set(0, 1);
                there.set(0, 1);
            }));
            assertTrue(e.getMessage().contains("wrote to two persistent stores"), e.getMessage());
            assertEquals(0, here.get(0));
            assertEquals(0, there.get(0));
            h.run(() -> {
                here.set(0, 2);
                inMemory.set(0, 2);
            });
            assertEquals(2, here.get(0));
        }
    }
}

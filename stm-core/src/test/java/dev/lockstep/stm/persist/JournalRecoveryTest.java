package dev.lockstep.stm.persist;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery tells a torn tail from corruption in the middle (issue 11): a journal of three
 * commits that reached the journal but not the data files, with one bit of one record's value
 * flipped (its length intact, so only the CRC32C can tell).
 */
class JournalRecoveryTest {
    private static final int RECORDS = 3;

    @TempDir
    Path dir;

    private Path store;
    private Path journal;
    /** Byte offset of each record, and the journal's end. */
    private final long[] starts = new long[RECORDS + 1];

    @BeforeEach
    void threeCommitsInTheJournalOnly() throws IOException {
        store = dir.resolve("store");
        journal = store.resolve("journal.log");
        try (StateStore s = Lockstep.persistentStore(store)) {
            s.longCells("c", RECORDS);
        }
        try (Journal j = Journal.open(journal, true, new ArrayList<>())) {
            starts[0] = j.size();
            for (int i = 0; i < RECORDS; i++) {
                j.append(setCell(i, 100 + i));
                starts[i + 1] = j.size();
            }
        }
    }

    @Test
    void aBitFlippedInAMiddleRecordsValueRefusesToOpenNamingTheOffset() throws IOException {
        flipLastValueByteOf(1);
        byte[] damaged = Files.readAllBytes(journal);

        LockstepException e = assertThrows(LockstepException.class, () -> Lockstep.persistentStore(store));
        assertEquals(ErrorCode.STORE_CORRUPT, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(journal + ": the record at byte offset " + starts[1] + " is damaged"),
                e.getMessage());
        assertTrue(e.getMessage().contains("valid records follow it from byte offset " + starts[2]), e.getMessage());
        assertArrayEquals(damaged, Files.readAllBytes(journal), "refusing changed nothing");
        assertTrue(!DirectoryLock.isOpenHere(store), "a refused open releases the directory");
    }

    @Test
    void aBitFlippedInTheLastRecordIsATornTailAndOnlyThatRecordIsDropped() throws IOException {
        flipLastValueByteOf(2);
        try (StateStore s = Lockstep.persistentStore(store)) {
            assertArrayEquals(new long[] {100, 101, 0}, s.longCells("c", RECORDS).snapshot(),
                    "the two whole records replayed, the damaged last one dropped, never replayed with a wrong value");
        }
        assertEquals(StoreFiles.HEADER, Files.size(journal), "replayed, forced and emptied");
    }

    @Test
    void repairCutsAtTheDamagedRecordAndTheStoreOpensWithTheRecordsBeforeIt() throws IOException {
        flipLastValueByteOf(1);
        var repair = Lockstep.repairStore(store);
        assertEquals(journal, repair.journal());
        assertEquals(starts[1], repair.offset());
        assertEquals(starts[RECORDS] - starts[1], repair.droppedBytes());
        assertTrue(repair.changed());
        assertEquals(starts[1], Files.size(journal));
        try (StateStore s = Lockstep.persistentStore(store)) {
            assertArrayEquals(new long[] {100, 0, 0}, s.longCells("c", RECORDS).snapshot());
        }
        assertTrue(!Lockstep.repairStore(store).changed(), "a whole journal is left alone");
    }

    @Test
    void repairRefusesAStoreThatIsOpen() {
        try (StateStore s = Lockstep.persistentStore(store)) {
            LongCells c = s.longCells("c", RECORDS);
            LockstepException e = assertThrows(LockstepException.class, () -> Lockstep.repairStore(store));
            assertEquals(ErrorCode.BAD_STORE_USE, e.code());
            assertEquals(100, c.get(0), "the open store is untouched");
        }
    }

    /**
     * The boundaries of the search for valid records after a damaged one: the only record after
     * it is the smallest a journal holds (an empty payload, 16 bytes in all) and ends on the
     * file's last byte. It still proves the damage is in the middle, not a torn tail.
     */
    @Test
    void theSmallestValidRecordEndingTheFileStillMakesTheDamageCorruption() throws IOException {
        Path alone = dir.resolve("alone.log");
        long second;
        try (Journal j = Journal.open(alone, true, new ArrayList<>())) {
            j.append(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
            second = j.size();
            j.append(new byte[0]);
            assertEquals(second + 16, j.size(), "length, sequence and CRC: the smallest record");
        }
        byte[] bytes = Files.readAllBytes(alone);
        bytes[(int) second - Integer.BYTES - 1] ^= 0x10;
        Files.write(alone, bytes);

        LockstepException e = assertThrows(LockstepException.class, () -> Journal.open(alone, true, new ArrayList<>()));
        assertEquals(ErrorCode.STORE_CORRUPT, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("valid records follow it from byte offset " + second), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(alone), "refusing changed nothing");
    }

    /** Flips the lowest bit of the last byte of record {@code record}'s cell value: its length stays intact. */
    private void flipLastValueByteOf(int record) throws IOException {
        byte[] bytes = Files.readAllBytes(journal);
        int lastValueByte = (int) starts[record + 1] - Integer.BYTES - 1;
        bytes[lastValueByte] ^= 1;
        Files.write(journal, bytes);
    }

    private static byte[] setCell(int index, long value) throws IOException {
        return JournalPayloads.of(out -> {
            out.writeInt(1);
            out.writeByte(PersistentStore.CELL);
            out.writeUTF("c");
            out.writeInt(index);
            out.writeLong(value);
        });
    }
}

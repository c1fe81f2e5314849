package dev.lockstep.stm.persist;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.MapOptions;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.api.state.StoreCapacityException;
import dev.lockstep.api.state.TxMap;
import dev.lockstep.stm.state.Codec;
import dev.lockstep.stm.state.MapCapacityContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@link MapCapacityContract} for persistent stores, and what only they need: files and the journal. */
class PersistentMapCapacityTest extends MapCapacityContract {
    @TempDir
    Path dir;

    @Override
    protected StateStore open() {
        return Lockstep.persistentStore(dir.resolve("store"));
    }

    @Override
    protected StateStore reopen(StateStore current) {
        current.close();
        return open();
    }

    private Path storeDir() {
        return dir.resolve("store");
    }

    /** Writes a metadata file as Lockstep wrote it before the sizes were stored: zeros after maxEntries. */
    private void writeLegacyMeta(String name, Codec key, Codec value, int entries) throws IOException {
        Path meta = storeDir().resolve(name + ".map");
        Files.deleteIfExists(meta);
        try (FileChannel channel = StoreFiles.create(meta)) {
            ByteBuffer header = StoreFiles.header(MapFiles.MAGIC);
            header.putInt(12, key.tag).putInt(16, value.tag).putInt(20, entries);
            channel.write(StoreFiles.seal(header), 0);
        }
    }

    @Test
    void aMapWhoseMetadataPredatesTheSizesOpensWithTheDefaultLimits() throws IOException {
        TxMap<String, String> map = store.map("old", String.class, String.class, 8);
        h.run(() -> map.put("kept", "value"));
        store.close();
        writeLegacyMeta("old", Codec.STRING, Codec.STRING, 8);
        store = open();
        TxMap<String, String> again = store.map("old", String.class, String.class, 8);
        assertEquals("value", again.get("kept"));
        StoreCapacityException e = assertThrows(StoreCapacityException.class,
                () -> h.run(() -> again.put("long", "y".repeat(MapOptions.DEFAULT_MAX_VALUE_BYTES + 1))));
        assertEquals("maxValueBytes", e.limit());
        assertThrows(LockstepException.class, () -> store.map("old", String.class, String.class, 9));
    }

    @Test
    void aWriteChronicleRefusesIsUndoneCancelledInTheJournalAndNotReplayed() throws IOException {
        Files.createDirectories(storeDir());
        LongCells cells = store.longCells("cells", 4);
        // A map laid out the old way (no sizes stored): Chronicle refuses a 60,000-byte value that
        // the default limits allow, which only the undo path can handle.
        writeLegacyMeta("legacy", Codec.STRING, Codec.BYTES, 16);
        TxMap<String, byte[]> map = store.map("legacy", String.class, byte[].class, 16);
        h.run(() -> {
            cells.set(1, 1);
            map.put("before", new byte[] {1});
        });
        LockstepException e = assertThrows(LockstepException.class, () -> h.run(() -> {
            cells.set(0, 7);
            map.put("before", new byte[] {2});
            map.put("added", new byte[] {3});
            map.put("big", new byte[60_000]);
        }));
        assertEquals(ErrorCode.STORE_CAPACITY, e.code());
        assertTrue(e.getMessage().contains("map 'legacy'") && e.getMessage().contains("undone"), e.getMessage());
        assertEquals(0, cells.get(0));
        assertEquals(1, map.get("before")[0]);
        assertNull(map.get("added"));
        assertNull(map.get("big"));
        assertEquals(1, map.size());

        // The store goes on working, and its journal (commit and cancel records) replays to the same state.
        h.run(() -> map.put("after", new byte[] {4}));
        Path journal = storeDir().resolve("journal.log");
        Path saved = dir.resolve("journal.saved");
        Files.copy(journal, saved);
        store.close();
        Files.copy(saved, journal, StandardCopyOption.REPLACE_EXISTING);
        store = open();
        LongCells cellsAgain = store.longCells("cells", 4);
        TxMap<String, byte[]> again = store.map("legacy", String.class, byte[].class, 16);
        assertEquals(0, cellsAgain.get(0));
        assertEquals(1, cellsAgain.get(1));
        assertEquals(1, again.get("before")[0]);
        assertNull(again.get("added"));
        assertEquals(4, again.get("after")[0]);
        assertEquals(2, again.size());
    }

    @Test
    void journalRecordsWithLongStringsReplayAndCancelledOnesDoNot() throws IOException {
        store.longCells("replayed", 4);
        store.map("texts", String.class, String.class, MapOptions.entries(4).maxValueBytes(100_000));
        store.close();
        String text = "\ud800" + "z".repeat(80_000) + "\u00e9"; // longer than writeUTF allows, with an unpaired surrogate
        try (Journal journal = Journal.open(storeDir().resolve("journal.log"), true, new ArrayList<>())) {
            journal.append(JournalPayloads.of(out -> {
                out.writeInt(JournalRecords.COMMIT);
                out.writeLong(1);
                out.writeInt(2);
                out.writeByte(JournalRecords.CELL);
                out.writeUTF("replayed");
                out.writeInt(1);
                out.writeLong(11);
                out.writeByte(JournalRecords.PUT);
                out.writeUTF("texts");
                Codec.STRING.write(out, "long");
                Codec.STRING.write(out, text);
            }));
            journal.append(JournalPayloads.of(out -> {
                out.writeInt(JournalRecords.COMMIT);
                out.writeLong(2);
                out.writeInt(1);
                out.writeByte(JournalRecords.CELL);
                out.writeUTF("replayed");
                out.writeInt(2);
                out.writeLong(22);
            }));
            journal.append(JournalPayloads.of(out -> {
                out.writeInt(JournalRecords.CANCEL);
                out.writeLong(2);
            }));
        }
        store = open();
        LongCells cells = store.longCells("replayed", 4);
        assertEquals(11, cells.get(1));
        assertEquals(0, cells.get(2), "the cancelled record is not replayed");
        assertEquals(text, store.map("texts", String.class, String.class, MapOptions.entries(4).maxValueBytes(100_000)).get("long"));
        assertEquals(StoreFiles.HEADER, Files.size(storeDir().resolve("journal.log")));
    }
}

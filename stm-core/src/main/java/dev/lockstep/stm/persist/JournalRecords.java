package dev.lockstep.stm.persist;

import dev.lockstep.stm.state.Codec;
import dev.lockstep.stm.state.MapWrites;
import dev.lockstep.stm.state.StripedCells;
import dev.lockstep.stm.state.StripedMap;
import dev.lockstep.stm.state.WriteSet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The payloads of a persistent store's journal records, and their replay. Three kinds:
 * <ul>
 *   <li>a commit: {@code int} {@value #COMMIT}, {@code long} commit id, {@code int} entry count,
 *       then the entries (strings as {@link Codec} writes them: any length);</li>
 *   <li>a cancel: {@code int} {@value #CANCEL}, {@code long} commit id: that commit failed while
 *       it was applied and was undone, so replay skips it;</li>
 *   <li>a commit written before the marker existed: {@code int} entry count (never negative),
 *       then the entries with {@code writeUTF} strings.</li>
 * </ul>
 * An entry is a kind byte and the cells' or map's name ({@code writeUTF}: names are short), then
 * a cell's index and value, or a map's key and, for a put, value.
 *
 * <p><b>Note:</b> stateless and thread-safe.
 */
final class JournalRecords {
    static final int COMMIT = -2;
    static final int CANCEL = -3;
    static final byte CELL = 1;
    static final byte PUT = 2;
    static final byte REMOVE = 3;

    private JournalRecords() {
    }

    /** Where replay finds the state a record names. */
    interface Target {
        StripedCells cells(String name) throws IOException;

        StripedMap<?, ?> map(String name) throws IOException;
    }

    static byte[] commit(long commitId, WriteSet writes, MapWrites mapWrites) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 24 * writes.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(COMMIT);
            out.writeLong(commitId);
            out.writeInt(writes.size() + mapWrites.size());
            for (int slot = 0; slot < writes.size(); slot++) {
                out.writeByte(CELL);
                out.writeUTF(writes.cellsAt(slot).name());
                out.writeInt(writes.indexAt(slot));
                out.writeLong(writes.valueAt(slot));
            }
            for (int slot = 0; slot < mapWrites.size(); slot++) {
                StripedMap<?, ?> map = mapWrites.mapAt(slot);
                Object value = mapWrites.valueAt(slot);
                out.writeByte(value == MapWrites.REMOVED ? REMOVE : PUT);
                out.writeUTF(map.name());
                map.keyCodec().write(out, mapWrites.keyAt(slot));
                if (value != MapWrites.REMOVED) {
                    map.valueCodec().write(out, value);
                }
            }
        } catch (IOException impossible) {
            throw new AssertionError(impossible);
        }
        return bytes.toByteArray();
    }

    static byte[] cancel(long commitId) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Integer.BYTES + Long.BYTES);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(CANCEL);
            out.writeLong(commitId);
        } catch (IOException impossible) {
            throw new AssertionError(impossible);
        }
        return bytes.toByteArray();
    }

    /**
     * Re-applies every commit record that no cancel record follows, in order (idempotent: records
     * hold values, not deltas).
     *
     * @return the largest commit id seen, or 0
     */
    static long replay(List<byte[]> records, Target target) throws IOException {
        Set<Long> cancelled = new HashSet<>();
        long largest = 0;
        for (byte[] record : records) {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(record));
            int marker = in.readInt();
            if (marker == CANCEL || marker == COMMIT) {
                long id = in.readLong();
                largest = Math.max(largest, id);
                if (marker == CANCEL) {
                    cancelled.add(id);
                }
            }
        }
        for (byte[] record : records) {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(record));
            int marker = in.readInt();
            if (marker == CANCEL) {
                continue;
            }
            boolean legacy = marker >= 0;
            if (!legacy && cancelled.contains(in.readLong())) {
                continue;
            }
            int entries = legacy ? marker : in.readInt();
            for (int i = 0; i < entries; i++) {
                byte kind = in.readByte();
                String name = in.readUTF();
                if (kind == CELL) {
                    target.cells(name).applyCommitted(in.readInt(), in.readLong());
                } else {
                    StripedMap<?, ?> map = target.map(name);
                    Object key = map.keyCodec().read(in, legacy);
                    if (kind == PUT) {
                        map.applyPut(key, map.valueCodec().read(in, legacy));
                    } else {
                        map.applyRemove(key);
                    }
                }
            }
        }
        return largest;
    }
}

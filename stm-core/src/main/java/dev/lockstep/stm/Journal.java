package dev.lockstep.stm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A persistent store's redo journal: the whole write set of each commit, appended before any
 * data file changes. A record is {@code int length, long sequence, payload, int CRC32C} (the CRC
 * covers sequence and payload). Opening reads the complete records, in order, for replay; a torn
 * or damaged tail (a commit cut short by a crash) is discarded, since its data was never touched.
 *
 * <p><b>Note:</b> thread-safe: appends are serialized.
 */
final class Journal implements AutoCloseable {
    static final String MAGIC = "LSJRNL01";
    private static final System.Logger LOG = System.getLogger("dev.lockstep.store");

    private final FileChannel channel;
    private final boolean sync;
    private long position;
    private long sequence;

    private Journal(FileChannel channel, boolean sync, long position, long sequence) {
        this.channel = channel;
        this.sync = sync;
        this.position = position;
        this.sequence = sequence;
    }

    /** Opens (or creates) the journal; {@code complete} receives every complete record's payload, in order. */
    static Journal open(Path file, boolean sync, List<byte[]> complete) throws IOException {
        if (!Files.exists(file)) {
            try (FileChannel created = StoreFiles.create(file)) {
                created.write(StoreFiles.seal(StoreFiles.header(MAGIC)), 0);
                created.force(true);
            }
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            StoreFiles.readHeader(channel, file, MAGIC);
            long size = channel.size();
            long at = StoreFiles.HEADER;
            long sequence = 0;
            ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
            while (at + Integer.BYTES <= size) {
                length.clear();
                channel.read(length, at);
                int recordLength = length.getInt(0);
                if (recordLength < Long.BYTES || at + Integer.BYTES + recordLength + Integer.BYTES > size) {
                    break;
                }
                ByteBuffer record = ByteBuffer.allocate(recordLength + Integer.BYTES);
                channel.read(record, at + Integer.BYTES);
                if (record.getInt(recordLength) != crc(record, recordLength)) {
                    break;
                }
                sequence = record.getLong(0);
                byte[] payload = new byte[recordLength - Long.BYTES];
                record.get(Long.BYTES, payload);
                complete.add(payload);
                at += Integer.BYTES + recordLength + Integer.BYTES;
            }
            if (at < size) {
                LOG.log(System.Logger.Level.WARNING, "{0}: discarded a torn tail of {1} bytes (a commit cut short "
                        + "before it returned; its data files were never touched)", file, size - at);
                channel.truncate(at);
                channel.force(true);
            }
            return new Journal(channel, sync, at, sequence);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Appends one commit's record; with SYNC durability, forces it to the device first. */
    synchronized void append(byte[] payload) throws IOException {
        int recordLength = Long.BYTES + payload.length;
        ByteBuffer record = ByteBuffer.allocate(Integer.BYTES + recordLength + Integer.BYTES);
        record.putInt(recordLength).putLong(++sequence).put(payload);
        record.putInt(crc(record.duplicate().position(Integer.BYTES).limit(Integer.BYTES + recordLength).slice(), recordLength));
        record.flip();
        while (record.hasRemaining()) {
            position += channel.write(record, position);
        }
        if (sync) {
            channel.force(false);
        }
    }

    /** Empties the journal: call only once every record's data is on the device. */
    synchronized void truncate() throws IOException {
        channel.truncate(StoreFiles.HEADER);
        channel.force(true);
        position = StoreFiles.HEADER;
    }

    synchronized long size() {
        return position;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    private static int crc(ByteBuffer buffer, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().position(0).limit(length));
        return (int) crc.getValue();
    }
}

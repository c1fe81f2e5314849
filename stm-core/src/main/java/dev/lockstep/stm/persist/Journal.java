package dev.lockstep.stm.persist;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;

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
 * covers sequence and payload); sequences rise by one per record.
 *
 * <p>Recovery reads the records in order. A record that fails its CRC, or whose length is
 * impossible, is told apart by what follows it:
 * <ul>
 *   <li>no valid record with a later sequence anywhere after it: a <em>torn tail</em>, a commit
 *       cut short by a crash before it returned, whose data files were never touched. It is
 *       dropped, with a warning. A bit flipped in the last record looks exactly like this (no
 *       later record vouches that it was ever complete), so it is dropped too.</li>
 *   <li>a valid record with a later sequence after it: corruption in the middle, which would
 *       lose commits that returned. Opening refuses with {@link ErrorCode#STORE_CORRUPT}, naming
 *       the file and the byte offset, and changes nothing; {@link #repair} truncates there on
 *       request.</li>
 * </ul>
 *
 * <p><b>Note:</b> thread-safe: appends are serialized.
 */
final class Journal implements AutoCloseable {
    static final String MAGIC = "LSJRNL01";
    private static final System.Logger LOG = System.getLogger("dev.lockstep.store");
    /** The most bytes after a bad record that recovery searches for a valid one. */
    private static final int SCAN_LIMIT = 1 << 28;

    private final Path file;
    private final FileChannel channel;
    private final boolean sync;
    private long position;
    private long sequence;

    private Journal(Path file, FileChannel channel, boolean sync, long position, long sequence) {
        this.file = file;
        this.channel = channel;
        this.sync = sync;
        this.position = position;
        this.sequence = sequence;
    }

    /** What recovery found: the valid records, where they end, and where (if anywhere) valid records resume. */
    private record Scan(List<byte[]> records, long validEnd, long sequence, long size, long resumesAt) {
        boolean damaged() {
            return validEnd < size;
        }
    }

    /** What {@link #repair} dropped: nothing if {@code droppedBytes} is 0. */
    record Repair(long offset, long droppedBytes, long sizeBefore) {
    }

    /**
     * Opens (or creates) the journal; {@code complete} receives every complete record's payload,
     * in order. A torn tail is dropped (and the file truncated there).
     *
     * @throws LockstepException with {@link ErrorCode#STORE_CORRUPT} if a record in the middle
     *                           is damaged; the file is left as it was
     */
    static Journal open(Path file, boolean sync, List<byte[]> complete) throws IOException {
        if (!Files.exists(file)) {
            try (FileChannel created = StoreFiles.create(file)) {
                created.write(StoreFiles.seal(StoreFiles.header(MAGIC)), 0);
                created.force(true);
            }
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            Scan scan = scan(channel, file);
            if (scan.damaged()) {
                if (scan.resumesAt() >= 0) {
                    throw new LockstepException(ErrorCode.STORE_CORRUPT, "cannot open " + file + ": the record at "
                            + "byte offset " + scan.validEnd() + " is damaged (it fails its CRC32C checksum or its "
                            + "length is impossible), and valid records follow it from byte offset "
                            + scan.resumesAt() + ", so this is not a torn tail: dropping it would lose commits that "
                            + "returned. Lockstep changed nothing. Restore the store directory from a backup, or "
                            + "call Lockstep.repairStore(dir) to cut the journal at byte " + scan.validEnd()
                            + " and lose the commits from there on.");
                }
                LOG.log(System.Logger.Level.WARNING, "{0}: dropped a torn tail of {1} bytes at byte offset {2} (a "
                        + "commit cut short before it returned; its data files were never touched)", file,
                        scan.size() - scan.validEnd(), scan.validEnd());
                channel.truncate(scan.validEnd());
                channel.force(true);
            }
            complete.addAll(scan.records());
            return new Journal(file, channel, sync, scan.validEnd(), scan.sequence());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Cuts the journal at its first damaged record, whatever follows it, and logs a warning with
     * the offset and the bytes dropped. The caller holds the store directory.
     *
     * @return what was dropped; nothing if the journal is whole or absent
     * @throws LockstepException with {@link ErrorCode#STORE_CORRUPT} if the header is damaged:
     *                           then the file is not a journal this can repair
     */
    static Repair repair(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new Repair(0, 0, 0);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            Scan scan = scan(channel, file);
            if (!scan.damaged()) {
                return new Repair(scan.size(), 0, scan.size());
            }
            long dropped = scan.size() - scan.validEnd();
            LOG.log(System.Logger.Level.WARNING, "{0}: repair cut the journal at byte offset {1}, dropping {2} bytes "
                    + "({3}); the commits in them are lost", file, scan.validEnd(), dropped,
                    scan.resumesAt() >= 0 ? "valid records resumed at byte offset " + scan.resumesAt() : "a torn tail");
            channel.truncate(scan.validEnd());
            channel.force(true);
            return new Repair(scan.validEnd(), dropped, scan.size());
        }
    }

    private static Scan scan(FileChannel channel, Path file) throws IOException {
        StoreFiles.readHeader(channel, file, MAGIC);
        long size = channel.size();
        long at = StoreFiles.HEADER;
        long sequence = 0;
        List<byte[]> records = new ArrayList<>();
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
            if (record.getInt(recordLength) != crc(record, 0, recordLength)) {
                break;
            }
            sequence = record.getLong(0);
            byte[] payload = new byte[recordLength - Long.BYTES];
            record.get(Long.BYTES, payload);
            records.add(payload);
            at += Integer.BYTES + recordLength + Integer.BYTES;
        }
        long resumesAt = at < size ? validRecordAfter(channel, at, size, sequence) : -1;
        return new Scan(records, at, sequence, size, resumesAt);
    }

    /**
     * Searches the bytes after a bad record at {@code bad} for a valid record with a sequence
     * after {@code sequence}: the offset of the first one, or -1 if there is none.
     */
    private static long validRecordAfter(FileChannel channel, long bad, long size, long sequence) throws IOException {
        int span = (int) Math.min(size - bad, SCAN_LIMIT);
        ByteBuffer rest = ByteBuffer.allocate(span);
        while (rest.hasRemaining() && channel.read(rest, bad + rest.position()) > 0) {
            // Positional reads until the span is full.
        }
        int header = Integer.BYTES + Long.BYTES;
        for (int p = 1; p + header + Integer.BYTES <= span; p++) {
            int recordLength = rest.getInt(p);
            if (recordLength < Long.BYTES || recordLength > span - p - Integer.BYTES - Integer.BYTES
                    || rest.getLong(p + Integer.BYTES) <= sequence) {
                continue;
            }
            int end = p + Integer.BYTES + recordLength;
            if (rest.getInt(end) == crc(rest, p + Integer.BYTES, end)) {
                return bad + p;
            }
        }
        return -1;
    }

    /** Appends one commit's record; with SYNC durability, forces it to the device first. */
    synchronized void append(byte[] payload) throws IOException {
        int recordLength = Long.BYTES + payload.length;
        ByteBuffer record = ByteBuffer.allocate(Integer.BYTES + recordLength + Integer.BYTES);
        record.putInt(recordLength).putLong(++sequence).put(payload);
        record.putInt(crc(record, Integer.BYTES, Integer.BYTES + recordLength));
        record.flip();
        while (record.hasRemaining()) {
            position += channel.write(record, position);
        }
        if (sync) {
            channel.force(false);
            forced();
        }
    }

    /** Empties the journal: call only once every record's data is on the device. */
    synchronized void truncate() throws IOException {
        channel.truncate(StoreFiles.HEADER);
        channel.force(true);
        position = StoreFiles.HEADER;
        forced();
    }

    /**
     * Tells a TRACE listener how far the journal is on the device: tests that simulate a power
     * loss cut the file there, since a killed process leaves everything it wrote in the page cache.
     */
    private void forced() {
        if (LOG.isLoggable(System.Logger.Level.TRACE)) {
            LOG.log(System.Logger.Level.TRACE, "{0} forced to byte {1}", file, position);
        }
    }

    synchronized long size() {
        return position;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    private static int crc(ByteBuffer buffer, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().position(from).limit(to));
        return (int) crc.getValue();
    }
}

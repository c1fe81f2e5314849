package dev.lockstep.stm;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.state.Durability;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A store in a directory: cells in memory-mapped files ({@code <name>.cells}), maps in Chronicle
 * Map files, and a redo journal ({@code journal.log}) that makes each commit atomic on disk.
 * Opening takes the directory's lock ({@code lockstep.lock}), replays the journal's complete
 * records onto the data files, forces them, and empties the journal.
 *
 * <p>Commits hold a read lock from their journal append to the end of their apply; a checkpoint
 * (on close, or when the journal grows past {@value #CHECKPOINT_BYTES} bytes) takes the write
 * lock, forces every data file, and then empties the journal.
 *
 * <p><b>Note:</b> thread-safe.
 */
final class PersistentStore extends StoreBase {
    static final long CHECKPOINT_BYTES = 64L << 20;
    static final byte CELL = 1;
    static final byte PUT = 2;
    static final byte REMOVE = 3;

    private final Path dir;
    private final long checkpointBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Journal journal;
    private final ReadWriteLock applying = new ReentrantReadWriteLock();
    private final Map<String, MappedByteBuffer> mappedCells = new ConcurrentHashMap<>();
    /** Set once the journal replayed: until then, closing must not empty it. */
    private volatile boolean replayed;

    private PersistentStore(StmProvider runtime, Path dir, long checkpointBytes, FileChannel lockChannel, FileLock lock,
                            Journal journal) {
        super(runtime);
        this.dir = dir;
        this.checkpointBytes = checkpointBytes;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.journal = journal;
    }

    static PersistentStore open(StmProvider runtime, Path dir, Durability durability) {
        return open(runtime, dir, durability, CHECKPOINT_BYTES);
    }

    /** Opens with another checkpoint threshold: tests use a small one to checkpoint under load. */
    static PersistentStore open(StmProvider runtime, Path dir, Durability durability, long checkpointBytes) {
        Path absolute = dir.toAbsolutePath().normalize();
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(absolute, StoreFiles.ownerOnly(true));
            lockChannel = FileChannel.open(absolute.resolve("lockstep.lock"), java.util.Set.of(
                    StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE), StoreFiles.ownerOnly(false));
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = readHolder(lockChannel);
                lockChannel.close();
                throw new LockstepException(ErrorCode.BAD_STORE_USE, "the store " + absolute + " is already open for "
                        + "writing" + holder + ". One process at a time may open a store directory: close the "
                        + "other store first, or use another directory.");
            }
            lockChannel.truncate(0);
            lockChannel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.US_ASCII)), 0);
            List<byte[]> records = new ArrayList<>();
            Journal journal = Journal.open(absolute.resolve("journal.log"), durability == Durability.SYNC, records);
            PersistentStore store = new PersistentStore(runtime, absolute, checkpointBytes, lockChannel, lock, journal);
            try {
                store.replay(records);
                return store;
            } catch (IOException | RuntimeException e) {
                store.close();
                throw e;
            }
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new LockstepException(ErrorCode.BAD_STORE_USE, "cannot open the store " + absolute + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    private static String readHolder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            int read = channel.read(buffer, 0);
            String text = read > 0 ? new String(buffer.array(), 0, read, StandardCharsets.US_ASCII).strip() : "";
            return text.isEmpty() ? "" : " (by " + text + ")";
        } catch (IOException e) {
            return "";
        }
    }

    /** Re-applies complete journal records (idempotent: they hold values, not deltas), then checkpoints. */
    private void replay(List<byte[]> records) throws IOException {
        for (byte[] record : records) {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(record));
            int entries = in.readInt();
            for (int i = 0; i < entries; i++) {
                byte kind = in.readByte();
                String name = in.readUTF();
                if (kind == CELL) {
                    StripedCells cells = cellsForReplay(name);
                    cells.applyCommitted(in.readInt(), in.readLong());
                } else {
                    StripedMap<?, ?> map = mapForReplay(name);
                    Object key = map.keyCodec().read(in);
                    if (kind == PUT) {
                        map.applyPut(key, map.valueCodec().read(in));
                    } else {
                        map.applyRemove(key);
                    }
                }
            }
        }
        if (!records.isEmpty()) {
            checkpoint();
        }
        replayed = true;
    }

    private StripedCells cellsForReplay(String name) throws IOException {
        StripedCells found = cellsNamed(name);
        if (found != null) {
            return found;
        }
        MappedByteBuffer mapped = CellsFile.open(dir.resolve(name + ".cells"), name, -1);
        return (StripedCells) longCells(name, CellsFile.lengthOf(mapped));
    }

    private StripedMap<?, ?> mapForReplay(String name) throws IOException {
        StripedMap<?, ?> found = mapNamed(name);
        if (found != null) {
            return found;
        }
        MapFiles.Meta meta = MapFiles.readMeta(dir.resolve(name + ".map"));
        return (StripedMap<?, ?>) map(name, meta.key().type, meta.value().type, meta.entries());
    }

    @Override
    StripedCells newCells(String name, int length) throws IOException {
        MappedByteBuffer mapped = CellsFile.open(dir.resolve(name + ".cells"), name, length);
        mappedCells.put(name, mapped);
        return runtime().newCells(this, name, new OffHeap(mapped, StoreFiles.HEADER, length));
    }

    @Override
    StripedMap<?, ?> newMap(String name, Codec key, Codec value, int maxEntries) throws IOException {
        return runtime().newMap(this, name, key, value, MapFiles.persisted(dir, name, key, value, maxEntries));
    }

    @Override
    Journal journal() {
        return journal;
    }

    /** Held by a commit from its journal append to the end of its apply. */
    java.util.concurrent.locks.Lock applyLock() {
        return applying.readLock();
    }

    /** Called by a commit after it released the apply lock. */
    void afterCommit() {
        if (journal.size() > checkpointBytes) {
            try {
                checkpoint();
            } catch (IOException e) {
                throw new UncheckedIOException("checkpoint of " + dir + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** Forces every data file, then empties the journal: its records are no longer needed. */
    private void checkpoint() throws IOException {
        applying.writeLock().lock();
        try {
            for (MappedByteBuffer mapped : mappedCells.values()) {
                mapped.force();
            }
            for (StripedMap<?, ?> map : allMaps()) {
                try (FileChannel data = FileChannel.open(dir.resolve(map.name() + ".chronicle"), StandardOpenOption.WRITE)) {
                    data.force(true);
                }
            }
            journal.truncate();
        } finally {
            applying.writeLock().unlock();
        }
    }

    @Override
    void release() {
        try {
            if (replayed) {
                checkpoint();
            }
        } catch (IOException e) {
            // The journal still holds every commit: the next open replays them.
        } finally {
            for (StripedMap<?, ?> map : allMaps()) {
                map.closeCommitted();
            }
            closeQuietly(journal);
            try {
                lock.release();
            } catch (IOException e) {
                // Closing the channel releases it too.
            }
            closeQuietly(lockChannel);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Nothing more to do while closing.
            }
        }
    }

    Path dir() {
        return dir;
    }
}

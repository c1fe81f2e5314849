package dev.lockstep.stm;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.state.Durability;
import dev.lockstep.api.state.JournalRepair;
import dev.lockstep.api.state.MapOptions;
import dev.lockstep.stm.state.Codec;
import dev.lockstep.stm.state.OffHeap;
import dev.lockstep.stm.state.StateRuntime;
import dev.lockstep.stm.state.StoreBase;
import dev.lockstep.stm.state.StripedCells;
import dev.lockstep.stm.state.StripedMap;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A store in a directory: cells in memory-mapped files ({@code <name>.cells}), maps in Chronicle
 * Map files, and a redo journal ({@code journal.log}) that makes each commit atomic on disk.
 * Opening claims the directory ({@link DirectoryLock}), replays the journal's records onto the
 * data files (see {@link Journal} for what recovery accepts), forces them, and empties the
 * journal.
 *
 * <p>Commits hold a read lock from their journal append to the end of their apply; a checkpoint
 * (on close, or when the journal grows past {@value #CHECKPOINT_BYTES} bytes) takes the write
 * lock, forces every data file, and then empties the journal. Each data file's identity (its
 * {@link BasicFileAttributes#fileKey() file key}) is noted when it is opened: a checkpoint finds
 * a file deleted or replaced behind the store's back and then keeps the journal, which still
 * holds every commit since the last checkpoint.
 *
 * <p><b>Note:</b> thread-safe.
 */
final class PersistentStore extends StoreBase {
    static final long CHECKPOINT_BYTES = 64L << 20;
    static final String JOURNAL = "journal.log";
    static final byte CELL = 1;
    static final byte PUT = 2;
    static final byte REMOVE = 3;

    private final Path dir;
    private final long checkpointBytes;
    private final DirectoryLock directoryLock;
    private final Journal journal;
    private final ReadWriteLock applying = new ReentrantReadWriteLock();
    private final Map<String, MappedByteBuffer> mappedCells = new ConcurrentHashMap<>();
    /** The file key of every file the store has open, noted when it was opened. */
    private final Map<Path, Object> identities = new ConcurrentHashMap<>();
    /** The last commit id used in a journal record. */
    private final java.util.concurrent.atomic.AtomicLong commitIds = new java.util.concurrent.atomic.AtomicLong();
    /** Set once the journal replayed: until then, closing must not empty it. */
    private volatile boolean replayed;

    private PersistentStore(StateRuntime runtime, Path dir, long checkpointBytes, DirectoryLock directoryLock,
                            Journal journal) {
        super(runtime);
        this.dir = dir;
        this.checkpointBytes = checkpointBytes;
        this.directoryLock = directoryLock;
        this.journal = journal;
    }

    static PersistentStore open(StateRuntime runtime, Path dir, Durability durability) {
        return open(runtime, dir, durability, CHECKPOINT_BYTES);
    }

    /**
     * Opens with another checkpoint threshold: tests use a small one to checkpoint under load.
     *
     * @throws LockstepException with {@link ErrorCode#BAD_STORE_USE} if the directory is open
     *                           already or cannot be written, with {@link ErrorCode#STORE_CORRUPT}
     *                           if a file in it is damaged; nothing in the directory changed then
     */
    static PersistentStore open(StateRuntime runtime, Path dir, Durability durability, long checkpointBytes) {
        Path absolute = dir.toAbsolutePath().normalize();
        String name = "the store " + absolute;
        DirectoryLock claimed = null;
        try {
            Files.createDirectories(absolute, StoreFiles.ownerOnly(true));
            requireWritable(absolute);
            claimed = DirectoryLock.claim(absolute);
            List<byte[]> records = new ArrayList<>();
            Journal journal = Journal.open(absolute.resolve(JOURNAL), durability == Durability.SYNC, records);
            PersistentStore store = new PersistentStore(runtime, absolute, checkpointBytes, claimed, journal);
            claimed = null;
            try {
                store.remember(absolute.resolve(JOURNAL));
                store.replay(records);
                return store;
            } catch (IOException | RuntimeException e) {
                try {
                    store.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        } catch (IOException e) {
            throw StoreFiles.ioError(name, e);
        } finally {
            if (claimed != null) {
                claimed.close();
            }
        }
    }

    /**
     * Cuts a store's damaged journal at its first bad record (see {@link Journal#repair}),
     * holding the directory as an open would.
     *
     * @throws LockstepException with {@link ErrorCode#BAD_STORE_USE} if {@code dir} holds no
     *                           store, is open, or cannot be written
     */
    static JournalRepair repair(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        Path journal = absolute.resolve(JOURNAL);
        if (!Files.isDirectory(absolute) || !Files.exists(journal)) {
            throw new LockstepException(ErrorCode.BAD_STORE_USE, "cannot repair " + absolute + ": it holds no "
                    + "Lockstep store (no " + JOURNAL + "). Pass the directory given to Lockstep.persistentStore.");
        }
        requireWritable(absolute);
        try {
            DirectoryLock claimed = DirectoryLock.claim(absolute);
            try {
                Journal.Repair cut = Journal.repair(journal);
                return new JournalRepair(journal, cut.offset(), cut.droppedBytes());
            } finally {
                claimed.close();
            }
        } catch (IOException e) {
            throw StoreFiles.ioError("the store " + absolute, e);
        }
    }

    /**
     * As root, permission bits do not stop writes, but an immutable or read-only directory does:
     * {@code access(2)} (which {@link Files#isWritable} asks) reports both.
     */
    private static void requireWritable(Path dir) {
        if (!Files.isReadable(dir) || !Files.isWritable(dir) || !Files.isExecutable(dir)) {
            throw new LockstepException(ErrorCode.BAD_STORE_USE, "cannot open the store " + dir + ": this process "
                    + "lacks write permission on it (a store needs read, write and search permission on its "
                    + "directory, and read and write permission on every file in it; a read-only file system or "
                    + "an immutable directory also refuses). Grant the permission, or use another directory.");
        }
    }

    /** Re-applies complete journal records (see {@link JournalRecords}), then checkpoints. */
    private void replay(List<byte[]> records) throws IOException {
        long largest = JournalRecords.replay(records, new JournalRecords.Target() {
            @Override
            public StripedCells cells(String name) throws IOException {
                return cellsForReplay(name);
            }

            @Override
            public StripedMap<?, ?> map(String name) throws IOException {
                return mapForReplay(name);
            }
        });
        commitIds.set(largest);
        for (StripedMap<?, ?> map : allMaps()) {
            map.recount();
        }
        if (!records.isEmpty()) {
            checkpoint();
        }
        replayed = true;
    }

    /** A new id for a commit record, unique within the journal (see {@link JournalRecords}). */
    long nextCommitId() {
        return commitIds.incrementAndGet();
    }

    private StripedCells cellsForReplay(String name) throws IOException {
        StripedCells found = cellsNamed(name);
        if (found != null) {
            return found;
        }
        requireForReplay(dir.resolve(name + ".cells"));
        MappedByteBuffer mapped = CellsFile.open(dir.resolve(name + ".cells"), name, -1);
        return (StripedCells) longCells(name, CellsFile.lengthOf(mapped));
    }

    private StripedMap<?, ?> mapForReplay(String name) throws IOException {
        StripedMap<?, ?> found = mapNamed(name);
        if (found != null) {
            return found;
        }
        requireForReplay(dir.resolve(name + ".map"));
        requireForReplay(dir.resolve(name + ".chronicle"));
        MapFiles.Meta meta = MapFiles.readMeta(dir.resolve(name + ".map"));
        return (StripedMap<?, ?>) map(name, meta.key().type, meta.value().type, meta.options());
    }

    /** A journal record names state whose file is gone: replaying would recreate it empty. */
    private void requireForReplay(Path file) {
        if (!Files.exists(file)) {
            throw new LockstepException(ErrorCode.STORE_CORRUPT, "cannot open the store " + dir + ": " + JOURNAL
                    + " holds commits to " + file.getFileName() + ", but that file is missing (deleted while or "
                    + "after the store was open). Lockstep changed nothing: restore the store directory from a "
                    + "backup, then open it again.");
        }
    }

    @Override
    protected StripedCells newCells(String name, int length) {
        try {
            Path file = dir.resolve(name + ".cells");
            MappedByteBuffer mapped = CellsFile.open(file, name, length);
            remember(file);
            mappedCells.put(name, mapped);
            return cellsOn(name, new OffHeap(mapped, StoreFiles.HEADER, length));
        } catch (IOException e) {
            throw StoreFiles.ioError(describe(), e);
        }
    }

    @Override
    protected StripedMap<?, ?> newMap(String name, Codec key, Codec value, MapOptions options) {
        try {
            MapFiles.Opened opened = MapFiles.persisted(dir, name, key, value, options);
            StripedMap<?, ?> map = mapOn(name, key, value, opened.map(), opened.options());
            remember(dir.resolve(name + ".map"));
            remember(dir.resolve(name + ".chronicle"));
            return map;
        } catch (IOException e) {
            throw StoreFiles.ioError(describe(), e);
        }
    }

    private void remember(Path file) throws IOException {
        identities.put(file, identity(file));
    }

    private static Object identity(Path file) throws IOException {
        Object key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        // Without file keys (some file systems), fall back to the creation time: weaker, but not nothing.
        return key != null ? key : Files.readAttributes(file, BasicFileAttributes.class).creationTime();
    }

    /**
     * Checks that every file the store opened is still the one it opened.
     *
     * @throws LockstepException with {@link ErrorCode#STORE_CORRUPT} naming the first file that
     *                           was deleted or replaced
     */
    private void checkIdentities() {
        for (Map.Entry<Path, Object> opened : identities.entrySet()) {
            Path file = opened.getKey();
            String what;
            try {
                what = opened.getValue().equals(identity(file)) ? null : "was replaced by another file";
            } catch (NoSuchFileException e) {
                what = "was deleted";
            } catch (IOException e) {
                what = "cannot be checked (" + e + ")";
            }
            if (what != null) {
                throw new LockstepException(ErrorCode.STORE_CORRUPT, file + " " + what + " while the store " + dir
                        + " had it open, so the store's writes since then went to a file that is no longer there. "
                        + "Lockstep kept " + dir.resolve(JOURNAL) + ", which still holds every commit since the last "
                        + "checkpoint. Restore the store directory from a backup and open it again (the journal is "
                        + "replayed); never move, delete or replace a store's files while it is open.");
            }
        }
    }

    Journal journal() {
        return journal;
    }

    /** Held by a commit from its journal append to the end of its apply. */
    java.util.concurrent.locks.Lock applyLock() {
        return applying.readLock();
    }

    /**
     * Called by a commit after it released the apply lock: checkpoints once the journal is
     * large.
     *
     * @throws LockstepException if the checkpoint failed; the commit itself stands (its record
     *                           is in the journal), and the message says so
     */
    void afterCommit() {
        if (journal.size() > checkpointBytes) {
            try {
                checkpoint();
            } catch (IOException e) {
                throw StoreFiles.ioError("the store " + dir + " (the call committed and its record is in " + JOURNAL
                        + ", but the checkpoint that followed failed)", e);
            }
        }
    }

    /**
     * Forces every data file, then empties the journal: its records are no longer needed. A
     * file deleted or replaced since it was opened keeps the journal as it is.
     */
    private void checkpoint() throws IOException {
        applying.writeLock().lock();
        try {
            checkIdentities();
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

    /**
     * Checkpoints, then closes every file and releases the directory.
     *
     * @throws LockstepException if the checkpoint failed (a file was deleted or replaced, or the
     *                           disk failed); everything is released anyway, and the journal
     *                           still holds every commit for the next open
     */
    @Override
    protected void release() {
        try {
            if (replayed) {
                checkpoint();
            }
        } catch (IOException e) {
            throw StoreFiles.ioError("the store " + dir + " (its last checkpoint failed; " + JOURNAL
                    + " still holds every commit and the next open replays them)", e);
        } finally {
            for (StripedMap<?, ?> map : allMaps()) {
                map.closeCommitted();
            }
            closeQuietly(journal);
            directoryLock.close();
        }
    }

    @Override
    protected String describe() {
        return "the store " + dir;
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

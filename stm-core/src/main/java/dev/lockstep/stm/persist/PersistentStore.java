package dev.lockstep.stm.persist;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.state.Durability;
import dev.lockstep.api.state.JournalRepair;
import dev.lockstep.api.state.MapOptions;
import dev.lockstep.stm.state.Codec;
import dev.lockstep.stm.state.MapWrites;
import dev.lockstep.stm.state.OffHeap;
import dev.lockstep.stm.state.StateRuntime;
import dev.lockstep.stm.state.StoreBase;
import dev.lockstep.stm.state.StripedCells;
import dev.lockstep.stm.state.StripedMap;
import dev.lockstep.stm.state.WriteSet;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
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
 * Opening claims the directory ({@link DirectoryLock}), replays the journal's records onto the
 * data files (see {@link Journal} for what recovery accepts), forces them, and empties the
 * journal.
 *
 * <p>Commits hold a read lock from their journal append to the end of their apply; a checkpoint
 * (on close, or when the journal grows past {@value #CHECKPOINT_BYTES} bytes) takes the write
 * lock, forces every data file, and then empties the journal. Each data file's identity is
 * noted when it is opened ({@link FileIdentities}): a checkpoint finds a file deleted or replaced
 * behind the store's back and then keeps the journal, which still holds every commit since the
 * last checkpoint. Internal to the engine; not an API.
 *
 * <p><b>Note:</b> thread-safe.
 */
public final class PersistentStore extends StoreBase {
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
    private final FileIdentities identities;
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
        this.identities = new FileIdentities(dir);
    }

    /**
     * Opens the store in {@code dir}, replaying its journal; see the other {@code open}.
     *
     * @return the open store
     */
    public static PersistentStore open(StateRuntime runtime, Path dir, Durability durability) {
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
                store.identities.remember(absolute.resolve(JOURNAL));
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
    public static JournalRepair repair(Path dir) {
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

    /**
     * Appends a commit's write set to the journal, before any data file changes; call holding
     * the {@link #applyLock() apply lock}.
     *
     * @return the record's commit id (unique within the journal), for a cancel record
     * @throws LockstepException with {@link ErrorCode#BAD_STORE_USE} if the journal cannot be
     *                           written; nothing was committed
     */
    public long journalCommit(WriteSet writes, MapWrites mapWrites) {
        long commitId = commitIds.incrementAndGet();
        append(JournalRecords.commit(commitId, writes, mapWrites), "Nothing was committed.");
        return commitId;
    }

    /**
     * Appends a cancel record: commit {@code commitId} failed while it applied and was undone,
     * so replay skips it.
     *
     * @throws LockstepException with {@link ErrorCode#BAD_STORE_USE} if the journal cannot be
     *                           written; the commit's record stays and a reopen replays it
     */
    public void journalCancel(long commitId) {
        append(JournalRecords.cancel(commitId), "The commit was undone in memory, but its journal "
                + "record stays: reopening the store replays it.");
    }

    private void append(byte[] payload, String outcome) {
        try {
            journal.append(payload);
        } catch (IOException e) {
            throw new LockstepException(ErrorCode.BAD_STORE_USE, "cannot write the journal of " + dir
                    + ": " + e.getMessage() + ". " + outcome, e);
        }
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
            identities.remember(file);
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
            identities.remember(dir.resolve(name + ".map"));
            identities.remember(dir.resolve(name + ".chronicle"));
            return map;
        } catch (IOException e) {
            throw StoreFiles.ioError(describe(), e);
        }
    }

    /**
     * Held by a commit from its journal append to the end of its apply.
     *
     * @return the read side of the lock a checkpoint takes for writing
     */
    public java.util.concurrent.locks.Lock applyLock() {
        return applying.readLock();
    }

    /**
     * Called by a commit after it released the apply lock: checkpoints once the journal is
     * large.
     *
     * @throws LockstepException if the checkpoint failed; the commit itself stands (its record
     *                           is in the journal), and the message says so
     */
    public void afterCommit() {
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
            identities.check();
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

    /**
     * The store's directory.
     *
     * @return its absolute, normalized path
     */
    public Path dir() {
        return dir;
    }
}

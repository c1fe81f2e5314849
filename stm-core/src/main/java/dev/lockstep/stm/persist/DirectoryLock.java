package dev.lockstep.stm.persist;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The claim on a store directory: one open per directory in this JVM, one process per
 * directory on the machine.
 *
 * <p>Two levels, in this order. First a JVM-wide registry of open directories (by real path,
 * so a symbolic link or another spelling finds the same entry); a directory already in it is
 * refused before any channel on its {@code lockstep.lock} is opened. That order matters: POSIX
 * record locks belong to the process, and closing <em>any</em> channel on the file releases the
 * process's lock, so a refused second open that opened and closed its own channel would silently
 * hand the directory to another process. Then the file lock on {@code lockstep.lock}, which keeps
 * other processes out; it holds the owner's pid, for the error another process sees.
 *
 * <p><b>Note:</b> thread-safe; {@link #close()} is called once, by the owner.
 */
final class DirectoryLock implements AutoCloseable {
    static final String LOCK_FILE = "lockstep.lock";
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();
    /**
     * Channels that must never be closed: they found the lock held by another copy of this class
     * in this JVM (another class loader), and closing them would release that copy's lock.
     */
    private static final Set<FileChannel> KEPT_OPEN = ConcurrentHashMap.newKeySet();

    private final Path realDir;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path realDir, FileChannel channel, FileLock lock) {
        this.realDir = realDir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims {@code dir}, which exists.
     *
     * @throws LockstepException with {@link ErrorCode#BAD_STORE_USE} if this JVM or another
     *                           process has it open; nothing was changed then
     * @throws IOException       if the lock file cannot be opened or written
     */
    static DirectoryLock claim(Path dir) throws IOException {
        Path real = dir.toRealPath();
        if (!OPEN.add(real)) {
            throw new LockstepException(ErrorCode.BAD_STORE_USE, "the store " + dir + " is already open for writing "
                    + "in this JVM (pid " + ProcessHandle.current().pid() + "). A store directory may be open once at a "
                    + "time: share the open StateStore between threads (it is thread-safe), or close it first.");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(real.resolve(LOCK_FILE), Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE), StoreFiles.ownerOnly(false));
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // Not ours (the registry says so): another class loader's Lockstep in this JVM.
                KEPT_OPEN.add(channel);
                lock = null;
            }
            if (lock == null) {
                throw new LockstepException(ErrorCode.BAD_STORE_USE, "the store " + dir + " is already open for "
                        + "writing" + holder(channel) + ". One process at a time may open a store directory: close "
                        + "the other store first, or use another directory.");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.US_ASCII)), 0);
            return new DirectoryLock(real, channel, lock);
        } catch (IOException | RuntimeException e) {
            // Safe to close unless another copy of this class holds the lock: the registry says
            // that this one does not.
            if (channel != null && !KEPT_OPEN.contains(channel)) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            OPEN.remove(real);
            throw e;
        }
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            int read = channel.read(buffer, 0);
            String text = read > 0 ? new String(buffer.array(), 0, read, StandardCharsets.US_ASCII).strip() : "";
            return text.isEmpty() ? "" : " (by " + text + ")";
        } catch (IOException e) {
            return "";
        }
    }

    /** Whether {@code dir} is open in this JVM (for tests and diagnostics). */
    static boolean isOpenHere(Path dir) throws IOException {
        return Files.exists(dir) && OPEN.contains(dir.toRealPath());
    }

    /** Releases the file lock, then the registry entry: in that order, so no second open in this JVM races the release. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel releases it too.
        }
        try {
            channel.close();
        } catch (IOException e) {
            // The process's lock is gone with the channel either way.
        }
        OPEN.remove(realDir);
    }
}

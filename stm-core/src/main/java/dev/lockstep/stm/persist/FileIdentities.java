package dev.lockstep.stm.persist;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identity of every file a persistent store has open (its
 * {@link BasicFileAttributes#fileKey() file key}), noted when it is opened, so that a checkpoint
 * can tell a file deleted or replaced behind the store's back before it empties the journal.
 *
 * <p><b>Note:</b> thread-safe.
 */
final class FileIdentities {
    private final Path dir;
    private final Map<Path, Object> identities = new ConcurrentHashMap<>();

    FileIdentities(Path dir) {
        this.dir = dir;
    }

    /** Notes the identity of {@code file}, which the store just opened. */
    void remember(Path file) throws IOException {
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
    void check() {
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
                        + "Lockstep kept " + dir.resolve(PersistentStore.JOURNAL) + ", which still holds every commit "
                        + "since the last checkpoint. Restore the store directory from a backup and open it again (the "
                        + "journal is replayed); never move, delete or replace a store's files while it is open.");
            }
        }
    }
}

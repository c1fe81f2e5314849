package dev.lockstep.api;

import dev.lockstep.api.spi.LockstepProvider;
import dev.lockstep.api.state.Durability;
import dev.lockstep.api.state.JournalRepair;
import dev.lockstep.api.state.StateStore;

import java.nio.file.Path;

/**
 * Entry point of Lockstep: builds hardeners and opens state stores.
 *
 * <p>The runtime is the single {@link LockstepProvider} found with
 * {@link java.util.ServiceLoader} ({@code lockstep-stm-core}); none or several on the class path
 * is reported with {@link ErrorCode#NO_PROVIDER} or {@link ErrorCode#MULTIPLE_PROVIDERS}.
 *
 * <p><b>Note:</b> all methods are static and thread-safe.
 */
public final class Lockstep {
    private Lockstep() {
    }

    /**
     * Starts configuring a hardener.
     *
     * @return a new builder with the defaults described in {@link HardenerBuilder}
     */
    public static HardenerBuilder builder() {
        return new HardenerBuilder();
    }

    /**
     * Opens a store whose state lives off-heap in this process and is gone when the process
     * ends or the store is closed.
     *
     * @return a new, empty, thread-safe store
     * @throws LockstepException if the runtime is missing, duplicated, or lacks a JVM flag
     */
    public static StateStore inMemoryStore() {
        return provider().newInMemoryStore();
    }

    /**
     * Opens (or creates) a store whose state lives in files under {@code dir}, with
     * {@link Durability#SYNC}. See {@link #persistentStore(Path, Durability)}.
     *
     * @param dir the store's directory
     * @return the open store; close it to release its files
     * @throws LockstepException as for {@link #persistentStore(Path, Durability)}
     */
    public static StateStore persistentStore(Path dir) {
        return persistentStore(dir, Durability.SYNC);
    }

    /**
     * Opens (or creates) a store whose state lives in files under {@code dir}: cells in
     * memory-mapped files, maps in Chronicle Map files, and a redo journal that makes every
     * commit atomic on disk. Opening replays the journal's records. A damaged last record is a
     * torn tail (a commit cut short by a crash, or a flipped bit that nothing after it can tell
     * from one): it is dropped with a warning. A damaged record with valid records after it is
     * corruption: opening refuses (see {@link #repairStore(Path)}). A directory may be open once
     * at a time: by one store in one process.
     *
     * @param dir        the store's directory, created if absent (owner-only permissions)
     * @param durability when commits reach the disk
     * @return the open store; close it to release its files and the directory lock
     * @throws LockstepException with {@link ErrorCode#BAD_STORE_USE} if another process, or
     *                           another store of this JVM, has the directory open (the other
     *                           open keeps it), or this process cannot read and write in it;
     *                           with {@link ErrorCode#STORE_CORRUPT} if a file in it is
     *                           damaged, truncated or not Lockstep's, or the journal is damaged
     *                           in the middle (the message names the file and byte offset).
     *                           Nothing in the directory is changed then
     */
    public static StateStore persistentStore(Path dir, Durability durability) {
        return provider().newPersistentStore(dir, durability);
    }

    /**
     * Repairs a persistent store whose journal is damaged in the middle, which
     * {@link #persistentStore(Path, Durability)} refuses to open: cuts the journal at its first
     * damaged record, dropping it and every record after it, and logs a warning (logger
     * {@code dev.lockstep.store}) with the offset and the bytes dropped. The commits in those
     * records are lost; the next open replays the records before them. Restoring the directory
     * from a backup loses nothing and is preferable where there is one. A whole journal is left
     * as it is.
     *
     * @param dir the store's directory
     * @return where the journal was cut and how many bytes were dropped
     * @throws LockstepException with {@link ErrorCode#BAD_STORE_USE} if {@code dir} is not a
     *                           store directory, is open (in this process or another), or cannot
     *                           be written; with {@link ErrorCode#STORE_CORRUPT} if the
     *                           journal's header is damaged (then it is not a journal to repair)
     */
    public static JournalRepair repairStore(Path dir) {
        return provider().repairStore(dir);
    }

    /**
     * Activates {@link Hardened} in this JVM: installs the interception agent by attaching to
     * the running JVM, and transforms the classes already loaded as well as those loaded later.
     * Idempotent and thread-safe; does nothing more if the JVM was started with
     * {@code -javaagent:} the {@code lockstep-stm-core} jar.
     *
     * <p>On JDK 21 and later, attaching an agent to the running JVM prints a warning unless the
     * JVM was started with {@code -XX:+EnableDynamicAgentLoading} (one of the flags the README
     * lists); {@code -javaagent:} needs no flag.
     *
     * @throws LockstepException with {@link ErrorCode#INSTALL_FAILED} if this JVM cannot attach
     *                           an agent (for example a JRE without {@code jdk.attach}); the
     *                           message says to use {@code -javaagent:} instead
     */
    public static void install() {
        provider().install();
    }

    /**
     * Returns the runtime, loading it on first use.
     *
     * @return the one provider
     * @throws LockstepException if it cannot be loaded; the same error on every call
     */
    static LockstepProvider provider() {
        return ProviderHolder.get();
    }
}

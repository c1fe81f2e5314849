package dev.lockstep.api.spi;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.state.JournalRepair;
import dev.lockstep.api.state.StateStore;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The runtime behind the public API, registered in
 * {@code META-INF/services/dev.lockstep.api.spi.LockstepProvider}. Exactly one must be on the
 * class path; applications never call it directly.
 *
 * <p>The constructor should check the environment (JVM flags) and throw a
 * {@link dev.lockstep.api.LockstepException} that names the fix if it cannot run.
 *
 * <p><b>Note:</b> an implementation must be thread-safe.
 */
public interface LockstepProvider {

    /**
     * Builds a hardener.
     *
     * @param config validated settings
     * @return a thread-safe hardener
     */
    Hardener newHardener(HardenerConfig config);

    /**
     * Opens a new in-memory store.
     *
     * @return a thread-safe store
     */
    StateStore newInMemoryStore();

    /**
     * Opens a persistent store.
     *
     * @param dir        the directory
     * @param durability when commits reach the disk
     * @return a thread-safe store
     */
    StateStore newPersistentStore(java.nio.file.Path dir, dev.lockstep.api.state.Durability durability);

    /**
     * Backs {@link dev.lockstep.api.Lockstep#repairStore(java.nio.file.Path)}. The default
     * refuses, for runtimes without persistent stores.
     *
     * @param dir the store's directory
     * @return what the repair dropped
     * @throws UnsupportedOperationException if this runtime cannot repair stores
     */
    default JournalRepair repairStore(java.nio.file.Path dir) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot repair persistent stores");
    }

    /**
     * Backs {@link dev.lockstep.api.Nondet}: inside a call the leader draws and logs, later
     * replicas replay; outside a call, draws.
     *
     * @param source where the leader draws
     * @return the value for the current replica
     */
    long recordLong(LongSupplier source);

    /**
     * Backs {@link dev.lockstep.api.Nondet#record(Supplier)}, as {@link #recordLong}.
     *
     * @param source where the leader draws
     * @param <T>    the value type
     * @return the value for the current replica
     */
    <T> T record(Supplier<T> source);

    /**
     * Backs {@link dev.lockstep.api.Lockstep#install()}: idempotent and thread-safe.
     */
    void install();

    /**
     * Backs {@link dev.lockstep.api.Effects#afterCommit(Runnable)}.
     *
     * @param effect the deferred effect
     * @throws IllegalStateException if called outside a hardened call
     */
    void afterCommit(Runnable effect);
}

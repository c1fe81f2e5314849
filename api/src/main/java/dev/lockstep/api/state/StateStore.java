package dev.lockstep.api.state;

/**
 * A container of named state that hardened calls read and write. Obtain one from
 * {@link dev.lockstep.api.Lockstep#inMemoryStore()} or
 * {@link dev.lockstep.api.Lockstep#persistentStore(java.nio.file.Path)}. Both offer the same
 * state types. A hardened call may write to any number of in-memory stores but to at most one
 * persistent store: on-disk atomicity is per store.
 *
 * <p><b>Note:</b> a store is thread-safe; its views may be shared between threads.
 */
public interface StateStore extends AutoCloseable {

    /**
     * Returns the cells named {@code name}, creating them zero-filled on first use. Asking again
     * for the same name returns the same cells.
     *
     * @param name   a name of letters, digits, {@code -} and {@code _}, unique within this store
     * @param length the number of cells, 1 or more
     * @return the cells
     * @throws IllegalArgumentException if {@code name} is blank, {@code length} is less than 1,
     *                                  or the name exists with another length
     * @throws StoreCapacityException   if {@code length} is more than a store can address
     *                                  (268,435,447 cells, in either store)
     * @throws dev.lockstep.api.LockstepException with
     *         {@link dev.lockstep.api.ErrorCode#STORE_CLOSED} if the store is closed
     */
    LongCells longCells(String name, int length);

    /**
     * Returns the map named {@code name}, creating it empty on first use, with the default sizes
     * of {@link MapOptions}: the same as {@code map(name, keyType, valueType,
     * MapOptions.entries(maxEntries))}.
     *
     * @param name       a name of letters, digits, {@code -} and {@code _}, unique within this store
     * @param keyType    {@code String}, {@code Long}, {@code Integer} or {@code byte[]}
     * @param valueType  {@code String}, {@code Long}, {@code Integer} or {@code byte[]}
     * @param maxEntries how many entries the map holds, 1 or more
     * @param <K>        the key type
     * @param <V>        the value type
     * @return the map
     * @throws IllegalArgumentException if a type is not supported, the name is not allowed,
     *                                  {@code maxEntries} is less than 1, or the map exists
     *                                  with other types
     * @throws dev.lockstep.api.LockstepException with
     *         {@link dev.lockstep.api.ErrorCode#STORE_CAPACITY} if the map exists with a smaller
     *         {@code maxEntries}; with {@link dev.lockstep.api.ErrorCode#STORE_CLOSED} if the
     *         store is closed
     */
    default <K, V> TxMap<K, V> map(String name, Class<K> keyType, Class<V> valueType, int maxEntries) {
        return map(name, keyType, valueType, MapOptions.entries(maxEntries));
    }

    /**
     * Returns the map named {@code name}, creating it empty on first use with {@code options}.
     * A map keeps the options it was created with: asking again (in this store, or after
     * reopening a persistent store) with limits ({@code maxEntries}, {@code maxKeyBytes},
     * {@code maxValueBytes}) no larger than the stored ones returns the map with its stored
     * options; larger limits are refused. Every limit is kept exactly: a key or value over its
     * maximum fails at {@link TxMap#put}, and a call whose commit would take the map past
     * {@code maxEntries} commits nothing; both throw {@link StoreCapacityException}.
     *
     * @param name      a name of letters, digits, {@code -} and {@code _}, unique within this store
     * @param keyType   {@code String}, {@code Long}, {@code Integer} or {@code byte[]}
     * @param valueType {@code String}, {@code Long}, {@code Integer} or {@code byte[]}
     * @param options   the map's size: entries and key and value sizes
     * @param <K>       the key type
     * @param <V>       the value type
     * @return the map
     * @throws IllegalArgumentException if a type is not supported, the name is not allowed, or
     *                                  the map exists with other types
     * @throws dev.lockstep.api.LockstepException with
     *         {@link dev.lockstep.api.ErrorCode#STORE_CAPACITY} if the map exists with a smaller
     *         limit than {@code options} asks for (the message names the stored and the asked
     *         sizes); with {@link dev.lockstep.api.ErrorCode#STORE_CLOSED} if the store is closed
     */
    <K, V> TxMap<K, V> map(String name, Class<K> keyType, Class<V> valueType, MapOptions options);

    /**
     * Closes the store and releases its memory. Safe while other threads use the store: each
     * of their calls either finishes before the close or fails with
     * {@link dev.lockstep.api.ErrorCode#STORE_CLOSED} and commits nothing; close waits for
     * commits already under way. Using the store or its views afterwards fails with
     * {@link dev.lockstep.api.ErrorCode#STORE_CLOSED}. Closing twice does nothing.
     *
     * @throws dev.lockstep.api.LockstepException for a persistent store whose final checkpoint
     *         failed, with {@link dev.lockstep.api.ErrorCode#STORE_CORRUPT} if one of its files
     *         was deleted or replaced while it was open; the store is closed anyway and its
     *         journal keeps every commit
     */
    @Override
    void close();
}

package dev.lockstep.api.state;

/**
 * A container of named state that hardened calls read and write. Obtain one from
 * {@link dev.lockstep.api.Lockstep#inMemoryStore()}.
 *
 * <p><b>Note:</b> a store is thread-safe; its views may be shared between threads.
 */
public interface StateStore extends AutoCloseable {

    /**
     * Returns the cells named {@code name}, creating them zero-filled on first use. Asking again
     * for the same name returns the same cells.
     *
     * @param name   a non-blank name, unique within this store
     * @param length the number of cells, 1 or more
     * @return the cells
     * @throws IllegalArgumentException if {@code name} is blank, {@code length} is less than 1,
     *                                  or the name exists with another length
     * @throws dev.lockstep.api.LockstepException with
     *         {@link dev.lockstep.api.ErrorCode#BAD_STORE_USE} if the store is closed
     */
    LongCells longCells(String name, int length);

    /**
     * Closes the store and releases its memory. Using the store or its views afterwards fails
     * with {@link dev.lockstep.api.ErrorCode#BAD_STORE_USE}. Closing twice does nothing.
     */
    @Override
    void close();
}

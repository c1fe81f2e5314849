package dev.lockstep.api.state;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;

/**
 * A hardened call's writes do not fit a store: a map would hold more entries than it was sized
 * for, a key or value is larger than its map accepts, or cells are longer than a store can
 * address. Nothing of the call was committed and the store stays usable. The message names the
 * state, the limit that was hit and the option that raises it; the accessors give the same
 * facts to code.
 *
 * <p><b>Note:</b> immutable once constructed and safe to share between threads.
 */
public final class StoreCapacityException extends LockstepException {
    private static final long serialVersionUID = 1L;

    /** The state that was full, as {@code "map 'kv'"} or {@code "cells 'accounts'"}. */
    private final String target;
    /** The name of the limit, as the option that sets it is named, for example {@code "maxEntries"}. */
    private final String limit;
    /** The limit's value. */
    private final long allowed;
    /** What the call needed. */
    private final long requested;

    /**
     * Creates the exception.
     *
     * @param target    the state that was full, as {@code "map 'kv'"}
     * @param limit     the name of the limit, for example {@code "maxEntries"} or {@code "maxValueBytes"}
     * @param allowed   the limit's value
     * @param requested what the call needed
     * @param fix       how to raise the limit, for example the builder option that sets it
     */
    public StoreCapacityException(String target, String limit, long allowed, long requested, String fix) {
        super(ErrorCode.STORE_CAPACITY, target + " is full: its " + limit + " is " + allowed + ", but the call needed "
                + requested + ". Nothing of the call was committed and the store stays usable. " + fix);
        this.target = target;
        this.limit = limit;
        this.allowed = allowed;
        this.requested = requested;
    }

    /**
     * Returns the state that was full.
     *
     * @return for example {@code "map 'kv'"}
     */
    public String target() {
        return target;
    }

    /**
     * Returns the name of the limit that was hit, as the option that sets it is named.
     *
     * @return for example {@code "maxEntries"}
     */
    public String limit() {
        return limit;
    }

    /**
     * Returns the limit's value.
     *
     * @return the most the state accepts
     */
    public long allowed() {
        return allowed;
    }

    /**
     * Returns what the call needed.
     *
     * @return a value above {@link #allowed()}
     */
    public long requested() {
        return requested;
    }
}

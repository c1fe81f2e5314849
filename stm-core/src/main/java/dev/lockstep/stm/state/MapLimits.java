package dev.lockstep.stm.state;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.state.MapOptions;
import dev.lockstep.api.state.StoreCapacityException;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A map's limits, kept exactly: key and value sizes are checked at {@code put} (in the body, so
 * every replica throws the same), the entry count at commit. The count is the committed entries
 * plus what commits in progress reserved: a commit reserves the entries it adds after
 * {@code prepare()} has locked its stripes (so whether each written key is present cannot change
 * under it) and before anything is applied, and releases them if it fails.
 * Internal to the engine; not an API.
 *
 * <p><b>Note:</b> thread-safe.
 */
public final class MapLimits {
    private final String name;
    private final Codec key;
    private final Codec value;
    private final MapOptions options;
    /** Committed entries plus the reservations of commits in progress. */
    private final AtomicInteger entries = new AtomicInteger();

    MapLimits(String name, Codec key, Codec value, MapOptions options) {
        this.name = name;
        this.key = key;
        this.value = value;
        this.options = options;
    }

    public MapOptions options() {
        return options;
    }

    /**
     * Checks a put's key and value against the map's maxima.
     *
     * @throws StoreCapacityException if one is larger
     */
    void checkPut(Object k, Object v) {
        if (!key.fixedSize()) {
            check("maxKeyBytes", options.maxKeyBytes(), key.encodedSize(k), "key");
        }
        if (!value.fixedSize()) {
            check("maxValueBytes", options.maxValueBytes(), value.encodedSize(v), "value");
        }
    }

    private void check(String limit, int allowed, long size, String what) {
        if (size > allowed) {
            throw new StoreCapacityException("map '" + name + "'", limit, allowed, size, "A " + what + " of " + size
                    + " bytes does not fit: raise it with MapOptions." + limit + "(...) when the map is first created "
                    + "(a map keeps the options it was created with), or store a smaller " + what + ".");
        }
    }

    /**
     * Reserves {@code added} more entries.
     *
     * @throws StoreCapacityException if the map would hold more than maxEntries; nothing reserved
     */
    public void reserve(int added) {
        for (;;) {
            int now = entries.get();
            long wanted = (long) now + added;
            if (wanted > options.maxEntries()) {
                throw new StoreCapacityException("map '" + name + "'", "maxEntries", options.maxEntries(), wanted,
                        "Remove entries first, or create the map with a larger MapOptions.entries(...) (a map keeps "
                                + "the options it was created with: copy the entries into a new map).");
            }
            if (entries.compareAndSet(now, (int) wanted)) {
                return;
            }
        }
    }

    /** Gives back {@code count} entries: a failed commit's reservation, or a commit's removals. */
    public void release(int count) {
        entries.addAndGet(-count);
    }

    /** Sets the count to the committed entries, when no commit is in progress (open, replay). */
    void recount(int committed) {
        entries.set(committed);
    }

    int entries() {
        return entries.get();
    }

    /**
     * The options an existing map keeps when it is asked for again with {@code requested}: its
     * stored ones, if no requested limit is larger.
     *
     * @throws LockstepException with {@link ErrorCode#STORE_CAPACITY} naming both sizes if a
     *                           requested limit is larger than the stored one
     */
    public static MapOptions reconcile(String name, Codec key, Codec value, MapOptions stored, MapOptions requested) {
        boolean larger = requested.maxEntries() > stored.maxEntries()
                || !key.fixedSize() && requested.maxKeyBytes() > stored.maxKeyBytes()
                || !value.fixedSize() && requested.maxValueBytes() > stored.maxValueBytes();
        if (larger) {
            throw new LockstepException(ErrorCode.STORE_CAPACITY, "map '" + name + "' exists with " + stored
                    + ", smaller than the " + requested + " asked for. Lockstep does not resize a map: ask with limits "
                    + "no larger than the stored ones (the map keeps them), or copy its entries into a new map "
                    + "created with the larger options.");
        }
        return stored;
    }
}

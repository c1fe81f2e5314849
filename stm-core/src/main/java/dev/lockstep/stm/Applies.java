package dev.lockstep.stm;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the commits that apply a write set to committed state, runtime-wide, so that a reader
 * may read a stripe that a commit holds locked but has not yet changed. A commit holds its
 * stripes' Multiverse locks from {@code prepare()} to {@code commit()}; on a persistent store in
 * SYNC mode that window is mostly the journal's force, during which the data is still the last
 * committed. A reader takes a {@link #stamp()} when its attempt begins; a locked stripe still at
 * the version it read is unchanged as long as no apply started since ({@link #noneSince}).
 *
 * <p>This is a seqlock over applies: coarse (any apply anywhere invalidates the stamp), but only
 * consulted when a reader meets a locked stripe, where it used to conflict outright.
 *
 * <p><b>Note:</b> thread-safe.
 */
final class Applies {
    /** A stamp under which no locked stripe is ever accepted. */
    static final long NONE = -1;
    /** How long {@link #stamp()} waits for applies in progress: spins, then yields. */
    private static final int STAMP_SPINS = 256;

    private final AtomicLong started = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();

    /**
     * Applies a write set to committed state, counted (an undo after a refused map write too).
     * Call with the written stripes locked, after the journal record (if any) is on the device;
     * see {@link Commits#apply} for the arguments and failures.
     */
    void apply(WriteSet writes, MapWrites mapWrites, PersistentStore store, long commitId) {
        started.incrementAndGet();
        try {
            Commits.apply(writes, mapWrites, store, commitId);
        } finally {
            finished.incrementAndGet();
        }
    }

    /**
     * The applies started so far, once none is in progress; or {@link #NONE} if applies kept
     * running through a short, bounded wait. An apply only copies a write set to memory, so the
     * wait is short; without it, an attempt re-run right after losing to an apply would begin
     * during that apply and lose to the next lock it meets.
     */
    long stamp() {
        for (int spins = 0; spins < STAMP_SPINS; spins++) {
            long f = finished.get();
            long s = started.get();
            if (s == f) {
                return s;
            }
            Stripes.pause(spins);
        }
        return NONE;
    }

    /** Whether no apply started since {@code stamp} was taken (never for {@link #NONE}). */
    boolean noneSince(long stamp) {
        return stamp != NONE && started.get() == stamp;
    }
}

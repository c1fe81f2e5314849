package dev.lockstep.stm.state;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the commits that apply a write set to committed state, runtime-wide: the clock of
 * the replicas' snapshots ({@link Snapshot}). A snapshot begins at a {@link #stamp()}, taken
 * when no apply is in progress; as long as no apply has started since ({@link #noneSince}, one
 * volatile load), committed memory is exactly what it was at the stamp, so a replica may read
 * it directly and every value it reads belongs to one state. A commit applies with its stripes
 * locked and publishes their new versions after the apply, so a snapshot that must move on
 * checks each stripe it read under a fresh stamp. Internal to the engine; not an API.
 *
 * <p><b>Note:</b> thread-safe.
 */
public final class Applies {
    /** A stamp that no state matches: every read under it must first extend its snapshot. */
    public static final long NONE = -1;
    /** How long {@link #stamp()} waits for applies in progress: spins, then yields. */
    private static final int STAMP_SPINS = 256;

    private final AtomicLong started = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();

    /**
     * A commit starts applying a write set to committed state (an undo after a refused map
     * write counts too): call with the written stripes locked, after the journal record (if any)
     * is on the device, and pair it with {@link #end()} in a {@code finally}.
     */
    public void begin() {
        started.incrementAndGet();
    }

    /** The apply {@link #begin() begun} by this thread ended, whatever its outcome. */
    public void end() {
        finished.incrementAndGet();
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

package dev.lockstep.stm;

import org.multiverse.stms.gamma.transactionalobjects.GammaTxnLong;

import java.lang.invoke.VarHandle;

/**
 * The versioning protocol between off-heap cells and Multiverse, in one place.
 *
 * <p>Cells are grouped in stripes of {@value #CELLS_PER_STRIPE} (one 64-byte cache line). Each
 * stripe is guarded by a Multiverse {@link GammaTxnLong} whose value is the stripe's version.
 * A commit raises the version of every stripe it writes inside its transaction, then
 * {@code prepare()} takes Multiverse's exclusive lock on those stripes (and, being serializable,
 * read locks on the stripes it only read), the write set is applied to off-heap memory while the
 * locks are held, and {@code commit()} publishes the new versions and releases the locks.
 *
 * <p>A reader is therefore a seqlock reader: it notes the version, reads the cell, and accepts
 * the value only if the stripe is not exclusively locked and still at that version. A value from
 * a commit in progress either shows the lock or, once the commit is done, a newer version.
 * Leaders of attempts may also accept a locked stripe whose commit has not started applying
 * ({@link #stillAt}, {@link Applies}): on a persistent store in SYNC mode a commit holds its locks
 * through the journal's force, and readers would otherwise lose to it again and again.
 */
final class Stripes {
    static final int SHIFT = 3;
    static final int CELLS_PER_STRIPE = 1 << SHIFT;

    private Stripes() {
    }

    static int count(int cells) {
        return (cells + CELLS_PER_STRIPE - 1) >>> SHIFT;
    }

    static int of(int cell) {
        return cell >>> SHIFT;
    }

    /** Whether {@code stripe} is still at {@code version} and no commit holds it. */
    static boolean unchanged(GammaTxnLong stripe, long version) {
        return !stripe.hasExclusiveLock() && stripe.atomicWeakGet() == version;
    }

    /**
     * Whether {@code stripe} is still at {@code version} with the data read under it: unlocked,
     * or locked by a commit that has not applied anything since {@code stamp} (see
     * {@link Applies}). Call after reading the data.
     */
    static boolean stillAt(GammaTxnLong stripe, long version, Applies applies, long stamp) {
        // The data was read before; keep those loads ahead of the checks below.
        VarHandle.loadLoadFence();
        boolean locked = stripe.hasExclusiveLock();
        return stripe.atomicWeakGet() == version && (!locked || applies.noneSince(stamp));
    }

    /** Waits a little before reading a stripe that a commit holds: spin, then yield. */
    static void pause(int spins) {
        if (spins < 64) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }
}

package dev.lockstep.stm.state;

import org.multiverse.stms.gamma.transactionalobjects.GammaTxnLong;

/**
 * The versioning protocol between off-heap cells and Multiverse, in one place.
 *
 * <p>Cells are grouped in stripes of {@value #CELLS_PER_STRIPE} (one 64-byte cache line). Each
 * stripe is guarded by a Multiverse {@link GammaTxnLong} whose value is the stripe's version.
 * A commit raises the version of every stripe it writes inside its transaction, then
 * {@code prepare()} takes Multiverse's exclusive lock on those stripes, the stripes it read are
 * checked, the write set is applied to off-heap memory while the locks are held, and
 * {@code commit()} publishes the new versions and releases the locks ({@link StripeLocks}).
 *
 * <p>A reader outside a call is therefore a seqlock reader: it notes the version, reads the
 * cell, and accepts the value only if the stripe is not exclusively locked and still at that
 * version, and the same for the cells object's {@linkplain StripedCells#whole() whole version},
 * which a commit writing many stripes of one cells object raises instead of each stripe's
 * (escalation). Replicas inside a call read by the snapshot rule instead ({@link Snapshot}).
 * Internal to the engine; not an API.
 *
 * <p><b>Note:</b> stateless and thread-safe.
 */
public final class Stripes {
    static final int SHIFT = 3;
    public static final int CELLS_PER_STRIPE = 1 << SHIFT;
    /**
     * A commit that writes more stripes than this of one cells object locks the object as a
     * whole instead: one Multiverse reference, where a histogram's 768 cells took 96.
     */
    static final int ESCALATE_AFTER = 16;

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

    /** Waits a little before reading a stripe that a commit holds: spin, then yield. */
    static void pause(int spins) {
        if (spins < 64) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }
}

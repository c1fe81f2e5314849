package dev.lockstep.stm;

import org.agrona.collections.LongHashSet;
import org.multiverse.api.exceptions.ControlFlowError;
import org.multiverse.stms.gamma.transactionalobjects.GammaTxnLong;
import org.multiverse.stms.gamma.transactions.GammaTxn;

import java.util.Arrays;

/**
 * The stripes an attempt has read, each with the version it saw. Validated once more after the
 * last replica ran: if every stripe is still at its version and unlocked, all reads of the
 * attempt come from one snapshot, so a disagreement between replicas is a fault and not the
 * trace of a concurrent commit.
 *
 * <p><b>Note:</b> not thread-safe; owned by one call on one thread.
 */
final class ReadSet {
    private final LongHashSet seen = new LongHashSet();
    private GammaTxnLong[] stripes = new GammaTxnLong[16];
    private long[] versions = new long[16];
    private int size;
    /** Stripes first read while a commit held them: the transaction does not know them. */
    private GammaTxnLong[] untracked = new GammaTxnLong[4];
    private long[] untrackedVersions = new long[4];
    private int untrackedSize;

    /** Records the first read of a stripe; later reads of the same stripe are ignored. */
    void add(long stripeKey, GammaTxnLong stripe, long version) {
        if (!seen.add(stripeKey)) {
            return;
        }
        if (size == stripes.length) {
            stripes = Arrays.copyOf(stripes, size * 2);
            versions = Arrays.copyOf(versions, size * 2);
        }
        stripes[size] = stripe;
        versions[size] = version;
        size++;
    }

    /** Records a stripe read past a commit's lock, outside the transaction. */
    void addUntracked(GammaTxnLong stripe, long version) {
        if (untrackedSize == untracked.length) {
            untracked = Arrays.copyOf(untracked, untrackedSize * 2);
            untrackedVersions = Arrays.copyOf(untrackedVersions, untrackedSize * 2);
        }
        untracked[untrackedSize] = stripe;
        untrackedVersions[untrackedSize] = version;
        untrackedSize++;
    }

    /**
     * Whether every stripe read is still at its version with the data read: unlocked, or locked
     * by a commit that applied nothing since {@code stamp} ({@link Stripes#stillAt}).
     */
    boolean stillValid(Applies applies, long stamp) {
        for (int i = 0; i < size; i++) {
            if (!Stripes.stillAt(stripes[i], versions[i], applies, stamp)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the stripes read past a lock still hold what was read: cheap (one volatile read)
     * until some commit applies, then each is checked.
     */
    boolean untrackedStillValid(Applies applies, long stamp) {
        if (untrackedSize == 0 || applies.noneSince(stamp)) {
            return true;
        }
        for (int i = 0; i < untrackedSize; i++) {
            if (!Stripes.stillAt(untracked[i], untrackedVersions[i], applies, stamp)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Opens every stripe read past a lock in {@code txn}, so that its {@code prepare()} validates
     * them like the others: a writing call must not commit on a read the transaction never saw.
     *
     * @return false if one is locked or changed now: a conflict
     */
    boolean trackInto(GammaTxn txn) {
        try {
            for (int i = 0; i < untrackedSize; i++) {
                if (untracked[i].get(txn) != untrackedVersions[i]) {
                    return false;
                }
            }
            return true;
        } catch (ControlFlowError e) {
            return false;
        }
    }

    void clear() {
        if (untrackedSize > 0) {
            Arrays.fill(untracked, 0, untrackedSize, null);
            untrackedSize = 0;
        }
        if (size == 0) {
            return;
        }
        seen.clear();
        Arrays.fill(stripes, 0, size, null);
        size = 0;
    }
}

package dev.lockstep.stm;

import org.agrona.collections.LongHashSet;
import org.multiverse.stms.gamma.transactionalobjects.GammaTxnLong;

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

    /** Whether no stripe read has changed or is being committed right now. */
    boolean stillValid() {
        for (int i = 0; i < size; i++) {
            if (!Stripes.unchanged(stripes[i], versions[i])) {
                return false;
            }
        }
        return true;
    }

    void clear() {
        if (size == 0) {
            return;
        }
        seen.clear();
        Arrays.fill(stripes, 0, size, null);
        size = 0;
    }
}

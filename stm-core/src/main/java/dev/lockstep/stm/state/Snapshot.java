package dev.lockstep.stm.state;

import org.multiverse.stms.gamma.transactionalobjects.GammaTxnLong;

import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The snapshot the replicas of an attempt read, and its read set: each stripe read, with the
 * version it had. Replicas read committed memory directly; a read belongs to the snapshot when
 * no commit has applied anything since the snapshot's {@link Applies#stamp() stamp}, which is
 * one volatile load. When some commit has applied since, the snapshot is <em>extended</em>
 * (as in LSA): under a fresh stamp, every stripe read so far must still be at its version, or
 * the attempt is a conflict. So every value a replica reads belongs to one consistent state,
 * and all reads recorded in one snapshot stay valid together.
 *
 * <p>Sequential replicas share their leader's snapshot; a replica on a replica thread keeps its
 * own, begun at the leader's stamp, which the leader {@link #absorb absorbs} before the verdict:
 * when both read sets are still valid together, the replicas read the same values, and any
 * difference in their outputs is a fault, never the trace of a concurrent commit.
 *
 * <p>A writing commit {@link #validateLocked validates} the read set once more after it has
 * locked its own stripes (TL2), which makes hardened calls serializable.
 * Internal to the engine; not an API.
 *
 * <p><b>Note:</b> not thread-safe; owned by one replica's thread at a time.
 */
public final class Snapshot {
    /** Slots of the filter that keeps repeated reads of a stripe out of the read set. */
    private static final int RECENT = 64;
    /** Extensions in a row that may find another apply in progress before giving up. */
    private static final int EXTEND_TRIES = 64;
    /** How long an extension waits for a commit to release a stripe it read: spins, then yields. */
    private static final int LOCK_WAITS = 1 << 14;

    private final Applies applies;
    private final long[] recent = new long[RECENT];
    private GammaTxnLong[] stripes = new GammaTxnLong[16];
    private long[] versions = new long[16];
    private long[] keys = new long[16];
    private int size;
    private long stamp = Applies.NONE;
    private boolean conflicted;
    /** The cells object whose whole version was recorded last: recorded once per run of reads. */
    private StripedCells lastCells;

    public Snapshot(Applies applies) {
        this.applies = applies;
    }

    /** Begins a snapshot at the current state. */
    public void begin() {
        begin(applies.stamp());
    }

    /** Begins a snapshot at {@code stamp}: a follower reads at its leader's. */
    public void begin(long stamp) {
        this.stamp = stamp;
        conflicted = false;
    }

    public long stamp() {
        return stamp;
    }

    /** Whether a read found the snapshot could not be extended (even if the body swallowed it). */
    public boolean conflicted() {
        return conflicted;
    }

    /** Marks the snapshot lost to a concurrent commit; returns the signal to throw. */
    public Signals.Conflict conflict() {
        conflicted = true;
        return Signals.CONFLICT;
    }

    /**
     * Reads cell {@code index} in the snapshot.
     *
     * @throws Signals.Conflict if a commit changed what was read before
     */
    public long read(StripedCells cells, int index) {
        GammaTxnLong stripe = cells.stripe(index);
        boolean first = cells != lastCells;
        while (true) {
            long wholeVersion = first ? cells.whole().atomicWeakGet() : 0;
            long version = stripe.atomicWeakGet();
            long value = cells.readMemory(index);
            if (applies.noneSince(stamp)) {
                note(cells.stripeKey(index), stripe, version);
                if (first) {
                    // A commit may have raised the whole object's version instead of the stripe's.
                    note(cells.wholeKey(), cells.whole(), wholeVersion);
                    lastCells = cells;
                }
                return value;
            }
            extend();
        }
    }

    /**
     * Reads the value of {@code key} in the snapshot.
     *
     * @throws Signals.Conflict if a commit changed what was read before
     */
    public Object read(StripedMap<?, ?> map, Object key) {
        int s = map.stripeIndex(key);
        GammaTxnLong stripe = map.stripeAt(s);
        while (true) {
            long version = stripe.atomicWeakGet();
            Object value = map.readCommitted(key);
            if (applies.noneSince(stamp)) {
                note(map.stripeKey(s), stripe, version);
                return value;
            }
            extend();
        }
    }

    /**
     * Reads every key of {@code map} in the snapshot.
     *
     * @throws Signals.Conflict if a commit changed what was read before
     */
    public java.util.List<Object> keys(StripedMap<?, ?> map) {
        long[] seen = new long[StripedMap.STRIPES];
        while (true) {
            for (int s = 0; s < StripedMap.STRIPES; s++) {
                seen[s] = map.stripeAt(s).atomicWeakGet();
            }
            java.util.List<Object> keys = map.readKeys();
            if (applies.noneSince(stamp)) {
                for (int s = 0; s < StripedMap.STRIPES; s++) {
                    note(map.stripeKey(s), map.stripeAt(s), seen[s]);
                }
                return keys;
            }
            extend();
        }
    }

    /** Records the first read of a stripe; a stripe read recently is not recorded again. */
    private void note(long key, GammaTxnLong stripe, long version) {
        int slot = slot(key);
        if (recent[slot] == key) {
            return;
        }
        recent[slot] = key;
        add(key, stripe, version);
    }

    private static int slot(long key) {
        return (int) (key * 0x9E3779B97F4A7C15L >>> 58);
    }

    private void add(long key, GammaTxnLong stripe, long version) {
        if (size == stripes.length) {
            stripes = Arrays.copyOf(stripes, size * 2);
            versions = Arrays.copyOf(versions, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
        }
        stripes[size] = stripe;
        versions[size] = version;
        keys[size] = key;
        size++;
    }

    /**
     * Moves the snapshot to the current state: under a fresh stamp, every stripe read so far
     * must still be at its version. A stripe that a commit holds is waited for, since that
     * commit may have applied without publishing its version yet.
     *
     * @throws Signals.Conflict if a stripe read changed, or commits kept applying
     */
    private void extend() {
        for (int tries = 0; tries < EXTEND_TRIES; tries++) {
            long fresh = applies.stamp();
            if (fresh == Applies.NONE) {
                break;
            }
            for (int i = 0; i < size; i++) {
                if (!settledAt(stripes[i], versions[i])) {
                    throw conflict();
                }
            }
            if (applies.noneSince(fresh)) {
                stamp = fresh;
                return;
            }
        }
        throw conflict();
    }

    /** Waits (bounded) until no commit holds {@code stripe}; whether it is at {@code version}. */
    private static boolean settledAt(GammaTxnLong stripe, long version) {
        for (int spins = 0; stripe.hasExclusiveLock(); spins++) {
            if (spins == LOCK_WAITS) {
                return false;
            }
            Stripes.pause(spins);
        }
        return stripe.atomicWeakGet() == version;
    }

    /**
     * Takes in the read set of a replica that read on another thread, so that both are checked
     * together: if the two snapshots were not at the same stamp, or a commit applied since,
     * the union is extended to the current state.
     *
     * @throws Signals.Conflict if the replicas' reads do not belong to one state
     */
    public void absorb(Snapshot other) {
        for (int i = 0; i < other.size; i++) {
            add(other.keys[i], other.stripes[i], other.versions[i]);
        }
        if (other.stamp != stamp || !applies.noneSince(stamp)) {
            extend();
        }
    }

    /**
     * The read validation of a writing commit, once it holds its own stripes ({@code own}):
     * every stripe read is still at its version, and no other commit holds it.
     *
     * @return false on a conflict
     */
    boolean validateLocked(StripeLocks own) {
        VarHandle.loadLoadFence();
        for (int i = 0; i < size; i++) {
            GammaTxnLong stripe = stripes[i];
            if (stripe.atomicWeakGet() != versions[i] || (stripe.hasExclusiveLock() && !own.holds(keys[i]))) {
                return false;
            }
        }
        return true;
    }

    /** Forgets the read set, keeping its capacity. */
    public void clear() {
        for (int i = 0; i < size; i++) {
            stripes[i] = null;
            recent[slot(keys[i])] = 0;
        }
        size = 0;
        stamp = Applies.NONE;
        conflicted = false;
        lastCells = null;
    }
}

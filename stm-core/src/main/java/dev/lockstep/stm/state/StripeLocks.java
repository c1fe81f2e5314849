package dev.lockstep.stm.state;

import org.agrona.collections.LongHashSet;
import org.multiverse.api.exceptions.ControlFlowError;
import org.multiverse.stms.gamma.transactionalobjects.GammaTxnLong;
import org.multiverse.stms.gamma.transactions.GammaTxn;
import org.multiverse.stms.gamma.transactions.GammaTxnConfig;
import org.multiverse.stms.gamma.transactions.GammaTxnPool;
import org.multiverse.stms.gamma.transactions.fat.FatFixedLengthGammaTxn;
import org.multiverse.stms.gamma.transactions.fat.FatMonoGammaTxn;
import org.multiverse.stms.gamma.transactions.fat.FatVariableLengthGammaTxn;

import java.util.Arrays;

/**
 * The Multiverse side of a writing commit: raises the version of every stripe the winner wrote
 * inside one transaction and {@code prepare()}s it, which takes the stripes' exclusive locks;
 * then checks the attempt's read set against the locked state ({@link Snapshot#validateLocked}).
 * Replicas never open a transaction: only this step does, once per writing commit, so a
 * commit's transaction holds the stripes written and nothing else, and its kind fits their
 * number (Multiverse's mono transaction for one stripe, its fixed-length one for a few, its
 * hash-based one beyond). A commit that writes many stripes of one cells object locks the
 * object's whole version instead of each stripe ({@link Stripes#ESCALATE_AFTER}).
 * Internal to the engine; not an API.
 *
 * <p><b>Note:</b> not thread-safe; owned by one call context, reused across commits.
 */
public final class StripeLocks {
    private final GammaTxnConfig config;
    private final GammaTxnPool pool = new GammaTxnPool();
    /** Up to this many stripes, lookups scan {@link #keys}; past it, {@link #indexed} holds them. */
    private static final int SCAN = 16;

    /** Keys of the stripes written by the commit in progress, once there are more than {@value #SCAN}. */
    private final LongHashSet indexed = new LongHashSet();
    private GammaTxnLong[] toRaise = new GammaTxnLong[SCAN];
    private long[] keys = new long[SCAN];
    /** Per stripe collected, the cells object it belongs to; null for a map's stripe. */
    private StripedCells[] owners = new StripedCells[SCAN];
    private int count;
    /** The cells objects this commit locks as a whole, and how many stripes each writes. */
    private StripedCells[] groups = new StripedCells[4];
    private int[] groupStripes = new int[4];
    private int groupCount;
    private boolean escalatedAny;
    private GammaTxn txn;

    public StripeLocks(GammaTxnConfig config) {
        this.config = config;
    }

    /**
     * Locks the stripes {@code writes} and {@code mapWrites} go to, and validates {@code reads}.
     *
     * @return the prepared transaction, to commit once the writes are applied
     * @throws Signals.Conflict if a stripe is held by another commit or a read is stale; the
     *                          transaction is aborted
     */
    public GammaTxn prepare(WriteSet writes, MapWrites mapWrites, Snapshot reads) {
        long last = 0;
        for (int slot = 0; slot < writes.size(); slot++) {
            StripedCells cells = writes.cellsAt(slot);
            int index = writes.indexAt(slot);
            long key = cells.stripeKey(index);
            // Writes in index order hit one stripe several times in a row.
            if (key != last) {
                collect(key, cells.stripe(index), cells);
                last = key;
            }
        }
        for (int slot = 0; slot < mapWrites.size(); slot++) {
            StripedMap<?, ?> map = mapWrites.mapAt(slot);
            int stripe = map.stripeIndex(mapWrites.keyAt(slot));
            collect(map.stripeKey(stripe), map.stripeAt(stripe), null);
        }
        if (count > Stripes.ESCALATE_AFTER) {
            escalate();
        }
        txn = begin(count);
        try {
            for (int i = 0; i < count; i++) {
                toRaise[i].incrementAndGet(txn, 1);
            }
            txn.prepare();
        } catch (ControlFlowError e) {
            throw abort(reads);
        }
        if (!reads.validateLocked(this) || !noOtherCommitHolds(writes)) {
            throw abort(reads);
        }
        return txn;
    }

    /**
     * Locks each cells object that the commit writes in more than
     * {@link Stripes#ESCALATE_AFTER} stripes through its whole version instead: its stripes
     * leave the set, its whole version joins it.
     */
    private void escalate() {
        groupCount = 0;
        for (int i = 0; i < count; i++) {
            if (owners[i] != null) {
                groupStripes[group(owners[i])]++;
            }
        }
        int kept = 0;
        for (int i = 0; i < count; i++) {
            StripedCells owner = owners[i];
            if (owner == null || groupStripes[group(owner)] <= Stripes.ESCALATE_AFTER) {
                toRaise[kept] = toRaise[i];
                keys[kept] = keys[i];
                owners[kept++] = owner;
            }
        }
        for (int g = 0; g < groupCount; g++) {
            if (groupStripes[g] > Stripes.ESCALATE_AFTER) {
                toRaise[kept] = groups[g].whole();
                keys[kept] = groups[g].wholeKey();
                owners[kept++] = groups[g];
                escalatedAny = true;
            }
        }
        Arrays.fill(toRaise, kept, count, null);
        count = kept;
        indexed.clear();
        if (count > SCAN) {
            for (int i = 0; i < count; i++) {
                indexed.add(keys[i]);
            }
        }
    }

    /** The group of {@code cells} in this commit, made on first sight. */
    private int group(StripedCells cells) {
        for (int g = 0; g < groupCount; g++) {
            if (groups[g] == cells) {
                return g;
            }
        }
        if (groupCount == groups.length) {
            groups = Arrays.copyOf(groups, groupCount * 2);
            groupStripes = Arrays.copyOf(groupStripes, groupCount * 2);
        }
        groups[groupCount] = cells;
        groupStripes[groupCount] = 0;
        return groupCount++;
    }

    /**
     * After {@code prepare()}: a commit that locks a cells object's stripes must not meet one
     * that locks the object as a whole, and the reverse. Each checks the other's lock after
     * taking its own, so at least one of two such commits sees the other and loses.
     */
    private boolean noOtherCommitHolds(WriteSet writes) {
        StripedCells lastCells = null;
        long lastKey = 0;
        for (int slot = 0; slot < writes.size(); slot++) {
            StripedCells cells = writes.cellsAt(slot);
            boolean whole = escalatedAny && holds(cells.wholeKey());
            if (whole) {
                int index = writes.indexAt(slot);
                long key = cells.stripeKey(index);
                if (key != lastKey && cells.stripe(index).hasExclusiveLock()) {
                    return false;
                }
                lastKey = key;
            } else if (cells != lastCells && cells.whole().hasExclusiveLock()) {
                return false;
            }
            lastCells = cells;
        }
        return true;
    }

    private void collect(long key, GammaTxnLong stripe, StripedCells owner) {
        if (holds(key)) {
            return;
        }
        if (count == toRaise.length) {
            toRaise = Arrays.copyOf(toRaise, count * 2);
            keys = Arrays.copyOf(keys, count * 2);
            owners = Arrays.copyOf(owners, count * 2);
        }
        toRaise[count] = stripe;
        owners[count] = owner;
        keys[count++] = key;
        if (count > SCAN) {
            if (count == SCAN + 1) {
                for (int i = 0; i < SCAN; i++) {
                    indexed.add(keys[i]);
                }
            }
            indexed.add(key);
        }
    }

    /** Whether the commit in progress writes the stripe with key {@code key} (so holds its lock). */
    boolean holds(long key) {
        if (count > SCAN) {
            return indexed.contains(key);
        }
        for (int i = 0; i < count; i++) {
            if (keys[i] == key) {
                return true;
            }
        }
        return false;
    }

    private GammaTxn begin(int stripes) {
        GammaTxn fresh;
        if (stripes == 1) {
            fresh = pool.takeFatMono();
            if (fresh == null) {
                return new FatMonoGammaTxn(config);
            }
        } else if (stripes <= config.maxFixedLengthTransactionSize) {
            fresh = pool.takeFatFixedLength();
            if (fresh == null) {
                return new FatFixedLengthGammaTxn(config);
            }
        } else {
            fresh = pool.takeMap();
            if (fresh == null) {
                return new FatVariableLengthGammaTxn(config);
            }
        }
        fresh.init(config);
        return fresh;
    }

    private Signals.Conflict abort(Snapshot reads) {
        end();
        return reads.conflict();
    }

    /** Ends the commit: aborts the transaction unless it committed, and returns it to the pool. */
    public void end() {
        if (txn != null) {
            if (txn.isAlive()) {
                txn.abort();
            }
            pool.put(txn);
            txn = null;
        }
        if (count > 0) {
            Arrays.fill(toRaise, 0, count, null);
            Arrays.fill(owners, 0, count, null);
            if (count > SCAN) {
                indexed.clear();
            }
            count = 0;
        }
        if (groupCount > 0) {
            Arrays.fill(groups, 0, groupCount, null);
            groupCount = 0;
        }
        escalatedAny = false;
    }
}

package dev.lockstep.stm;

import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.FaultInjection;
import dev.lockstep.api.spi.HardenerConfig;
import dev.lockstep.api.spi.ReplicaContext;
import org.agrona.collections.LongHashSet;
import org.multiverse.api.exceptions.ControlFlowError;
import org.multiverse.stms.gamma.transactionalobjects.GammaTxnLong;
import org.multiverse.stms.gamma.transactions.GammaTxn;
import org.multiverse.stms.gamma.transactions.GammaTxnPool;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The state of the hardened call running on one thread: its Multiverse transaction, the
 * replicas' outputs, the leader's input log, and the stripes read. Every state access made by a
 * body comes here. One instance per thread, reused call after call (the transaction objects too,
 * through a per-thread Multiverse pool), so a call allocates little once warm.
 *
 * <p>It is also the {@link ReplicaContext} given to the {@link FaultHook}.
 *
 * <p><b>Note:</b> confined to its thread.
 */
final class CallContext implements ReplicaContext {
    private static final int LEADER = 0;

    private final StmProvider runtime;
    private final GammaTxnPool pool = new GammaTxnPool();
    private final ReplicaState[] replicas = {new ReplicaState(0), new ReplicaState(1), new ReplicaState(2)};
    private final InputLog log = new InputLog();
    private final ReadSet readSet = new ReadSet();
    private final LongHashSet versionsRaised = new LongHashSet();

    private boolean active;
    private GammaTxn txn;
    private FaultHook hook = FaultHook.NONE;
    private boolean verifyReads;
    private boolean dmr;
    private long callId;
    private int attempt;
    private ReplicaState current;
    private boolean conflicted;

    CallContext(StmProvider runtime) {
        this.runtime = runtime;
    }

    boolean active() {
        return active;
    }

    // ---- attempt lifecycle (driven by StmHardener) ----

    void beginAttempt(HardenerConfig config, long callId, int attempt) {
        FaultHook global = FaultInjection.installed();
        this.hook = global == null ? config.faultHook() : FaultHooks.both(config.faultHook(), global);
        this.verifyReads = config.verifyReads();
        this.dmr = config.replicas() == 2;
        this.callId = callId;
        this.attempt = attempt;
        this.conflicted = false;
        txn = runtime.newTxn(pool);
        active = true;
    }

    ReplicaState replica(int index) {
        return replicas[index];
    }

    void startReplica(int index) {
        current = replicas[index];
        hook.onReplicaStart(this);
    }

    void endReplica() {
        try {
            hook.onReplicaEnd(this);
        } finally {
            current = null;
        }
    }

    /** Whether this attempt lost to a concurrent commit, even if the body swallowed the signal. */
    boolean conflicted() {
        return conflicted;
    }

    /** Whether every read of the attempt still belongs to one unchanged snapshot. */
    boolean snapshotStillValid() {
        return !conflicted && readSet.stillValid();
    }

    /** Whether a later replica asked for fewer inputs than the leader logged. */
    boolean consumedWholeLog(ReplicaState r) {
        return r.cursor == log.size();
    }

    String nextInput(ReplicaState r) {
        return log.describe(r.cursor);
    }

    /**
     * Commits {@code winner}'s writes: raise the version of each written stripe in the
     * transaction, {@code prepare()} (locks and validates), append the write set to the journal
     * of the persistent store written (if any), apply it, {@code commit()} (publishes versions,
     * unlocks).
     *
     * @throws Signals.Conflict  if Multiverse found a conflict; the transaction is aborted
     * @throws LockstepException if the call wrote to two persistent stores, or the journal
     *                           cannot be written; nothing is applied
     */
    void commit(ReplicaState winner) {
        WriteSet writes = winner.writes;
        MapWrites mapWrites = winner.mapWrites;
        PersistentStore persistent = Commits.persistentStoreOf(writes, mapWrites);
        try {
            for (int slot = 0; slot < writes.size(); slot++) {
                StripedCells cells = writes.cellsAt(slot);
                int index = writes.indexAt(slot);
                if (versionsRaised.add(cells.stripeKey(index))) {
                    raise(cells.stripe(index));
                }
            }
            for (int slot = 0; slot < mapWrites.size(); slot++) {
                StripedMap<?, ?> map = mapWrites.mapAt(slot);
                int stripe = map.stripeIndex(mapWrites.keyAt(slot));
                if (versionsRaised.add(map.stripeKey(stripe))) {
                    raise(map.stripeAt(stripe));
                }
            }
            txn.prepare();
        } catch (ControlFlowError e) {
            throw conflict();
        }
        if (persistent == null) {
            Commits.apply(writes, mapWrites);
            txn.commit();
            return;
        }
        persistent.applyLock().lock();
        try {
            Commits.journal(persistent, writes, mapWrites);
            Commits.apply(writes, mapWrites);
            txn.commit();
        } finally {
            persistent.applyLock().unlock();
        }
        persistent.afterCommit();
    }

    private void raise(GammaTxnLong stripe) {
        stripe.set(txn, stripe.get(txn) + 1);
    }

    /**
     * Ends the attempt: aborts the transaction unless it committed, returns it to the pool, and
     * clears the replicas' outputs so that no reference outlives the call on a pooled thread.
     */
    void endAttempt() {
        active = false;
        current = null;
        if (txn != null) {
            if (txn.isAlive()) {
                txn.abort();
            }
            pool.put(txn);
            txn = null;
        }
        log.clear();
        readSet.clear();
        versionsRaised.clear();
        for (ReplicaState r : replicas) {
            r.clear();
        }
    }

    // ---- state access by the running replica ----

    long read(StripedCells cells, int index) {
        ReplicaState r = current;
        int own = r.writes.slotOf(cells.location(index));
        long value;
        if (own >= 0) {
            value = hook.onRead(this, r.writes.valueAt(own));
        } else if (r.index == LEADER) {
            value = hook.onRead(this, snapshotRead(cells, index));
            log.appendRead(cells, index, value);
        } else {
            value = replayRead(r, cells, index);
        }
        r.reads++;
        return value;
    }

    private long replayRead(ReplicaState r, StripedCells cells, int index) {
        int at = r.cursor++;
        boolean sameInput = log.matches(at, InputLog.READ, cells.location(index));
        if (!sameInput) {
            diverge(r, at, "read " + cells.describe(index));
        }
        if (!verifyReads && sameInput) {
            return hook.onRead(this, log.valueAt(at));
        }
        long value = hook.onRead(this, snapshotRead(cells, index));
        if (sameInput && value != log.valueAt(at)) {
            diverge(r, at, "read " + cells.describe(index) + " = " + value);
        }
        return value;
    }

    /** Reads a cell of the attempt's snapshot: version through Multiverse, then a seqlock check. */
    private long snapshotRead(StripedCells cells, int index) {
        GammaTxnLong stripe = cells.stripe(index);
        long version;
        try {
            version = stripe.get(txn);
        } catch (ControlFlowError e) {
            throw conflict();
        }
        long value = cells.readMemory(index);
        if (!Stripes.unchanged(stripe, version)) {
            throw conflict();
        }
        readSet.add(cells.stripeKey(index), stripe, version);
        return value;
    }

    // ---- maps ----

    Object mapGet(StripedMap<?, ?> map, Object key) {
        ReplicaState r = current;
        Object own = r.mapWrites.lookup(map, key);
        Object value;
        if (own != MapWrites.UNWRITTEN) {
            value = own == MapWrites.REMOVED ? null : own;
        } else if (r.index == LEADER) {
            value = snapshotMapRead(map, key);
            log.appendMapRead(map, key, value);
        } else {
            int at = r.cursor++;
            InputLog.MapRead logged = log.mapReadAt(at, InputLog.MAP_READ, map, key);
            if (logged == null) {
                diverge(r, at, "read " + map.describe(key));
            }
            if (!verifyReads && logged != null) {
                value = logged.value();
            } else {
                value = snapshotMapRead(map, key);
                if (logged != null && !map.valueCodec().same(value, logged.value())) {
                    diverge(r, at, "read " + map.describe(key) + " = " + map.valueCodec().describe(value));
                }
            }
        }
        r.reads++;
        return map.valueCodec().copy(value);
    }

    Object mapPut(StripedMap<?, ?> map, Object key, Object value) {
        Object previous = mapGet(map, key);
        current.mapWrites.put(map, key, map.valueCodec().copy(value));
        current.writeCount++;
        return previous;
    }

    Object mapRemove(StripedMap<?, ?> map, Object key) {
        Object previous = mapGet(map, key);
        if (previous != null) {
            current.mapWrites.put(map, key, MapWrites.REMOVED);
            current.writeCount++;
        }
        return previous;
    }

    /** Every key of the map in this replica's view: the snapshot's keys, then its own writes. */
    List<Object> mapKeys(StripedMap<?, ?> map) {
        ReplicaState r = current;
        List<Object> keys;
        if (r.index == LEADER) {
            keys = snapshotMapKeys(map);
            log.appendMapScan(map, keys);
        } else {
            int at = r.cursor++;
            InputLog.MapRead logged = log.mapReadAt(at, InputLog.MAP_SCAN, map, null);
            if (logged == null) {
                diverge(r, at, "read the keys of map '" + map.name() + "'");
            }
            @SuppressWarnings("unchecked")
            List<Object> loggedKeys = logged == null ? null : (List<Object>) logged.value();
            keys = verifyReads || loggedKeys == null ? snapshotMapKeys(map) : loggedKeys;
            if (loggedKeys != null && !sameKeys(map, keys, loggedKeys)) {
                diverge(r, at, "read " + keys.size() + " keys of map '" + map.name() + "'");
            }
        }
        r.reads++;
        List<Object> view = new ArrayList<>(keys);
        MapWrites own = r.mapWrites;
        for (int slot = 0; slot < own.size(); slot++) {
            if (own.mapAt(slot) != map) {
                continue;
            }
            Object key = own.keyAt(slot);
            view.removeIf(k -> map.keyCodec().same(k, key));
            if (own.valueAt(slot) != MapWrites.REMOVED) {
                view.add(map.keyCodec().copy(key));
            }
        }
        return view;
    }

    private static boolean sameKeys(StripedMap<?, ?> map, List<Object> a, List<Object> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!map.keyCodec().same(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private Object snapshotMapRead(StripedMap<?, ?> map, Object key) {
        int index = map.stripeIndex(key);
        GammaTxnLong stripe = map.stripeAt(index);
        long version = versionOf(stripe);
        Object value = map.readCommitted(key);
        if (!Stripes.unchanged(stripe, version)) {
            throw conflict();
        }
        readSet.add(map.stripeKey(index), stripe, version);
        return value;
    }

    private List<Object> snapshotMapKeys(StripedMap<?, ?> map) {
        long[] versions = new long[StripedMap.STRIPES];
        for (int s = 0; s < StripedMap.STRIPES; s++) {
            versions[s] = versionOf(map.stripeAt(s));
        }
        List<Object> keys = map.readKeys();
        if (!map.allUnchanged(versions)) {
            throw conflict();
        }
        for (int s = 0; s < StripedMap.STRIPES; s++) {
            readSet.add(map.stripeKey(s), map.stripeAt(s), versions[s]);
        }
        return keys;
    }

    private long versionOf(GammaTxnLong stripe) {
        try {
            return stripe.get(txn);
        } catch (ControlFlowError e) {
            throw conflict();
        }
    }

    void write(StripedCells cells, int index, long value) {
        ReplicaState r = current;
        long written = hook.onWrite(this, value);
        r.writes.put(cells, index, written);
        r.writeCount++;
    }

    long recordLong(LongSupplier source) {
        ReplicaState r = current;
        if (r.index == LEADER) {
            long value = source.getAsLong();
            log.appendNondet(value);
            return value;
        }
        int at = r.cursor++;
        if (log.matches(at, InputLog.NONDET_LONG, 0)) {
            return log.valueAt(at);
        }
        diverge(r, at, "Nondet value");
        return source.getAsLong();
    }

    <T> T record(Supplier<T> source) {
        ReplicaState r = current;
        if (r.index == LEADER) {
            T value = source.get();
            log.appendNondet(value);
            return value;
        }
        int at = r.cursor++;
        if (log.matches(at, InputLog.NONDET_OBJECT, 0)) {
            @SuppressWarnings("unchecked")
            T replayed = (T) log.objectAt(at);
            return replayed;
        }
        diverge(r, at, "Nondet value");
        return source.get();
    }

    void afterCommit(Runnable effect) {
        current.effects.add(effect);
    }

    /**
     * Records that replica {@code r} asked for another input than the leader logged. With two
     * replicas the attempt cannot succeed, so the replica stops now; with three it goes on with
     * its own input, and the vote decides.
     */
    private void diverge(ReplicaState r, int at, String ownInput) {
        if (r.divergence == null) {
            r.divergence = new Difference("input #" + at, "leader", log.describe(at), r.role(), ownInput);
        }
        if (dmr) {
            throw Signals.DIVERGENCE;
        }
    }

    private Signals.Conflict conflict() {
        conflicted = true;
        if (txn.isAlive()) {
            txn.abort();
        }
        return Signals.CONFLICT;
    }

    // ---- ReplicaContext ----

    @Override
    public int replica() {
        return current.index;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public long callId() {
        return callId;
    }

    @Override
    public int readIndex() {
        return current.reads;
    }

    @Override
    public int writeIndex() {
        return current.writeCount;
    }
}

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
     * Commits {@code winner}'s write set: raise the version of each written stripe in the
     * transaction, {@code prepare()} (locks and validates), apply the writes to off-heap memory,
     * {@code commit()} (publishes versions, unlocks).
     *
     * @throws Signals.Conflict if Multiverse found a conflict; the transaction is aborted
     */
    void commit(ReplicaState winner) {
        WriteSet writes = winner.writes;
        try {
            for (int slot = 0; slot < writes.size(); slot++) {
                StripedCells cells = writes.cellsAt(slot);
                int index = writes.indexAt(slot);
                if (versionsRaised.add(cells.stripeKey(index))) {
                    GammaTxnLong stripe = cells.stripe(index);
                    stripe.set(txn, stripe.get(txn) + 1);
                }
            }
            txn.prepare();
        } catch (ControlFlowError e) {
            throw conflict();
        }
        for (int slot = 0; slot < writes.size(); slot++) {
            writes.cellsAt(slot).applyCommitted(writes.indexAt(slot), writes.valueAt(slot));
        }
        txn.commit();
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

package dev.lockstep.stm;

import dev.lockstep.api.HardenedCallable;
import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.FaultInjection;
import dev.lockstep.api.spi.HardenerConfig;
import dev.lockstep.api.spi.ReplicaContext;
import dev.lockstep.stm.persist.PersistentStore;
import dev.lockstep.stm.replicas.Watchdog;
import dev.lockstep.stm.state.MapWrites;
import dev.lockstep.stm.state.Signals;
import dev.lockstep.stm.state.Snapshot;
import dev.lockstep.stm.state.StateAccess;
import dev.lockstep.stm.state.StoreGates;
import dev.lockstep.stm.state.StripeLocks;
import dev.lockstep.stm.state.StripedCells;
import dev.lockstep.stm.state.StripedMap;
import dev.lockstep.stm.state.WriteSet;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The state of the hardened call running on one thread: the replicas' outputs, the snapshot
 * they read, and the leader's input log. Every state access made by a body comes here. One
 * instance per thread, reused call after call, so a warm call allocates nothing of its own.
 *
 * <p>A context either <em>leads</em> an attempt (it runs the leader and, under sequential
 * execution, the later replicas too, then commits), or, on a replica thread, <em>follows</em>
 * another thread's attempt: it runs one later replica, in a snapshot begun at the leader's
 * stamp, and takes the leader's {@code Nondet} values from an {@link InputChannel}. Replicas
 * read committed state directly ({@link Snapshot}); no replica opens a transaction. The leader
 * checks all replicas' reads together before the verdict, and a writing commit locks its stripes
 * in one Multiverse transaction ({@link StripeLocks}).
 *
 * <p>Every replica also carries the {@link Watchdog}: a replica past the attempt's deadline
 * stops at its next state access ({@link Signals#TIMEOUT}).
 *
 * <p>It is also the {@link ReplicaContext} given to the {@link FaultHook}.
 *
 * <p><b>Note:</b> confined to its thread, but for the hand-over of a follower's outputs, which
 * a replica thread publishes to the leader.
 */
final class CallContext extends StateAccess implements ReplicaContext {
    private static final int LEADER = 0;

    private final Engine runtime;
    private final ReplicaState[] replicas = {new ReplicaState(0), new ReplicaState(1), new ReplicaState(2)};
    private final InputLog log = new InputLog();
    private final Snapshot snapshot;
    private final StripeLocks locks;
    private final ParallelTeam team = new ParallelTeam(replicas);
    private final Watchdog watchdog = new Watchdog();
    /** Call ids are taken from the runtime in blocks, so that a call increments no shared counter. */
    private static final int CALL_ID_BLOCK = 1024;
    /** The last call id used, and the last of the block this context holds. */
    private long lastCallId;
    private long lastOfBlock;

    private boolean active;
    /** The attempt's fault hook, or null for none: the common case costs one null check. */
    private FaultHook hook;
    /** Whether a replica stops at its first input that differs from the log (DMR, followers). */
    private boolean stopOnDivergence;
    private long callId;
    private int attempt;
    private ReplicaState current;
    /** How many of this context's replicas the attempt may have filled. */
    private int used = 3;
    /** While following: the leader's inputs. */
    private InputChannel source;
    /** The replica the watchdog stopped in this attempt, or -1. */
    private int abandoned = -1;

    CallContext(Engine runtime) {
        this.runtime = runtime;
        this.snapshot = new Snapshot(runtime.applies());
        this.locks = new StripeLocks(runtime.txnConfig());
    }

    boolean active() {
        return active;
    }

    /** Whether this call is the one in {@code every} (a power of two) that is sampled. */
    boolean sample(int every) {
        return (lastCallId & (every - 1)) == 0;
    }

    /** A call id unique in this runtime, for a call this context leads. */
    long nextCallId() {
        if (lastCallId == lastOfBlock) {
            lastOfBlock = runtime.reserveCallIds(CALL_ID_BLOCK);
            lastCallId = lastOfBlock - CALL_ID_BLOCK;
        }
        return ++lastCallId;
    }

    // ---- attempt lifecycle (driven by StmHardener) ----

    /** Starts an attempt led on this thread, with a watchdog of {@code timeoutNanos}. */
    void beginAttempt(HardenerConfig config, long callId, int attempt, long timeoutNanos) {
        configure(config, callId, attempt);
        watchdog.arm(timeoutNanos);
        this.stopOnDivergence = config.replicas() == 2;
        this.used = config.replicas();
        this.abandoned = -1;
        snapshot.begin();
        active = true;
    }

    private void configure(HardenerConfig config, long callId, int attempt) {
        FaultHook global = FaultInjection.installed();
        FaultHook chosen = FaultHooks.guarded(global == null ? config.faultHook() : FaultHooks.both(config.faultHook(), global));
        this.hook = chosen == FaultHook.NONE ? null : chosen;
        this.callId = callId;
        this.attempt = attempt;
    }

    /** The replica threads of a parallel attempt led here. */
    ParallelTeam team() {
        return team;
    }

    /**
     * Hands the later replicas of the attempt to the {@code count} workers claimed into the
     * team, which start them at once in a snapshot at this attempt's stamp; the leader then
     * runs on this thread.
     */
    void runLaterReplicasOn(int count, HardenerConfig config, HardenedCallable<?, ?> body) {
        team.start(count, body, config, callId, attempt, watchdog.deadline(), snapshot.stamp());
    }

    /**
     * Runs the leader replica on the calling thread, which is this context's own or, for a
     * relocated leader, a replica thread the context was handed to; then tells the followers
     * that the log is complete.
     */
    void runLeader(HardenedCallable<?, ?> body) {
        ReplicaState leader = replicas[LEADER];
        startReplica(LEADER);
        long started = System.nanoTime();
        try {
            leader.result = body.call();
        } catch (Throwable t) {
            leader.thrown = t;
        } finally {
            endReplica();
        }
        team.leaderDone(System.nanoTime() - started);
    }

    /** The watchdog stopped replica {@code index} of the attempt led here. */
    void abandoned(int index) {
        abandoned = index;
    }

    /** The role of the replica the watchdog stopped in the attempt led here. */
    String timedOutRole() {
        return ReplicaState.ROLES[Math.max(abandoned, 0)];
    }

    /**
     * Starts following: replica {@code index} of another thread's attempt runs here, in a
     * snapshot at the leader's stamp, with the inputs that arrive on {@code channel}.
     */
    ReplicaState beginFollowing(HardenerConfig config, long callId, int attempt, long deadline,
                                InputChannel channel, int index) {
        configure(config, callId, attempt);
        watchdog.follow(deadline);
        this.stopOnDivergence = true;
        this.source = channel;
        snapshot.clear();
        snapshot.begin(channel.applyStamp());
        replicas[index].clear();
        active = true;
        return replicas[index];
    }

    /** Ends following; the replica's outputs and reads stay for the leader to read. */
    void endFollowing() {
        source.closeByTrailer();
        source = null;
        active = false;
        current = null;
        log.clear();
    }

    /** Replica {@code index} of the attempt led here, wherever it runs. */
    ReplicaState replica(int index) {
        return team.replica(index);
    }

    /** This context's own replica {@code index}, which a follower fills. */
    ReplicaState ownReplica(int index) {
        return replicas[index];
    }

    /** The snapshot this context's replicas read. */
    Snapshot snapshot() {
        return snapshot;
    }

    /** The watchdog of the replicas run here. */
    Watchdog watchdog() {
        return watchdog;
    }

    /** The leader cancelled the followed attempt: stop this replica. */
    Signals.Conflict cancelled() {
        return snapshot.conflict();
    }

    void startReplica(int index) {
        current = replicas[index];
        if (hook != null) {
            hook.onReplicaStart(this);
        }
    }

    void endReplica() {
        try {
            if (hook != null) {
                hook.onReplicaEnd(this);
            }
        } finally {
            current = null;
        }
    }

    /** Whether this attempt lost to a concurrent commit, even if the body swallowed the signal. */
    boolean conflicted() {
        return snapshot.conflicted();
    }

    /**
     * Whether every replica's reads belong to one state, so that the verdict compares like with
     * like: the followers' read sets are checked with the leader's.
     */
    boolean snapshotStillValid() {
        if (snapshot.conflicted()) {
            return false;
        }
        try {
            team.absorbFollowerReads(snapshot);
            return true;
        } catch (Signals.Conflict lost) {
            return false;
        }
    }

    /** Whether a later replica asked for as many inputs as the leader logged. */
    boolean consumedWholeLog(ReplicaState r) {
        return r.cursor == log.size();
    }

    String nextInput(ReplicaState r) {
        return log.describe(r.cursor);
    }

    /** The input log of the attempt led here, for a diagnosis; valid until the attempt ends. */
    InputLog inputLog() {
        return log;
    }

    /**
     * Commits {@code winner}'s writes, inside the commit gate: lock the written stripes and
     * validate the reads ({@link StripeLocks#prepare}), check the stores written are open
     * ({@link StoreGates}), then the rest in
     * {@link Commits#applyPrepared}: reserve map entries, journal, apply, {@code commit()}
     * (publishes versions, unlocks). A read-only winner has nothing to commit: its reads were
     * checked before the verdict.
     *
     * @throws Signals.Conflict  if another commit holds a stripe or changed what was read
     * @throws dev.lockstep.api.LockstepException if the call wrote to two persistent stores, a
     *                           map would pass its maxEntries, the journal cannot be written,
     *                           or a map refused a write; nothing is applied (or what was is undone)
     */
    void commit(ReplicaState winner) {
        WriteSet writes = winner.writes;
        MapWrites mapWrites = winner.mapWrites;
        if (writes.size() == 0 && mapWrites.size() == 0) {
            return;
        }
        PersistentStore persistent = Commits.persistentStoreOf(writes, mapWrites);
        var txn = locks.prepare(writes, mapWrites, snapshot);
        StoreGates.checkOpen(writes, mapWrites);
        Commits.applyPrepared(runtime.applies(), txn, writes, mapWrites, persistent);
    }

    /**
     * Ends the attempt: releases the commit's transaction unless it committed, and clears the
     * replicas' outputs so that no reference outlives the call on a pooled thread.
     */
    void endAttempt() {
        active = false;
        team.release();
        if (team.poisoned()) {
            // An abandoned replica thread may still run the leader here: leave everything to it.
            return;
        }
        current = null;
        locks.end();
        log.clear();
        snapshot.clear();
        for (int i = 0; i < used; i++) {
            replicas[i].clear();
        }
    }

    // ---- state access by the running replica ----

    @Override
    protected long read(StripedCells cells, int index) {
        watchdog.tick();
        ReplicaState r = current;
        int own = r.writes.slotOf(cells, index);
        long value = own >= 0 ? r.writes.valueAt(own) : snapshot.read(cells, index);
        if (hook != null) {
            value = hook.onRead(this, value);
        }
        r.reads++;
        return value;
    }

    @Override
    protected void write(StripedCells cells, int index, long value) {
        watchdog.tick();
        ReplicaState r = current;
        r.writes.put(cells, index, hook == null ? value : hook.onWrite(this, value));
        r.writeCount++;
    }

    // ---- maps ----

    @Override
    protected Object mapGet(StripedMap<?, ?> map, Object key) {
        watchdog.tick();
        ReplicaState r = current;
        Object own = r.mapWrites.lookup(map, key);
        Object value;
        if (own != MapWrites.UNWRITTEN) {
            value = own == MapWrites.REMOVED ? null : own;
        } else {
            value = snapshot.read(map, key);
        }
        r.reads++;
        return map.valueCodec().copy(value);
    }

    @Override
    protected Object mapPut(StripedMap<?, ?> map, Object key, Object value) {
        Object previous = mapGet(map, key);
        current.mapWrites.put(map, key, map.valueCodec().copy(value));
        current.writeCount++;
        return previous;
    }

    @Override
    protected Object mapRemove(StripedMap<?, ?> map, Object key) {
        Object previous = mapGet(map, key);
        if (previous != null) {
            current.mapWrites.put(map, key, MapWrites.REMOVED);
            current.writeCount++;
        }
        return previous;
    }

    /** Every key of the map in this replica's view: the snapshot's keys, then its own writes. */
    @Override
    protected List<Object> mapKeys(StripedMap<?, ?> map) {
        watchdog.tick();
        ReplicaState r = current;
        List<Object> keys = snapshot.keys(map);
        r.reads++;
        return ownView(map, keys, r.mapWrites);
    }

    /** The snapshot's keys the replica did not write, then those it put: O(keys + own writes). */
    private static List<Object> ownView(StripedMap<?, ?> map, List<Object> keys, MapWrites own) {
        if (own.size() == 0) {
            return keys;
        }
        List<Object> view = new ArrayList<>(keys.size() + own.size());
        for (Object key : keys) {
            if (own.lookup(map, key) == MapWrites.UNWRITTEN) {
                view.add(key);
            }
        }
        for (int slot = 0; slot < own.size(); slot++) {
            if (own.mapAt(slot) == map && own.valueAt(slot) != MapWrites.REMOVED) {
                view.add(map.keyCodec().copy(own.keyAt(slot)));
            }
        }
        return view;
    }

    // ---- Nondet and effects ----

    long recordLong(LongSupplier source) {
        watchdog.tick();
        ReplicaState r = current;
        if (r.index == LEADER) {
            long value = source.getAsLong();
            team.send(log, log.appendNondet(value), this);
            return value;
        }
        int at = r.cursor++;
        if (hasInput(at) && log.matches(at, InputLog.NONDET_LONG)) {
            return log.valueAt(at);
        }
        diverge(r, at, "Nondet value");
        return source.getAsLong();
    }

    <T> T record(Supplier<T> source) {
        watchdog.tick();
        ReplicaState r = current;
        if (r.index == LEADER) {
            T value = source.get();
            team.send(log, log.appendNondet((Object) value), this);
            return value;
        }
        int at = r.cursor++;
        if (hasInput(at) && log.matches(at, InputLog.NONDET_OBJECT)) {
            @SuppressWarnings("unchecked")
            T replayed = (T) log.objectAt(at);
            return replayed;
        }
        diverge(r, at, "Nondet value");
        return source.get();
    }

    /**
     * Whether the log holds entry {@code at}; a follower first waits for the leader to log it,
     * or to finish without it.
     */
    private boolean hasInput(int at) {
        if (source == null) {
            return at < log.size();
        }
        while (log.size() <= at) {
            if (!source.receive(log, this)) {
                return false;
            }
        }
        return true;
    }

    void afterCommit(Runnable effect) {
        current.effects.add(effect);
    }

    /**
     * Records that replica {@code r} asked for another input than the leader logged. With two
     * replicas, or on a replica thread, the replica stops now (with two the attempt cannot
     * succeed; a replica thread cannot wait for a log that will not come); with three
     * sequential replicas it goes on with its own input, and the vote decides.
     */
    private void diverge(ReplicaState r, int at, String ownInput) {
        if (r.divergence == null) {
            r.divergence = new Difference("input #" + at, "leader", log.describe(at), r.role(), ownInput);
        }
        if (stopOnDivergence) {
            throw Signals.DIVERGENCE;
        }
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

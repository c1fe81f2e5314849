package dev.lockstep.stm.call;

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

import java.util.List;

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
 * stops at its next state access ({@link Signals#TIMEOUT}). Map accesses are in
 * {@link MapAccesses}, and the {@code Nondet} values and their replay in {@link NondetReplay}.
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
    private final NondetReplay inputs = new NondetReplay(this);
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
    private long callId;
    private int attempt;
    private ReplicaState current;
    /** How many of this context's replicas the attempt may have filled. */
    private int used = 3;
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
        inputs.lead(config.replicas());
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
        inputs.follow(channel);
        snapshot.clear();
        snapshot.begin(channel.applyStamp());
        replicas[index].clear();
        active = true;
        return replicas[index];
    }

    /** Ends following; the replica's outputs and reads stay for the leader to read. */
    void endFollowing() {
        inputs.endFollowing();
        active = false;
        current = null;
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

    /** The {@code Nondet} values of the replicas run here. */
    NondetReplay inputs() {
        return inputs;
    }

    /** The replica running on this thread now. */
    ReplicaState running() {
        return current;
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
        inputs.clear();
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

    // ---- maps, in MapAccesses ----

    @Override
    protected Object mapGet(StripedMap<?, ?> map, Object key) {
        return MapAccesses.get(this, map, key);
    }

    @Override
    protected Object mapPut(StripedMap<?, ?> map, Object key, Object value) {
        return MapAccesses.put(this, map, key, value);
    }

    @Override
    protected Object mapRemove(StripedMap<?, ?> map, Object key) {
        return MapAccesses.remove(this, map, key);
    }

    @Override
    protected List<Object> mapKeys(StripedMap<?, ?> map) {
        return MapAccesses.keys(this, map);
    }

    // ---- effects ----

    void afterCommit(Runnable effect) {
        current.effects.add(effect);
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

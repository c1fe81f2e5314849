package dev.lockstep.stm;

import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.FaultInjection;
import dev.lockstep.api.spi.HardenerConfig;
import dev.lockstep.api.spi.ReplicaContext;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.BackoffIdleStrategy;
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
 * <p>A context either <em>leads</em> an attempt (it owns the transaction, runs the leader and,
 * under sequential execution, the later replicas too), or, on a replica thread, <em>follows</em>
 * another thread's attempt: it runs one later replica, reading the leader's inputs from an
 * {@link InputChannel} as they are logged. A follower never touches the transaction: it checks
 * what it re-reads against the stripe version the leader logged, and the leader validates the
 * whole snapshot once every replica is done.
 *
 * <p>Every replica also carries the attempt's watchdog deadline: a replica past it stops at its
 * next state access ({@link Signals#TIMEOUT}).
 *
 * <p>It is also the {@link ReplicaContext} given to the {@link FaultHook}.
 *
 * <p><b>Note:</b> confined to its thread, but for the hand-over of a follower's outputs, which
 * {@link ReplicaWorker} publishes to the leader.
 */
final class CallContext implements ReplicaContext {
    private static final int LEADER = 0;
    /** State accesses between two looks at the clock. */
    private static final int WATCHDOG_STRIDE = 1024;

    private final StmProvider runtime;
    private final GammaTxnPool pool = new GammaTxnPool();
    private final ReplicaState[] replicas = {new ReplicaState(0), new ReplicaState(1), new ReplicaState(2)};
    /** The replicas of the attempt led here: own ones, or a follower's for parallel replicas. */
    private final ReplicaState[] team = replicas.clone();
    private final InputLog log = new InputLog();
    private final ReadSet readSet = new ReadSet();
    private final LongHashSet versionsRaised = new LongHashSet();
    private final StoreGates storeGates = new StoreGates();
    /** Claimed replica threads: followers first, then, for a relocated leader, its thread. */
    private final ReplicaWorker[] workers = new ReplicaWorker[3];
    /**
     * How a replica waits for another: spin, then mostly yield (a parked thread wakes 50 us late
     * at best, longer than many calls), then park.
     */
    private final BackoffIdleStrategy idler = new BackoffIdleStrategy(100, 10_000, 50_000, 1_000_000);

    private boolean active;
    private GammaTxn txn;
    private FaultHook hook = FaultHook.NONE;
    private boolean verifyReads;
    /** Whether a replica stops at its first input that differs from the log (DMR, followers). */
    private boolean stopOnDivergence;
    private long callId;
    private int attempt;
    private ReplicaState current;
    private boolean conflicted;
    private long deadline;
    private int ticks;
    private boolean timedOut;
    /** While leading in parallel: how many workers run later replicas. */
    private int workerCount;
    /** The replica thread running this attempt's leader, when a retry moved it off the caller. */
    private ReplicaWorker leaderWorker;
    /** The watchdog abandoned a replica thread that still runs this context's leader. */
    private boolean poisoned;
    /** The CPU the caller ran on when it claimed replica threads for this attempt, or -1. */
    private int callerCpu = -1;
    /** While following: the leader's inputs. */
    private InputChannel source;
    /** The replica the watchdog stopped in this attempt, or -1. */
    private int abandoned = -1;
    private long leaderNanos;
    /** The {@link Applies#stamp()} the attempt led here began with; NONE while following. */
    private long applyStamp = Applies.NONE;

    CallContext(StmProvider runtime) {
        this.runtime = runtime;
    }

    boolean active() {
        return active;
    }

    // ---- attempt lifecycle (driven by StmHardener) ----

    /**
     * Starts an attempt led on this thread.
     *
     * @param deadline the watchdog's deadline, in {@link System#nanoTime()} time
     */
    void beginAttempt(HardenerConfig config, long callId, int attempt, long deadline) {
        configure(config, callId, attempt, deadline);
        this.stopOnDivergence = config.replicas() == 2;
        this.abandoned = -1;
        this.callerCpu = -1;
        txn = runtime.newTxn(pool);
        applyStamp = runtime.applies().stamp();
        active = true;
    }

    private void configure(HardenerConfig config, long callId, int attempt, long deadline) {
        FaultHook global = FaultInjection.installed();
        this.hook = FaultHooks.guarded(global == null ? config.faultHook() : FaultHooks.both(config.faultHook(), global));
        this.verifyReads = config.verifyReads();
        this.callId = callId;
        this.attempt = attempt;
        this.deadline = deadline;
        this.conflicted = false;
        this.timedOut = false;
        this.ticks = 0;
        this.applyStamp = Applies.NONE;
    }

    /**
     * Hands the later replicas of the attempt to the workers claimed into {@link #workerSlots()},
     * which start them at once; the leader then runs on this thread and sends its inputs as it
     * logs them.
     */
    void runLaterReplicasOn(int count, HardenerConfig config, dev.lockstep.api.HardenedCallable<?, ?> body) {
        for (int i = 0; i < count; i++) {
            workers[i].channel().applyStamp(applyStamp);
            team[i + 1] = workers[i].start(body, config, callId, attempt, deadline, i + 1);
        }
        workerCount = count;
    }

    /**
     * Runs the leader replica on the calling thread, which is this context's own or, for a
     * relocated leader, a replica thread the context was handed to; then tells the followers
     * that the log is complete.
     */
    void runLeader(dev.lockstep.api.HardenedCallable<?, ?> body) {
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
        leaderNanos = System.nanoTime() - started;
        leaderDone();
    }

    /**
     * Moves the leader of the attempt to the last of the {@code claimed} workers (a retry's
     * fresh pair, off the caller's core); the rest run later replicas.
     *
     * @return the leader's replica thread
     */
    ReplicaWorker relocateLeader(int claimed) {
        leaderWorker = workers[claimed - 1];
        workers[claimed - 1] = null;
        return leaderWorker;
    }

    /**
     * The watchdog abandoned the replica thread running this context's leader, which may still
     * use it: the context must never serve another call.
     */
    void poison() {
        poisoned = true;
    }

    boolean poisoned() {
        return poisoned;
    }

    /** The replica thread running this attempt's leader, or null if it runs on the caller's. */
    ReplicaWorker leaderWorker() {
        return leaderWorker;
    }

    /** Notes the CPU the caller runs on as it claims replica threads; returns it. */
    int noteCallerCpu(int cpu) {
        callerCpu = cpu;
        return cpu;
    }

    int callerCpu() {
        return callerCpu;
    }

    /** Where {@link ReplicaWorkers#tryClaim} puts the workers for {@link #runLaterReplicasOn}. */
    ReplicaWorker[] workerSlots() {
        return workers;
    }

    /** The leader logged its last input: the followers may tell that they asked for too many. */
    private void leaderDone() {
        for (int i = 0; i < workerCount; i++) {
            workers[i].channel().close();
        }
    }

    /** The watchdog stopped replica {@code index} of the attempt led here. */
    void abandoned(int index) {
        abandoned = index;
    }

    /** The role of the replica the watchdog stopped in the attempt led here. */
    String timedOutRole() {
        return ReplicaState.ROLES[Math.max(abandoned, 0)];
    }

    /** How long the leader of a parallel attempt ran, for ADAPTIVE's estimate. */
    long leaderNanos() {
        return leaderNanos;
    }

    /** The CPUs of the attempt's replica threads, as a mask (bit {@code c} for CPU {@code c}). */
    long workerCpus() {
        long mask = leaderWorker == null ? 0 : ReplicaWorkers.bit(leaderWorker.cpu());
        for (int i = 0; i < workerCount; i++) {
            mask |= ReplicaWorkers.bit(workers[i].cpu());
        }
        return mask;
    }

    /** The parallel followers of the attempt led here, or none. */
    ReplicaWorker worker(int i) {
        return workers[i];
    }

    /**
     * Starts following: replica {@code index} of another thread's attempt runs here, with the
     * inputs that arrive on {@code channel}.
     */
    ReplicaState beginFollowing(HardenerConfig config, long callId, int attempt, long deadline,
                                InputChannel channel, int index) {
        configure(config, callId, attempt, deadline);
        this.stopOnDivergence = true;
        this.source = channel;
        this.applyStamp = channel.applyStamp();
        replicas[index].clear();
        active = true;
        return replicas[index];
    }

    /** Ends following; the replica's outputs stay for the leader to read. */
    void endFollowing() {
        source.closeByTrailer();
        source = null;
        active = false;
        current = null;
        log.clear();
    }

    /** Replica {@code index} of the attempt led here, wherever it runs. */
    ReplicaState replica(int index) {
        return team[index];
    }

    /** This context's own replica {@code index}, which a follower fills. */
    ReplicaState ownReplica(int index) {
        return replicas[index];
    }

    /**
     * Whether the watchdog stopped a replica run here, or the replica that just ended ran past
     * the deadline (it may have made too few state accesses to be stopped during its run).
     */
    boolean timedOut() {
        if (!timedOut && System.nanoTime() - deadline > 0) {
            timedOut = true;
        }
        return timedOut;
    }

    /**
     * Waits a little, as one step of a loop waiting for another replica, and enforces the
     * watchdog's deadline.
     *
     * @throws Signals.Timeout past the deadline
     */
    void idle(int idles) {
        if (idles == 0) {
            idler.reset();
        }
        idler.idle();
        if (System.nanoTime() - deadline > 0) {
            throw timeout();
        }
    }

    /** How this context's thread waits for another replica. */
    org.agrona.concurrent.IdleStrategy idler() {
        return idler;
    }

    /** The deadline of the attempt, in {@link System#nanoTime()} time. */
    long deadline() {
        return deadline;
    }

    /** The leader cancelled the followed attempt: stop this replica. */
    Signals.Conflict cancelled() {
        return conflict();
    }

    private Signals.Timeout timeout() {
        timedOut = true;
        return Signals.TIMEOUT;
    }

    /** On every state access: every {@value #WATCHDOG_STRIDE} accesses, a look at the clock. */
    private void watchdog() {
        if ((++ticks & (WATCHDOG_STRIDE - 1)) == 0 && System.nanoTime() - deadline > 0) {
            throw timeout();
        }
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
        return !conflicted && readSet.stillValid(runtime.applies(), applyStamp);
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
     * Commits {@code winner}'s writes: raise the version of each written stripe in the
     * transaction, {@code prepare()} (locks and validates), then the rest in
     * {@link Commits#applyPrepared}: reserve map entries, journal, apply, {@code commit()}
     * (publishes versions, unlocks).
     *
     * @throws Signals.Conflict  if Multiverse found a conflict; the transaction is aborted
     * @throws LockstepException if the call wrote to two persistent stores, a map would pass its
     *                           maxEntries ({@code StoreCapacityException}), the journal cannot
     *                           be written, or a map refused a write; nothing is applied (or
     *                           what was is undone)
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
        storeGates.enter(writes, mapWrites);
        Commits.applyPrepared(runtime.applies(), txn, writes, mapWrites, persistent);
    }

    /**
     * Before a writing commit: brings the stripes read past a lock into the transaction, so that
     * {@code prepare()} validates every read.
     *
     * @throws Signals.Conflict if one is locked or has changed since
     */
    void trackLockedReads() {
        if (!readSet.trackInto(txn)) {
            throw conflict();
        }
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
        storeGates.leaveAll();
        for (int i = 0; i < workerCount; i++) {
            workers[i].detach();
            workers[i] = null;
            team[i + 1] = replicas[i + 1];
        }
        workerCount = 0;
        if (leaderWorker != null) {
            leaderWorker.detach();
            leaderWorker = null;
        }
        if (poisoned) {
            // An abandoned replica thread may still run the leader here: leave everything to it.
            return;
        }
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
        watchdog();
        ReplicaState r = current;
        int own = r.writes.slotOf(cells.location(index));
        long value;
        if (own >= 0) {
            value = hook.onRead(this, r.writes.valueAt(own));
        } else if (r.index == LEADER) {
            GammaTxnLong stripe = cells.stripe(index);
            long version = versionOf(stripe);
            long read = cells.readMemory(index);
            if (!Stripes.stillAt(stripe, version, runtime.applies(), applyStamp)) {
                throw conflict();
            }
            readSet.add(cells.stripeKey(index), stripe, version);
            value = hook.onRead(this, read);
            logged(log.appendRead(cells, index, value, version));
        } else {
            value = replayRead(r, cells, index);
        }
        r.reads++;
        return value;
    }

    private long replayRead(ReplicaState r, StripedCells cells, int index) {
        int at = r.cursor++;
        if (!hasInput(at) || !log.matches(at, InputLog.READ, cells.location(index))) {
            diverge(r, at, "read " + cells.describe(index));
            // Three sequential replicas: this one goes on with its own input, from the snapshot.
            GammaTxnLong stripe = cells.stripe(index);
            long version = versionOf(stripe);
            long value = cells.readMemory(index);
            recheck(stripe, version);
            readSet.add(cells.stripeKey(index), stripe, version);
            return hook.onRead(this, value);
        }
        if (!verifyReads) {
            return hook.onRead(this, log.valueAt(at));
        }
        long memory = cells.readMemory(index);
        recheck(cells.stripe(index), log.versionAt(at));
        long value = hook.onRead(this, memory);
        if (value != log.valueAt(at)) {
            diverge(r, at, "read " + cells.describe(index) + " = " + value);
        }
        return value;
    }

    /**
     * After re-reading a value the leader logged: the stripe must still be at the version the
     * leader saw, so both reads come from one snapshot; otherwise another thread committed in
     * between, which is a conflict and not a fault.
     */
    private void recheck(GammaTxnLong stripe, long version) {
        if (!Stripes.stillAt(stripe, version, runtime.applies(), applyStamp)) {
            throw conflict();
        }
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

    /** The leader logged entry {@code at}: send it to every parallel follower. */
    private void logged(int at) {
        for (int i = 0; i < workerCount; i++) {
            log.send(at, workers[i].channel(), this);
        }
    }

    // ---- maps ----

    Object mapGet(StripedMap<?, ?> map, Object key) {
        watchdog();
        ReplicaState r = current;
        Object own = r.mapWrites.lookup(map, key);
        Object value;
        if (own != MapWrites.UNWRITTEN) {
            value = own == MapWrites.REMOVED ? null : own;
        } else if (r.index == LEADER) {
            GammaTxnLong stripe = map.stripeAt(map.stripeIndex(key));
            long version = versionOf(stripe);
            value = snapshotMapRead(map, key, stripe, version);
            logged(log.appendMapRead(map, key, value, version));
        } else {
            int at = r.cursor++;
            InputLog.MapRead logged = hasInput(at) ? log.mapReadAt(at, InputLog.MAP_READ, map, key) : null;
            if (logged == null) {
                diverge(r, at, "read " + map.describe(key));
                GammaTxnLong stripe = map.stripeAt(map.stripeIndex(key));
                value = snapshotMapRead(map, key, stripe, versionOf(stripe));
            } else if (!verifyReads) {
                value = logged.value();
            } else {
                value = map.readCommitted(key);
                recheck(map.stripeAt(map.stripeIndex(key)), log.versionAt(at));
                if (!map.valueCodec().same(value, logged.value())) {
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
        watchdog();
        ReplicaState r = current;
        List<Object> keys;
        if (r.index == LEADER) {
            long[] versions = new long[StripedMap.STRIPES];
            keys = snapshotMapKeys(map, versions);
            logged(log.appendMapScan(map, keys, versions));
        } else {
            int at = r.cursor++;
            InputLog.MapRead logged = hasInput(at) ? log.mapReadAt(at, InputLog.MAP_SCAN, map, null) : null;
            if (logged == null) {
                diverge(r, at, "read the keys of map '" + map.name() + "'");
                keys = snapshotMapKeys(map, new long[StripedMap.STRIPES]);
            } else {
                @SuppressWarnings("unchecked")
                List<Object> loggedKeys = (List<Object>) logged.value();
                if (verifyReads) {
                    keys = map.readKeys();
                    for (int s = 0; s < StripedMap.STRIPES; s++) {
                        recheck(map.stripeAt(s), logged.versions()[s]);
                    }
                } else {
                    keys = loggedKeys;
                }
                if (!sameKeys(map, keys, loggedKeys)) {
                    diverge(r, at, "read " + keys.size() + " keys of map '" + map.name() + "'");
                }
            }
        }
        r.reads++;
        return ownView(map, keys, r.mapWrites);
    }

    /** The snapshot's keys the replica did not write, then those it put: O(keys + own writes). */
    private static List<Object> ownView(StripedMap<?, ?> map, List<Object> keys, MapWrites own) {
        List<Object> view = new ArrayList<>(keys.size() + own.size());
        for (Object key : keys) {
            if (own.size() == 0 || own.lookup(map, key) == MapWrites.UNWRITTEN) {
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

    /** Reads a map value of the attempt's snapshot, at {@code version} of its stripe. */
    private Object snapshotMapRead(StripedMap<?, ?> map, Object key, GammaTxnLong stripe, long version) {
        Object value = map.readCommitted(key);
        recheck(stripe, version);
        readSet.add(map.stripeKey(map.stripeIndex(key)), stripe, version);
        return value;
    }

    /** Reads a map's keys in the attempt's snapshot; {@code versions} receives its stripes' versions. */
    private List<Object> snapshotMapKeys(StripedMap<?, ?> map, long[] versions) {
        for (int s = 0; s < StripedMap.STRIPES; s++) {
            versions[s] = versionOf(map.stripeAt(s));
        }
        List<Object> keys = map.readKeys();
        for (int s = 0; s < StripedMap.STRIPES; s++) {
            recheck(map.stripeAt(s), versions[s]);
        }
        for (int s = 0; s < StripedMap.STRIPES; s++) {
            readSet.add(map.stripeKey(s), map.stripeAt(s), versions[s]);
        }
        return keys;
    }

    /**
     * The version of {@code stripe} in the attempt's snapshot, through Multiverse; or, for a
     * stripe a commit holds locked (Multiverse would refuse it), its last committed version,
     * which {@link Stripes#stillAt} accepts while that commit has applied nothing.
     */
    private long versionOf(GammaTxnLong stripe) {
        if (txn == null) {
            throw new IllegalStateException("a replica thread read outside the leader's log");
        }
        if (!readSet.untrackedStillValid(runtime.applies(), applyStamp)) {
            // As Multiverse does for the reads it tracks: never go on from a torn view.
            throw conflict();
        }
        if (stripe.hasExclusiveLock()) {
            long version = stripe.atomicWeakGet();
            readSet.addUntracked(stripe, version);
            return version;
        }
        try {
            return stripe.get(txn);
        } catch (ControlFlowError e) {
            throw conflict();
        }
    }

    void write(StripedCells cells, int index, long value) {
        watchdog();
        ReplicaState r = current;
        long written = hook.onWrite(this, value);
        r.writes.put(cells, index, written);
        r.writeCount++;
    }

    long recordLong(LongSupplier source) {
        watchdog();
        ReplicaState r = current;
        if (r.index == LEADER) {
            long value = source.getAsLong();
            logged(log.appendNondet(value));
            return value;
        }
        int at = r.cursor++;
        if (hasInput(at) && log.matches(at, InputLog.NONDET_LONG, 0)) {
            return log.valueAt(at);
        }
        diverge(r, at, "Nondet value");
        return source.getAsLong();
    }

    <T> T record(Supplier<T> source) {
        watchdog();
        ReplicaState r = current;
        if (r.index == LEADER) {
            T value = source.get();
            logged(log.appendNondet((Object) value));
            return value;
        }
        int at = r.cursor++;
        if (hasInput(at) && log.matches(at, InputLog.NONDET_OBJECT, 0)) {
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
     * replicas, or on a replica thread, the replica stops now (with two the attempt cannot
     * succeed; a replica thread has no transaction to read its own inputs through); with three
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

    private Signals.Conflict conflict() {
        conflicted = true;
        if (txn != null && txn.isAlive()) {
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

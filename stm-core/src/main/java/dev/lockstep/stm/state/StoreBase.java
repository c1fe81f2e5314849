package dev.lockstep.stm.state;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.MapOptions;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.api.state.StoreCapacityException;
import dev.lockstep.api.state.TxMap;
import net.openhft.chronicle.map.ChronicleMap;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * What every {@link StateStore} shares: name rules, one instance per name, and the gate that
 * makes closing safe while other threads still use the store.
 * Subclasses say where cells and maps live: in memory ({@link InMemoryStore}) or in files (the
 * persist room's store).
 *
 * <p>The gate is an in-flight counter and a closed flag. Whatever touches memory that closing
 * frees outside a commit (a read of a Chronicle Map, file work) {@link #enter enters} first and
 * {@link #leave leaves} after; commits check the flag inside the runtime's commit gate
 * ({@link StoreGates}). {@link #close()} sets the flag, drains the commit gate, waits until
 * nothing is in flight, and only then releases. Entering a closed store fails with
 * {@link ErrorCode#STORE_CLOSED}, so every use either finishes before the release or fails
 * cleanly. No lock is held across stores, so a commit that enters several gates cannot deadlock
 * with another. Cells need no gate to be read: their memory is never freed explicitly (see
 * {@link OffHeap}). Internal to the engine; not an API.
 *
 * <p><b>Note:</b> thread-safe.
 */
public abstract class StoreBase implements StateStore {
    private final StateRuntime runtime;
    private final ConcurrentMap<String, StripedCells> cells = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, StripedMap<?, ?>> maps = new ConcurrentHashMap<>();
    private final AtomicLong inFlight = new AtomicLong();
    private volatile boolean closed;

    /** A store of {@code runtime}. */
    protected StoreBase(StateRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public LongCells longCells(String name, int length) {
        checkOpen();
        Names.check("cells", name);
        if (length < 1) {
            throw new IllegalArgumentException("cells '" + name + "' need a length of 1 or more, got " + length);
        }
        if (length > OffHeap.MAX_CELLS) {
            throw tooManyCells(name, length);
        }
        StripedCells found = cells.computeIfAbsent(name, n -> inGate(() -> newCells(n, length)));
        if (found.length() != length) {
            throw new IllegalArgumentException("cells '" + name + "' already exist with length "
                    + found.length() + ", not " + length + ": use the same length or another name");
        }
        return found;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> TxMap<K, V> map(String name, Class<K> keyType, Class<V> valueType, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("map '" + name + "' needs maxEntries of 1 or more, got " + maxEntries);
        }
        return map(name, keyType, valueType, MapOptions.entries(maxEntries));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> TxMap<K, V> map(String name, Class<K> keyType, Class<V> valueType, MapOptions options) {
        checkOpen();
        Names.check("map", name);
        Codec key = Codec.of(keyType, "key");
        Codec value = Codec.of(valueType, "value");
        java.util.Objects.requireNonNull(options, "options");
        StripedMap<?, ?> found = maps.computeIfAbsent(name, n -> inGate(() -> newMap(n, key, value, options)));
        if (found.keyCodec() != key || found.valueCodec() != value) {
            throw new IllegalArgumentException("map '" + name + "' already exists with types "
                    + found.keyCodec().type.getSimpleName() + " -> " + found.valueCodec().type.getSimpleName()
                    + ": use those types or another name");
        }
        MapLimits.reconcile(name, key, value, found.limits().options(), options);
        return (TxMap<K, V>) found;
    }

    /**
     * Creates or opens the cells' memory, inside the gate.
     *
     * @throws dev.lockstep.api.LockstepException if a file cannot be used, naming it
     */
    protected abstract StripedCells newCells(String name, int length);

    /**
     * Creates or opens the map's Chronicle Map, inside the gate.
     *
     * @throws dev.lockstep.api.LockstepException if a file cannot be used, naming it
     */
    protected abstract StripedMap<?, ?> newMap(String name, Codec key, Codec value, MapOptions options);

    /** New cells of this store on {@code memory}, their stripes versioned in the runtime's STM. */
    protected final StripedCells cellsOn(String name, OffHeap memory) {
        return new StripedCells(this, runtime.stm(), runtime.nextId(), name, memory);
    }

    /** A new map of this store, whose committed state is {@code committed}, created with {@code options}. */
    protected final StripedMap<?, ?> mapOn(String name, Codec key, Codec value, ChronicleMap<Object, Object> committed,
                                          MapOptions options) {
        return new StripedMap<>(this, runtime.stm(), runtime.nextId(), name, key, value, committed, options);
    }

    /** The cells of this store named {@code name}, or null. */
    protected final StripedCells cellsNamed(String name) {
        return cells.get(name);
    }

    /** The map of this store named {@code name}, or null. */
    protected final StripedMap<?, ?> mapNamed(String name) {
        return maps.get(name);
    }

    /** Every map of this store. */
    protected final Iterable<StripedMap<?, ?>> allMaps() {
        return maps.values();
    }

    /**
     * Closes the store: from now on every use fails with {@link ErrorCode#STORE_CLOSED}; waits
     * until the commits in flight and the map reads already in the gate have left (commits to
     * other stores wait that long too); then releases memory,
     * files and locks. Closing twice does nothing; a second concurrent close waits for the first.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Commits that found the store open are inside the commit gate: let them finish.
        runtime.drainCommits();
        for (int spins = 0; inFlight.get() != 0; spins++) {
            if (spins < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(50_000);
            }
        }
        release();
    }

    /** Releases memory, files and locks; called once, on close, when nothing is in the gate. */
    protected abstract void release();

    /**
     * Enters the gate: closing waits until the caller {@link #leave leaves}. Pair every
     * successful call with one {@code leave()} in a {@code finally}.
     *
     * @throws LockstepException with {@link ErrorCode#STORE_CLOSED} if the store is closed or
     *                           closing; the caller has then not entered
     */
    void enter() {
        inFlight.incrementAndGet();
        if (closed) {
            inFlight.decrementAndGet();
            throw closedError();
        }
    }

    void leave() {
        inFlight.decrementAndGet();
    }

    boolean isClosed() {
        return closed;
    }

    void checkOpen() {
        if (closed) {
            throw closedError();
        }
    }

    LockstepException closedError() {
        return new LockstepException(ErrorCode.STORE_CLOSED, describe() + " is closed, so the call "
                + "failed and changed nothing in it. Close a store only after its last use, or open it again.");
    }

    /** How errors name the store: {@code "the in-memory store"} or the directory. */
    protected abstract String describe();

    /** The cells a {@code longCells} call asked for do not fit one block of memory or one mapped file. */
    static StoreCapacityException tooManyCells(String name, long requested) {
        return new StoreCapacityException("cells '" + name + "'", "length", OffHeap.MAX_CELLS, requested,
                "One cells object holds at most " + OffHeap.MAX_CELLS + " cells in either store (its bytes and "
                        + "a 64-byte header or alignment must fit one 2 GiB buffer): split the state over "
                        + "several cells objects.");
    }

    /** The runtime this store belongs to. */
    protected final StateRuntime runtime() {
        return runtime;
    }

    /** Runs {@code action} (file work, or memory a close would free) inside the gate. */
    private <T> T inGate(Supplier<T> action) {
        enter();
        try {
            return action.get();
        } finally {
            leave();
        }
    }
}

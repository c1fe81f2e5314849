package dev.lockstep.stm;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.api.state.TxMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What every {@link StateStore} shares: name rules, one instance per name, the closed state.
 * Subclasses say where cells and maps live.
 *
 * <p><b>Note:</b> thread-safe.
 */
abstract class StoreBase implements StateStore {
    private final StmProvider runtime;
    private final ConcurrentMap<String, StripedCells> cells = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, StripedMap<?, ?>> maps = new ConcurrentHashMap<>();
    private volatile boolean closed;

    StoreBase(StmProvider runtime) {
        this.runtime = runtime;
    }

    @Override
    public LongCells longCells(String name, int length) {
        checkOpen();
        Names.check("cells", name);
        if (length < 1 || length > OffHeap.MAX_CELLS) {
            throw new IllegalArgumentException("cells '" + name + "' need a length from 1 to "
                    + OffHeap.MAX_CELLS + ", got " + length);
        }
        StripedCells found = cells.computeIfAbsent(name, n -> io(() -> newCells(n, length)));
        if (found.length() != length) {
            throw new IllegalArgumentException("cells '" + name + "' already exist with length "
                    + found.length() + ", not " + length + ": use the same length or another name");
        }
        return found;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> TxMap<K, V> map(String name, Class<K> keyType, Class<V> valueType, int maxEntries) {
        checkOpen();
        Names.check("map", name);
        Codec key = Codec.of(keyType, "key");
        Codec value = Codec.of(valueType, "value");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("map '" + name + "' needs maxEntries of 1 or more, got " + maxEntries);
        }
        StripedMap<?, ?> found = maps.computeIfAbsent(name, n -> io(() -> newMap(n, key, value, maxEntries)));
        if (found.keyCodec() != key || found.valueCodec() != value) {
            throw new IllegalArgumentException("map '" + name + "' already exists with types "
                    + found.keyCodec().type.getSimpleName() + " -> " + found.valueCodec().type.getSimpleName()
                    + ": use those types or another name");
        }
        return (TxMap<K, V>) found;
    }

    /** Creates or opens the cells' memory. */
    abstract StripedCells newCells(String name, int length) throws IOException;

    /** Creates or opens the map's Chronicle Map. */
    abstract StripedMap<?, ?> newMap(String name, Codec key, Codec value, int maxEntries) throws IOException;

    /** The redo journal of a persistent store; null for an in-memory one. */
    Journal journal() {
        return null;
    }

    StripedCells cellsNamed(String name) {
        return cells.get(name);
    }

    StripedMap<?, ?> mapNamed(String name) {
        return maps.get(name);
    }

    Iterable<StripedMap<?, ?>> allMaps() {
        return maps.values();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        release();
    }

    /** Releases files and locks; called once, on close. */
    abstract void release();

    void checkOpen() {
        if (closed) {
            throw new LockstepException(ErrorCode.BAD_STORE_USE,
                    "this store is closed: open a new one, or close it only after its last use");
        }
    }

    StmProvider runtime() {
        return runtime;
    }

    interface IoSupplier<T> {
        T get() throws IOException;
    }

    static <T> T io(IoSupplier<T> action) {
        try {
            return action.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}

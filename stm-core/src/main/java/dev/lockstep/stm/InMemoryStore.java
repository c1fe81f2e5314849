package dev.lockstep.stm;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link StateStore} whose cells live off-heap in this process.
 *
 * <p><b>Note:</b> thread-safe.
 */
final class InMemoryStore implements StateStore {
    private final StmProvider runtime;
    private final ConcurrentMap<String, StripedCells> cells = new ConcurrentHashMap<>();
    private volatile boolean closed;

    InMemoryStore(StmProvider runtime) {
        this.runtime = runtime;
    }

    @Override
    public LongCells longCells(String name, int length) {
        checkOpen();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("cells need a non-blank name, got " + name);
        }
        if (length < 1 || length > OffHeap.MAX_CELLS) {
            throw new IllegalArgumentException("cells '" + name + "' need a length from 1 to "
                    + OffHeap.MAX_CELLS + ", got " + length);
        }
        StripedCells found = cells.computeIfAbsent(name, n -> runtime.newCells(this, n, length));
        if (found.length() != length) {
            throw new IllegalArgumentException("cells '" + name + "' already exist with length "
                    + found.length() + ", not " + length + ": use the same length or another name");
        }
        return found;
    }

    @Override
    public void close() {
        closed = true;
    }

    void checkOpen() {
        if (closed) {
            throw new LockstepException(ErrorCode.BAD_STORE_USE,
                    "this store is closed: open a new one, or close it only after its last use");
        }
    }

    StmProvider runtime() {
        return runtime;
    }
}

package dev.lockstep.stm.state;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;

/**
 * How a commit meets closing stores. A writing commit runs inside the runtime's commit gate,
 * and closing a store {@linkplain StateRuntime#drainCommits drains} that gate after marking the
 * store closed; so a commit that {@linkplain #checkOpen finds every store it writes
 * open} once inside the gate finishes before the store releases anything, and a later one fails
 * whole with {@link ErrorCode#STORE_CLOSED}, nothing applied. This costs a commit one volatile
 * load per write, where a gate per store cost two atomic updates per store. Internal to the
 * engine; not an API.
 *
 * <p><b>Note:</b> stateless and thread-safe.
 */
public final class StoreGates {
    private StoreGates() {
    }

    /**
     * Checks that every store the writes go to is open; call inside the commit gate.
     *
     * @throws LockstepException with {@link ErrorCode#STORE_CLOSED} if one of them is closed
     */
    public static void checkOpen(WriteSet writes, MapWrites mapWrites) {
        StoreBase last = null;
        for (int slot = 0; slot < writes.size(); slot++) {
            last = checkOpen(writes.cellsAt(slot).store(), last);
        }
        for (int slot = 0; slot < mapWrites.size(); slot++) {
            last = checkOpen(mapWrites.mapAt(slot).store(), last);
        }
    }

    private static StoreBase checkOpen(StoreBase store, StoreBase last) {
        if (store != last) {
            store.checkOpen();
        }
        return store;
    }
}

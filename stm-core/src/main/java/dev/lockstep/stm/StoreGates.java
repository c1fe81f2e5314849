package dev.lockstep.stm;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;

import java.util.Arrays;

/**
 * The store gates (see {@link StoreBase}) one commit is inside: it enters the gate of every
 * store it writes before it journals or applies anything, and leaves them all when its attempt
 * ends, so that closing a store waits for the commit, or the commit fails whole with
 * {@link ErrorCode#STORE_CLOSED} and nothing is applied.
 *
 * <p><b>Note:</b> not thread-safe; owned by one {@link CallContext}, reused across attempts.
 */
final class StoreGates {
    private StoreBase[] entered = new StoreBase[4];
    private int count;

    /**
     * Enters the gate of every store the writes go to.
     *
     * @throws LockstepException with {@link ErrorCode#STORE_CLOSED} if one of them is closed;
     *                           the gates entered so far are left by {@link #leaveAll()}
     */
    void enter(WriteSet writes, MapWrites mapWrites) {
        for (int slot = 0; slot < writes.size(); slot++) {
            enter(writes.cellsAt(slot).store());
        }
        for (int slot = 0; slot < mapWrites.size(); slot++) {
            enter(mapWrites.mapAt(slot).store());
        }
    }

    private void enter(StoreBase store) {
        for (int i = 0; i < count; i++) {
            if (entered[i] == store) {
                return;
            }
        }
        store.enter();
        if (count == entered.length) {
            entered = Arrays.copyOf(entered, count * 2);
        }
        entered[count++] = store;
    }

    /** Leaves every gate entered; call when the attempt ends, committed or not. */
    void leaveAll() {
        for (int i = 0; i < count; i++) {
            entered[i].leave();
            entered[i] = null;
        }
        count = 0;
    }

    /**
     * A store closed while the replicas ran can fail one replica's read and not another's: that
     * is not a fault, so the caller gets the store-closed error instead of a mismatch.
     *
     * @throws LockstepException the first replica's {@link ErrorCode#STORE_CLOSED} error, if any
     */
    static void throwIfStoreClosed(CallContext call, int replicas) {
        for (int i = 0; i < replicas; i++) {
            if (call.replica(i).thrown instanceof LockstepException e && e.code() == ErrorCode.STORE_CLOSED) {
                throw e;
            }
        }
    }
}

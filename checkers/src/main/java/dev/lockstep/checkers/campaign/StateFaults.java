package dev.lockstep.checkers.campaign;

import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.ReplicaContext;

/**
 * Fault model {@link FaultModel#STATE}: counts every value replicas read from or write to state,
 * in execution order, and flips one bit of the one at the armed index. The same counter serves
 * Lockstep's {@link FaultHook} (hardened runs) and the plain array (unhardened runs).
 *
 * <p><b>Note:</b> confined to the thread that armed it; other threads pass through.
 */
final class StateFaults implements FaultHook {
    private volatile Thread owner;
    private long target = -1;
    private long mask;
    private long accesses;
    private boolean fired;

    void arm(long newTarget, long newMask) {
        owner = Thread.currentThread();
        target = newTarget;
        mask = newMask;
        accesses = 0;
        fired = false;
    }

    void disarm() {
        owner = null;
    }

    long accesses() {
        return accesses;
    }

    boolean fired() {
        return fired;
    }

    long apply(long value) {
        if (owner != Thread.currentThread()) {
            return value;
        }
        if (accesses++ == target) {
            fired = true;
            return value ^ mask;
        }
        return value;
    }

    @Override
    public long onRead(ReplicaContext context, long value) {
        return apply(value);
    }

    @Override
    public long onWrite(ReplicaContext context, long value) {
        return apply(value);
    }
}

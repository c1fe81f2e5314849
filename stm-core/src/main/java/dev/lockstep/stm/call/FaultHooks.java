package dev.lockstep.stm.call;

import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.ReplicaContext;

/**
 * Composes fault hooks: the hardener's own first, then the JVM-wide one; and guards them, so
 * that an exception a hook throws fails the call instead of passing for the body's output.
 *
 * <p><b>Note:</b> stateless; the hooks it makes are as thread-safe as the hooks they call.
 */
final class FaultHooks {
    private FaultHooks() {
    }

    /**
     * Wraps {@code hook} so that whatever it throws is first recorded as the running replica's
     * {@link ReplicaState#fatal fatal} failure, then rethrown unchanged. A hook models a faulty
     * core; an exception from it is a bug in the hook or the campaign, not a disagreement to
     * vote on or retry, so the call fails at once with it (even if the body catches it).
     */
    static FaultHook guarded(FaultHook hook) {
        if (hook == FaultHook.NONE) {
            return hook;
        }
        return new FaultHook() {
            @Override
            public void onReplicaStart(ReplicaContext c) {
                try {
                    hook.onReplicaStart(c);
                } catch (Throwable t) {
                    throw failed(c, t);
                }
            }

            @Override
            public void onReplicaEnd(ReplicaContext c) {
                try {
                    hook.onReplicaEnd(c);
                } catch (Throwable t) {
                    throw failed(c, t);
                }
            }

            @Override
            public long onRead(ReplicaContext c, long v) {
                try {
                    return hook.onRead(c, v);
                } catch (Throwable t) {
                    throw failed(c, t);
                }
            }

            @Override
            public long onWrite(ReplicaContext c, long v) {
                try {
                    return hook.onWrite(c, v);
                } catch (Throwable t) {
                    throw failed(c, t);
                }
            }
        };
    }

    /** Records {@code t} as the failure of the replica running in {@code c}; returns it to rethrow. */
    private static RuntimeException failed(ReplicaContext c, Throwable t) {
        ReplicaFailures.record(((CallContext) c).ownReplica(c.replica()), t);
        throw Sneaky.<RuntimeException>rethrow(t);
    }

    static FaultHook both(FaultHook first, FaultHook second) {
        if (first == FaultHook.NONE) {
            return second;
        }
        return new FaultHook() {
            @Override
            public void onReplicaStart(ReplicaContext c) {
                first.onReplicaStart(c);
                second.onReplicaStart(c);
            }

            @Override
            public void onReplicaEnd(ReplicaContext c) {
                try {
                    first.onReplicaEnd(c);
                } finally {
                    second.onReplicaEnd(c);
                }
            }

            @Override
            public long onRead(ReplicaContext c, long v) {
                return second.onRead(c, first.onRead(c, v));
            }

            @Override
            public long onWrite(ReplicaContext c, long v) {
                return second.onWrite(c, first.onWrite(c, v));
            }
        };
    }
}

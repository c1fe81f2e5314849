package dev.lockstep.stm;

import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.ReplicaContext;

/** Composes fault hooks: the hardener's own first, then the JVM-wide one. */
final class FaultHooks {
    private FaultHooks() {
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

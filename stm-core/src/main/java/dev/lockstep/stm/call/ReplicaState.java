package dev.lockstep.stm.call;

import dev.lockstep.stm.state.MapWrites;
import dev.lockstep.stm.state.WriteSet;

import java.util.ArrayList;
import java.util.List;

/**
 * One replica's outputs in one attempt: its write set, its result or exception, its deferred
 * effects, and how far it got through the leader's input log. Reused across attempts.
 *
 * <p><b>Note:</b> not thread-safe; owned by one call on one thread.
 */
final class ReplicaState {
    static final String[] ROLES = {"leader", "trailer", "tiebreaker"};

    final int index;
    final WriteSet writes = new WriteSet();
    final MapWrites mapWrites = new MapWrites();
    final List<Runnable> effects = new ArrayList<>();
    Object result;
    Throwable thrown;
    /** Next input log entry this replica consumes (replicas after the leader). */
    int cursor;
    int reads;
    int writeCount;
    /** First input that differed from the leader's log, or null. */
    Difference divergence;
    /**
     * What failed the replica without being an output of its body, or null: an exception a
     * {@link dev.lockstep.api.spi.FaultHook} threw, or one thrown by the engine around the
     * body on a replica thread. The call fails with it at once (see {@link ReplicaFailures}).
     */
    Throwable fatal;

    ReplicaState(int index) {
        this.index = index;
    }

    String role() {
        return ROLES[index];
    }

    void clear() {
        writes.clear();
        mapWrites.clear();
        effects.clear();
        result = null;
        thrown = null;
        cursor = 0;
        reads = 0;
        writeCount = 0;
        divergence = null;
        fatal = null;
    }
}

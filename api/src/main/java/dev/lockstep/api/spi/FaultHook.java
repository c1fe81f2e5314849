package dev.lockstep.api.spi;

/**
 * Corrupts what a replica reads from or writes to state, on purpose: the way tests and fault
 * injection campaigns model a faulty core. The defaults change nothing.
 *
 * <p><b>Note:</b> a hook is called from every thread that runs hardened calls, and under
 * {@link dev.lockstep.api.Execution#PARALLEL} from a call's replica threads at the same time
 * as from its caller's thread, so an implementation must be thread-safe.
 */
public interface FaultHook {

    /** A hook that changes nothing. */
    FaultHook NONE = new FaultHook() {
    };

    /**
     * Called for each value a replica reads from state.
     *
     * @param context the replica and the read
     * @param value   the value read
     * @return the value the replica gets
     */
    default long onRead(ReplicaContext context, long value) {
        return value;
    }

    /**
     * Called before a replica's body starts; lets a hook confine its faults to replicas.
     *
     * @param context the replica about to run
     */
    default void onReplicaStart(ReplicaContext context) {
    }

    /**
     * Called after a replica's body ended, however it ended.
     *
     * @param context the replica that ran
     */
    default void onReplicaEnd(ReplicaContext context) {
    }

    /**
     * Called for each value a replica writes to its write set.
     *
     * @param context the replica and the write
     * @param value   the value written
     * @return the value that lands in the replica's write set
     */
    default long onWrite(ReplicaContext context, long value) {
        return value;
    }
}

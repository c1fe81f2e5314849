package dev.lockstep.stm.call;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;

/**
 * Failures of a replica that are not faults to vote on, and end the call at once with the
 * failure itself instead of a mismatch and a retry:
 * <ul>
 *   <li>an exception a {@link dev.lockstep.api.spi.FaultHook} threw (recorded by
 *       {@link FaultHooks#guarded}) or the engine threw around the body on a replica thread:
 *       a bug to report, not a disagreement;</li>
 *   <li>a {@link VirtualMachineError} the body threw ({@link StackOverflowError},
 *       {@link OutOfMemoryError}, ...): a replica that ran out of stack or memory says
 *       nothing about the core it ran on, and a retry would most likely fail the same way.
 *       A replica thread's stack is as large as {@code ReplicaStack} says.</li>
 * </ul>
 * An ordinary exception the body throws stays an output: replicas that throw the same one
 * agree, and the call rethrows it; one that throws while another does not is a mismatch. The
 * exception is a store closed under the call: a mismatch it causes ends the call with it.
 *
 * <p><b>Note:</b> stateless and thread-safe; a replica's state is read only once the replica
 * has finished (its thread's hand-over orders the reads).
 */
final class ReplicaFailures {
    private ReplicaFailures() {
    }

    /** Records {@code t} as what failed {@code replica}; the first failure is kept. */
    static void record(ReplicaState replica, Throwable t) {
        if (replica.fatal == null) {
            replica.fatal = t;
        }
    }

    /** What failed the finished {@code replica} beyond its outputs, or null. */
    static Throwable of(ReplicaState replica) {
        if (replica.fatal != null) {
            return replica.fatal;
        }
        return replica.thrown instanceof VirtualMachineError ? replica.thrown : null;
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

    /**
     * Rethrows the first failure among the first {@code count} replicas of the attempt led by
     * {@code call}, in replica order. Replicas that may still run must come after one that
     * failed or not be counted: the attempt stops waiting at the first failure.
     */
    static void rethrowFirst(CallContext call, int count) {
        for (int i = 0; i < count; i++) {
            Throwable t = of(call.replica(i));
            if (t != null) {
                throw Sneaky.<RuntimeException>rethrow(t);
            }
        }
    }
}

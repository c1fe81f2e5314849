package dev.lockstep.api.spi;

/**
 * Where a replica is, for a {@link FaultHook}: which call, which attempt, which replica, and
 * how many state reads and writes it has made so far.
 *
 * <p><b>Note:</b> valid only during the hook invocation it is passed to, on that thread; do
 * not keep it.
 */
public interface ReplicaContext {

    /**
     * Returns the replica index: 0 leader, 1 trailer, 2 tiebreaker.
     *
     * @return the index
     */
    int replica();

    /**
     * Returns the attempt index within the call, from 0. Every re-run counts, whether it
     * follows a mismatch or a conflict.
     *
     * @return the index
     */
    int attempt();

    /**
     * Returns an identifier of the call, unique within this JVM.
     *
     * @return the identifier
     */
    long callId();

    /**
     * Returns how many state reads this replica completed in this attempt before the current
     * one: 0 for its first read.
     *
     * @return the index of the current read
     */
    int readIndex();

    /**
     * Returns how many state writes this replica made in this attempt before the current one:
     * 0 for its first write.
     *
     * @return the index of the current write
     */
    int writeIndex();
}

package dev.lockstep.api;

/**
 * Runs bodies as verified calls: each call runs as replicas inside one transaction over the
 * state of a {@link dev.lockstep.api.state.StateStore}, the replicas' outputs (writes, result or
 * exception, number of deferred effects) are compared, and only an agreed outcome commits. On a
 * mismatch the attempt is aborted and retried with fresh replicas; when every attempt disagrees
 * the call throws {@link UnrecoverableFaultException} and commits nothing.
 *
 * <p>A call made on a thread that is already inside a hardened call joins the outer call: its
 * body runs directly as part of the outer replica, whatever hardener it was called on.
 *
 * <p><b>Note:</b> a hardener is thread-safe; any number of threads may call it at once, and
 * concurrent calls are serializable.
 */
public interface Hardener {

    /**
     * Runs {@code body} as a hardened call and returns the agreed result.
     *
     * @param body the body; runs once per replica and attempt
     * @param <T>  the result type
     * @param <X>  the checked exception the body may throw
     * @return the result the replicas agreed on (the leader's instance)
     * @throws X                           if every replica threw the same exception (same type
     *                                     and message); nothing was committed
     * @throws UnrecoverableFaultException if the replicas disagreed on every attempt
     * @throws LockstepException           with {@link ErrorCode#CONTENTION} if concurrent commits
     *                                     beat the call more often than its conflict budget, or
     *                                     {@link ErrorCode#INCOMPARABLE_OUTPUT} if the result type
     *                                     cannot be compared between replicas
     * @throws NullPointerException        if {@code body} is null
     */
    <T, X extends Throwable> T call(HardenedCallable<T, X> body) throws X;

    /**
     * Runs {@code body} as a hardened call that returns nothing.
     *
     * @param body the body; runs once per replica and attempt
     * @param <X>  the checked exception the body may throw
     * @throws X                           if every replica threw the same exception
     * @throws UnrecoverableFaultException if the replicas disagreed on every attempt
     * @throws LockstepException           as for {@link #call(HardenedCallable)}
     * @throws NullPointerException        if {@code body} is null
     */
    <X extends Throwable> void run(HardenedRunnable<X> body) throws X;

    /**
     * Returns a snapshot of this hardener's counters since it was built.
     *
     * @return the counters; a new immutable object each time
     */
    Stats stats();

    /**
     * Returns the name given to the builder.
     *
     * @return the name, {@code "default"} when none was given
     */
    String name();

    /**
     * Returns how many replicas run per attempt.
     *
     * @return 2 (compare and retry) or 3 (vote)
     */
    int replicas();
}

package dev.lockstep.api;

/**
 * The body of a hardened call that returns a value.
 *
 * <p>A body may run several times per call (once per replica and attempt), so it must be a
 * deterministic function of the state it reads and of the values it draws from {@link Nondet};
 * it must not mutate objects that outlive the call. Its result is compared between replicas with
 * {@code equals} (arrays element by element), so return values, records, strings or arrays.
 *
 * @param <T> the result type
 * @param <X> the checked exception the body may throw ({@link RuntimeException} if none)
 */
@FunctionalInterface
public interface HardenedCallable<T, X extends Throwable> {
    /**
     * Runs the body once, as one replica.
     *
     * @return the result
     * @throws X when the body fails; it propagates if every replica throws the same exception
     */
    T call() throws X;
}

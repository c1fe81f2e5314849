package dev.lockstep.api;

/**
 * The body of a hardened call that returns nothing. The same rules as for
 * {@link HardenedCallable} apply: deterministic, may run several times per call.
 *
 * @param <X> the checked exception the body may throw ({@link RuntimeException} if none)
 */
@FunctionalInterface
public interface HardenedRunnable<X extends Throwable> {
    /**
     * Runs the body once, as one replica.
     *
     * @throws X when the body fails; it propagates if every replica throws the same exception
     */
    void run() throws X;
}

package dev.lockstep.api;

/**
 * Effects that must happen once per call, after it commits: sending a message, logging an
 * audit line, completing a future. The effect is deferred: each replica registers its own, the
 * number registered is compared between replicas, and the agreed replica's effects run in
 * registration order on the calling thread once the commit is visible, never for an aborted
 * attempt or a call that threw.
 *
 * <p><b>Note:</b> all methods are static and thread-safe.
 */
public final class Effects {
    private Effects() {
    }

    /**
     * Defers {@code effect} until the current hardened call commits. If an effect throws, the
     * remaining effects still run, the commit stands, and the first exception propagates from
     * the call (later ones are suppressed into it).
     *
     * @param effect what to run once after the commit
     * @throws IllegalStateException if called outside a hardened call
     * @throws NullPointerException  if {@code effect} is null
     */
    public static void afterCommit(Runnable effect) {
        if (effect == null) {
            throw new NullPointerException("effect");
        }
        Lockstep.provider().afterCommit(effect);
    }
}

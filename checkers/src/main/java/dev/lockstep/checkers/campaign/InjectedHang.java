package dev.lockstep.checkers.campaign;

/**
 * Thrown inside instrumented code when a run exceeds its step budget: the watchdog that keeps a
 * campaign from hanging. Inside a hardened call it ends the replica like any exception, so the
 * replicas disagree and the call retries.
 */
public final class InjectedHang extends Error {
    private static final long serialVersionUID = 1L;

    InjectedHang(long steps) {
        super("step budget exceeded after " + steps + " steps", null, false, false);
    }
}

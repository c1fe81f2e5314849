package dev.lockstep.stm.agent;

import dev.lockstep.api.HardenedCallable;

import java.lang.reflect.Method;

/**
 * What {@link Interception} hands an intercepted {@code @Hardened} method to: the runtime, which
 * {@link Interception#serve registers} itself when it starts. The agent thus needs nothing of the
 * engine, and the engine reaches the agent only to install it.
 * Internal to the engine; not an API.
 *
 * <p><b>Note:</b> implementations are thread-safe.
 */
public interface HardenedCalls {
    /** Whether the calling thread runs a hardened call already: the body then runs as usual. */
    boolean inCall();

    /**
     * Runs {@code body} as a call of the hardener {@code hardenerName} names, after the
     * determinism lint has checked {@code method} as that hardener's lint mode says.
     *
     * @param method       the intercepted method
     * @param hardenerName the annotation's value; empty for the default hardener
     * @param display      how errors name the method: {@code Class.method}
     * @return the call's agreed result
     * @throws X what the body threw, or a Lockstep error (an unknown hardener, a failed lint)
     */
    <T, X extends Throwable> T call(Method method, String hardenerName, String display,
                                    HardenedCallable<T, X> body) throws X;
}

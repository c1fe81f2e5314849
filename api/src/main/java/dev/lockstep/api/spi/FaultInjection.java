package dev.lockstep.api.spi;

import java.util.Objects;

/**
 * A JVM-wide {@link FaultHook} that applies to every hardener on top of its own: how a test
 * framework (the {@code @InjectFaults} extension of {@code lockstep-checkers}) injects faults
 * into hardeners it did not build. The runtime reads it once per attempt. Tests and campaigns
 * only; production code never installs one.
 *
 * <p><b>Note:</b> thread-safe; the installed hook must be thread-safe too.
 */
public final class FaultInjection {
    private static volatile FaultHook installed;

    private FaultInjection() {
    }

    /**
     * Installs {@code hook} for every hardener, replacing any installed before.
     *
     * @param hook the hook
     * @throws NullPointerException if {@code hook} is null
     */
    public static void install(FaultHook hook) {
        installed = Objects.requireNonNull(hook, "hook");
    }

    /** Removes the installed hook, if any. */
    public static void uninstall() {
        installed = null;
    }

    /**
     * Returns the installed hook.
     *
     * @return the hook, or null if none is installed
     */
    public static FaultHook installed() {
        return installed;
    }
}

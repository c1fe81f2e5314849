package dev.lockstep.api.spi;

import java.lang.reflect.Method;
import java.util.List;

/**
 * The determinism lint, as the runtime finds it with {@link java.util.ServiceLoader}
 * ({@code lockstep-checkers} registers one). Absent, {@code @Hardened} methods are not linted.
 *
 * <p><b>Note:</b> an implementation must be thread-safe.
 */
public interface MethodLint {

    /**
     * Checks a method and what it calls inside the application, to a bounded depth.
     *
     * @param method the method to check, usually {@code @Hardened}
     * @return the findings, errors first; empty if the method is clean
     */
    List<LintFinding> check(Method method);
}

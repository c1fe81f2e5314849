package dev.lockstep.stm.agent;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LintMode;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.spi.LintFinding;
import dev.lockstep.api.spi.MethodLint;

import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Applies the determinism lint ({@link MethodLint}, from {@code lockstep-checkers} when present)
 * to each {@code @Hardened} method the first time it is called, as its hardener's
 * {@link LintMode} says: nothing, log the findings once, or refuse to run on errors.
 * Internal to the engine; not an API.
 *
 * <p><b>Note:</b> thread-safe; each method is checked once.
 */
public final class LintGate {
    private static final System.Logger LOG = System.getLogger("dev.lockstep.lint");

    private final MethodLint lint = load();
    private final Map<Method, List<LintFinding>> findings = new ConcurrentHashMap<>();
    private final Map<Method, Boolean> logged = new ConcurrentHashMap<>();

    /**
     * Checks {@code method} as {@code mode} says, the first time it is called.
     *
     * @param display how errors name the method
     * @throws LockstepException with {@link ErrorCode#LINT_FAILED} if {@code mode} is FAIL and the
     *                           lint found errors, or no lint is on the class path
     */
    public void check(Method method, LintMode mode, String display) {
        if (mode == LintMode.OFF) {
            return;
        }
        if (lint == null) {
            if (mode == LintMode.FAIL) {
                throw new LockstepException(ErrorCode.LINT_FAILED, "the hardener of " + display
                        + " has lint(FAIL), but no lint is on the class path: add the dependency "
                        + "dev.lockstep:lockstep-checkers, or set the lint mode to WARN or OFF.");
            }
            return;
        }
        List<LintFinding> found = findings.computeIfAbsent(method, lint::check);
        if (found.isEmpty()) {
            return;
        }
        if (logged.putIfAbsent(method, Boolean.TRUE) == null) {
            for (LintFinding f : found) {
                LOG.log(System.Logger.Level.WARNING, "@Hardened {0}: {1}", display, f);
            }
        }
        if (mode == LintMode.FAIL && found.stream().anyMatch(f -> f.severity() == LintFinding.Severity.ERROR)) {
            throw new LockstepException(ErrorCode.LINT_FAILED, display + " breaks the rules of "
                    + "hardened bodies, so it is not run:\n  " + found.stream().map(LintFinding::toString)
                    .collect(Collectors.joining("\n  ")));
        }
    }

    private static MethodLint load() {
        Iterator<MethodLint> found = ServiceLoader.load(MethodLint.class, LintGate.class.getClassLoader()).iterator();
        return found.hasNext() ? found.next() : null;
    }
}

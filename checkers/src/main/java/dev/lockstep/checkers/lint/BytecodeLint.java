package dev.lockstep.checkers.lint;

import dev.lockstep.api.spi.LintFinding;
import dev.lockstep.api.spi.MethodLint;

import java.lang.reflect.Method;
import java.util.List;

/**
 * The determinism lint as the runtime finds it ({@code META-INF/services}). Checks a method and
 * what it calls inside the application, {@link LockstepLint#DEFAULT_DEPTH} calls deep.
 *
 * <p><b>Note:</b> thread-safe: every check reads the class files anew.
 */
public final class BytecodeLint implements MethodLint {
    private final int maxDepth;

    /** A lint that looks {@link LockstepLint#DEFAULT_DEPTH} calls deep. */
    public BytecodeLint() {
        this(LockstepLint.DEFAULT_DEPTH);
    }

    /**
     * A lint that looks {@code maxDepth} calls deep.
     *
     * @param maxDepth 0 for the method alone, 1 for it and what it calls, and so on
     * @throws IllegalArgumentException if negative
     */
    public BytecodeLint(int maxDepth) {
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth must be >= 0, got " + maxDepth);
        }
        this.maxDepth = maxDepth;
    }

    @Override
    public List<LintFinding> check(Method method) {
        return new MethodScanner(method.getDeclaringClass().getClassLoader(), maxDepth).scan(method);
    }
}

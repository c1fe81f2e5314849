package dev.lockstep.checkers.lint;

import dev.lockstep.api.Hardened;
import dev.lockstep.api.spi.LintFinding;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The determinism lint, for builds and tests: checks the {@link Hardened} methods of classes
 * and what they call inside the application.
 *
 * <pre>{@code
 * @Test
 * void servicesAreDeterministic() {
 *     LockstepLint.assertClean(LedgerService.class);
 * }
 * }</pre>
 *
 * <p>Errors: time and randomness read directly ({@code time-and-randomness}), I/O
 * ({@code io}), sleeping, blocking and locks ({@code blocking-and-locks}), static writes
 * ({@code static-write}), writes to objects that outlive the call ({@code escaping-write}).
 * Warnings: calls the lint cannot see into ({@code opaque-call}): native methods, reflection,
 * unknown invokedynamic, abstract methods, calls deeper than the bound.
 *
 * <p><b>Note:</b> all methods are static and thread-safe.
 */
public final class LockstepLint {
    /** How many calls deep the lint follows by default. */
    public static final int DEFAULT_DEPTH = 5;

    private LockstepLint() {
    }

    /**
     * Checks every {@link Hardened} method declared by {@code types}.
     *
     * @param types the classes to check
     * @return the report
     * @throws IllegalArgumentException if a class declares no {@code @Hardened} method
     */
    public static LintReport check(Class<?>... types) {
        List<String> checked = new ArrayList<>();
        List<LintFinding> findings = new ArrayList<>();
        BytecodeLint lint = new BytecodeLint();
        for (Class<?> type : types) {
            List<Method> hardened = Arrays.stream(type.getDeclaredMethods())
                    .filter(m -> m.isAnnotationPresent(Hardened.class))
                    .sorted(Comparator.comparing(Method::getName))
                    .toList();
            if (hardened.isEmpty()) {
                throw new IllegalArgumentException(type.getName() + " declares no @Hardened method: "
                        + "nothing to lint. Pass the class that declares them.");
            }
            for (Method m : hardened) {
                checked.add(type.getName() + "." + m.getName());
                findings.addAll(lint.check(m));
            }
        }
        findings.sort(Comparator.comparing(LintFinding::severity).reversed());
        return new LintReport(checked, findings);
    }

    /**
     * Fails if any {@link Hardened} method of {@code types} has an error finding. Warnings are
     * listed in the message of a failure but do not fail on their own.
     *
     * @param types the classes to check
     * @throws AssertionError           listing every finding, if there is an error
     * @throws IllegalArgumentException if a class declares no {@code @Hardened} method
     */
    public static void assertClean(Class<?>... types) {
        LintReport report = check(types);
        if (!report.isClean()) {
            throw new AssertionError(report.toString());
        }
    }
}

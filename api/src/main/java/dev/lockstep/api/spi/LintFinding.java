package dev.lockstep.api.spi;

import java.util.Objects;

/**
 * One finding of the determinism lint.
 *
 * <p><b>Note:</b> immutable and thread-safe.
 *
 * @param severity {@link Severity#ERROR} for what makes replicas disagree or escapes the
 *                 transaction; {@link Severity#WARNING} for what the lint cannot see into
 * @param rule     a stable rule name, such as {@code time-and-randomness}
 * @param where    {@code class.method(File.java:line)} of the offending instruction
 * @param path     the calls that led to the method holding the instruction, outermost first
 *                 ({@code a.hardened -> b.helper}); empty in the {@code @Hardened} method itself
 * @param message  what is wrong and what to do instead
 */
public record LintFinding(Severity severity, String rule, String where, String path, String message) {

    /** How bad a finding is. */
    public enum Severity {
        /** The lint cannot prove the code safe: a call it cannot see into. */
        WARNING,
        /** The code breaks a rule of hardened bodies. */
        ERROR
    }

    /**
     * Checks the components.
     *
     * @param severity how bad
     * @param rule     the rule name
     * @param where    the offending instruction's place
     * @param path     the calls that led to the method holding it
     * @param message  what to do
     * @throws NullPointerException if any component is null
     */
    public LintFinding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return severity + " [" + rule + "] " + where + ": " + message
                + (path.isEmpty() ? "" : " (via " + path + ")");
    }
}

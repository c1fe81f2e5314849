package dev.lockstep.checkers.lint;

import dev.lockstep.api.spi.LintFinding;
import dev.lockstep.api.spi.LintFinding.Severity;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The findings of one lint run, errors first.
 *
 * <p><b>Note:</b> immutable and thread-safe.
 */
public final class LintReport {
    private final List<String> methods;
    private final List<LintFinding> findings;

    LintReport(List<String> methods, List<LintFinding> findings) {
        this.methods = List.copyOf(methods);
        this.findings = List.copyOf(findings);
    }

    /**
     * Returns the methods checked, as {@code class.method}.
     *
     * @return an unmodifiable list
     */
    public List<String> methods() {
        return methods;
    }

    /**
     * Returns every finding, errors first.
     *
     * @return an unmodifiable list
     */
    public List<LintFinding> findings() {
        return findings;
    }

    /**
     * Returns the findings of one severity.
     *
     * @param severity errors or warnings
     * @return an unmodifiable list
     */
    public List<LintFinding> findings(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).collect(Collectors.toUnmodifiableList());
    }

    /**
     * Returns whether no finding is an error (warnings allowed).
     *
     * @return true if clean
     */
    public boolean isClean() {
        return findings(Severity.ERROR).isEmpty();
    }

    /**
     * Returns whether some finding has the given rule name.
     *
     * @param rule a rule name such as {@code io}
     * @return true if the rule was broken (or, for {@code opaque-call}, warned about)
     */
    public boolean has(String rule) {
        return findings.stream().anyMatch(f -> f.rule().equals(rule));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder()
                .append("Lockstep lint: ").append(methods.size()).append(" @Hardened method(s), ")
                .append(findings(Severity.ERROR).size()).append(" error(s), ")
                .append(findings(Severity.WARNING).size()).append(" warning(s)");
        for (LintFinding f : findings) {
            text.append("\n  ").append(f);
        }
        return text.toString();
    }
}

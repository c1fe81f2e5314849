package dev.lockstep.checkers.lint;

import dev.lockstep.api.spi.LintFinding.Severity;

/**
 * The determinism lint's rules: each has a stable name (used in findings and docs), a
 * severity, and the advice a finding gives.
 */
enum Rule {
    TIME_AND_RANDOMNESS("time-and-randomness", Severity.ERROR,
            "reads time or randomness directly, so replicas disagree: draw it through Nondet "
                    + "(Nondet.nanoTime(), currentTimeMillis(), randomLong(), record(supplier))"),
    IO("io", Severity.ERROR,
            "does I/O, which runs once per replica and attempt: move it into "
                    + "Effects.afterCommit(...) (output) or Nondet.record(...) (input)"),
    BLOCKING_AND_LOCKS("blocking-and-locks", Severity.ERROR,
            "sleeps, blocks or takes a lock, which the transaction cannot undo or replay: keep "
                    + "shared state in a StateStore and let the transaction isolate it"),
    STATIC_WRITE("static-write", Severity.ERROR,
            "writes a static field, which outlives the call and is written once per replica: "
                    + "keep that state in a StateStore"),
    ESCAPING_WRITE("escaping-write", Severity.ERROR,
            "writes to an object that outlives the call (this, a parameter, or what they hold), "
                    + "once per replica and attempt: keep that state in a StateStore, or return "
                    + "the new value"),
    OPAQUE_CALL("opaque-call", Severity.WARNING,
            "the lint cannot see what runs here, so it cannot vouch for it");

    private final String id;
    private final Severity severity;
    private final String advice;

    Rule(String id, Severity severity, String advice) {
        this.id = id;
        this.severity = severity;
        this.advice = advice;
    }

    String id() {
        return id;
    }

    Severity severity() {
        return severity;
    }

    String advice() {
        return advice;
    }
}

package dev.lockstep.api;

/**
 * What the runtime does with the determinism lint's findings on a {@link Hardened} method, the
 * first time the method is called. The lint ships in {@code dev.lockstep:lockstep-checkers}.
 *
 * <p>The default comes from the system property {@code lockstep.lint} ({@code off},
 * {@code warn} or {@code fail}) and is {@link #WARN} when the property is unset;
 * {@link HardenerBuilder#lint(LintMode)} overrides it per hardener.
 *
 * <p><b>Note:</b> an enum, immutable and thread-safe.
 */
public enum LintMode {
    /** Do not lint. */
    OFF,
    /** Log findings at WARNING to {@code System.Logger} {@code dev.lockstep.lint}, then run. */
    WARN,
    /** Refuse to run a method with error findings: {@link ErrorCode#LINT_FAILED}. */
    FAIL;

    /** The system property that sets the default mode. */
    public static final String PROPERTY = "lockstep.lint";

    /**
     * Returns the mode named by {@link #PROPERTY}, or {@link #WARN} if it is unset.
     *
     * @return the default mode
     * @throws IllegalArgumentException if the property holds another value; the message lists
     *                                  the accepted ones
     */
    public static LintMode fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return WARN;
        }
        for (LintMode mode : values()) {
            if (mode.name().equalsIgnoreCase(value.strip())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + value
                + " is not a lint mode: use off, warn or fail");
    }
}

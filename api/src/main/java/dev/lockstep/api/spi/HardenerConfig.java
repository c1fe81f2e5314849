package dev.lockstep.api.spi;

import dev.lockstep.api.LintMode;

import java.util.Objects;

/**
 * What a {@link dev.lockstep.api.HardenerBuilder} hands to the runtime. Validated by the
 * builder; see its methods for each setting's meaning.
 *
 * <p><b>Note:</b> immutable and safe to share between threads.
 *
 * @param name               the hardener's name
 * @param replicas           2 or 3
 * @param maxRetries         retries after a mismatch, 0 or more
 * @param faultHook          the fault hook, {@link FaultHook#NONE} for none
 * @param verifyReads        whether later replicas re-read and check the leader's reads
 * @param maxConflictRetries re-runs allowed after conflicts, 1 or more
 * @param lint               what to do with lint findings on {@code @Hardened} methods
 */
public record HardenerConfig(String name, int replicas, int maxRetries, FaultHook faultHook,
                             boolean verifyReads, int maxConflictRetries, LintMode lint) {

    /** The name of a hardener built without one. */
    public static final String DEFAULT_NAME = "default";

    /**
     * Checks the settings.
     *
     * @param name               the hardener's name
     * @param replicas           2 or 3
     * @param maxRetries         retries after a mismatch, 0 or more
     * @param faultHook          the fault hook, {@link FaultHook#NONE} for none
     * @param verifyReads        whether later replicas re-read and check the leader's reads
     * @param maxConflictRetries re-runs allowed after conflicts, 1 or more
     * @param lint               what to do with lint findings on {@code @Hardened} methods
     * @throws NullPointerException     if {@code name}, {@code faultHook} or {@code lint} is null
     * @throws IllegalArgumentException if a number is out of range
     */
    public HardenerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(faultHook, "faultHook");
        Objects.requireNonNull(lint, "lint");
        if (replicas != 2 && replicas != 3) {
            throw new IllegalArgumentException("replicas must be 2 or 3, got " + replicas);
        }
        if (maxRetries < 0 || maxConflictRetries < 1) {
            throw new IllegalArgumentException("retry budgets out of range");
        }
    }
}

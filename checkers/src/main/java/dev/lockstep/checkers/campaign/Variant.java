package dev.lockstep.checkers.campaign;

import dev.lockstep.api.Execution;

/**
 * How the workload runs in a campaign.
 *
 * <p><b>Note:</b> an enum, immutable and thread-safe.
 */
public enum Variant {
    /** Plain Java, once, writing to a {@code long[]}: the baseline. */
    UNHARDENED(0, Execution.SEQUENTIAL),
    /** Lockstep with two replicas in sequence on the campaign's thread: compare and retry. */
    DMR(2, Execution.SEQUENTIAL),
    /** Lockstep with three replicas in sequence on the campaign's thread: vote. */
    TMR(3, Execution.SEQUENTIAL),
    /**
     * Lockstep with two replicas, the trailer on a replica thread on another core
     * ({@link Execution#PARALLEL}). Faults are injected on the campaign's thread only, so every
     * fault lands in the leader: the campaign's thread is the faulty core.
     */
    DMR_PARALLEL(2, Execution.PARALLEL),
    /**
     * Lockstep with three replicas, trailer and tiebreaker on replica threads: a fault in the
     * leader is outvoted.
     */
    TMR_PARALLEL(3, Execution.PARALLEL);

    private final int replicas;
    private final Execution execution;

    Variant(int replicas, Execution execution) {
        this.replicas = replicas;
        this.execution = execution;
    }

    /**
     * Returns where the hardened variants run their replicas.
     *
     * @return the execution; {@link Execution#SEQUENTIAL} for {@link #UNHARDENED}
     */
    public Execution execution() {
        return execution;
    }

    /**
     * Returns the variant's name in reports and on the command line.
     *
     * @return {@code unhardened}, {@code dmr}, {@code tmr}, {@code dmr-parallel} or
     *         {@code tmr-parallel}
     */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * Returns the hardener's replica count.
     *
     * @return 2 or 3, or 0 for {@link #UNHARDENED}
     */
    public int replicas() {
        return replicas;
    }

    /**
     * Finds a variant by name, case-insensitively.
     *
     * @param name {@code unhardened}, {@code dmr}, {@code tmr}, {@code dmr-parallel} or
     *             {@code tmr-parallel}
     * @return the variant
     * @throws IllegalArgumentException naming the accepted names
     */
    public static Variant byName(String name) {
        for (Variant v : values()) {
            if (v.cliName().equalsIgnoreCase(name) || v.name().equalsIgnoreCase(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("no variant '" + name + "': use unhardened, dmr, tmr, dmr-parallel or tmr-parallel");
    }
}

package dev.lockstep.checkers.campaign;

/**
 * How the workload runs in a campaign.
 *
 * <p><b>Note:</b> an enum, immutable and thread-safe.
 */
public enum Variant {
    /** Plain Java, once, writing to a {@code long[]}: the baseline. */
    UNHARDENED(0),
    /** Lockstep with two replicas: compare and retry. */
    DMR(2),
    /** Lockstep with three replicas: vote. */
    TMR(3);

    private final int replicas;

    Variant(int replicas) {
        this.replicas = replicas;
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
     * @param name {@code unhardened}, {@code dmr} or {@code tmr}
     * @return the variant
     * @throws IllegalArgumentException naming the accepted names
     */
    public static Variant byName(String name) {
        for (Variant v : values()) {
            if (v.name().equalsIgnoreCase(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("no variant '" + name + "': use unhardened, dmr or tmr");
    }
}

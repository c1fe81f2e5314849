package dev.lockstep.checkers.campaign;

/**
 * What one injection does. Each injection is reproducible from the campaign's seed and its
 * index.
 *
 * <p><b>Note:</b> an enum, immutable and thread-safe.
 */
public enum FaultModel {
    /** One bit flipped in one dynamic value of one replica: an arithmetic or logic result, a
     *  local, array or field load, chosen uniformly among the dynamic instances. */
    BITFLIP("bitflip"),
    /** The same, with a random non-zero 8-bit mask XORed into the low byte (HAFT's model). */
    BYTEMASK("bytemask"),
    /** One bit flipped in one value a replica reads from or writes to state. */
    STATE("state"),
    /** A mercurial core: {@code long} multiply always wrong the same way on one thread, for the
     *  whole run. Replicas on the same thread agree on the wrong answer. */
    STICKY("sticky");

    private final String cliName;

    FaultModel(String cliName) {
        this.cliName = cliName;
    }

    /**
     * Returns the name the CLI uses.
     *
     * @return for example {@code bitflip}
     */
    public String cliName() {
        return cliName;
    }

    /**
     * Finds a model by its CLI name.
     *
     * @param name for example {@code bytemask}
     * @return the model
     * @throws IllegalArgumentException naming the accepted names
     */
    public static FaultModel byName(String name) {
        for (FaultModel m : values()) {
            if (m.cliName.equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("no fault model '" + name + "': use bitflip, bytemask, state or sticky");
    }
}

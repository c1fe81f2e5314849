package dev.lockstep.jmh;

import dev.lockstep.api.Execution;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.LintMode;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.state.StateStore;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What every benchmark with Lockstep variants shares: an in-memory store, a hardener for the
 * variant ({@code dmr}, {@code tmr} or {@code dmr-parallel}, lint off), and closing the store
 * after the trial.
 */
public abstract class HardenedState {
    /** The store of a Lockstep variant; null for the baselines. */
    protected StateStore store;

    /**
     * Opens the store and builds the variant's hardener.
     *
     * @param variant {@code dmr}, {@code tmr} (sequential) or {@code dmr-parallel}
     * @return the hardener
     */
    protected Hardener openLockstep(String variant) {
        store = Lockstep.inMemoryStore();
        return Lockstep.builder().name("bench-" + variant).replicas(variant.equals("tmr") ? 3 : 2)
                .execution(variant.endsWith("-parallel") ? Execution.PARALLEL : Execution.SEQUENTIAL)
                .lint(LintMode.OFF).build();
    }

    /**
     * Whether the variant runs through Lockstep.
     *
     * @param variant a benchmark's variant parameter
     * @return true for {@code dmr}, {@code tmr} and {@code dmr-parallel}
     */
    protected static boolean isLockstep(String variant) {
        return variant.startsWith("dmr") || variant.equals("tmr");
    }

    /** Closes the store, if a Lockstep variant opened one. */
    @TearDown(Level.Trial)
    public void closeStore() {
        if (store != null) {
            store.close();
        }
    }
}

package dev.lockstep.jmh;

import dev.lockstep.api.Execution;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.LintMode;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.state.StateStore;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Map;

/**
 * What every benchmark with Lockstep variants shares: an in-memory store, a hardener for the
 * variant (lint off), and closing the store after the trial.
 *
 * <p>The variants: {@code stm} (one replica: the transaction alone, nothing compared),
 * {@code dmr} and {@code tmr} (sequential), {@code dmr-adaptive} ({@link Execution#ADAPTIVE},
 * default latency bound) and {@code dmr-parallel}.
 *
 * <p><b>Note:</b> a JMH state object, set up and torn down by JMH on one thread.
 */
public abstract class HardenedState {
    /** How each Lockstep variant runs: its replicas and execution. */
    private record Variant(int replicas, Execution execution) {
    }

    private static final Map<String, Variant> VARIANTS = Map.of(
            "stm", new Variant(1, Execution.SEQUENTIAL),
            "dmr", new Variant(2, Execution.SEQUENTIAL),
            "dmr-adaptive", new Variant(2, Execution.ADAPTIVE),
            "tmr", new Variant(3, Execution.SEQUENTIAL),
            "dmr-parallel", new Variant(2, Execution.PARALLEL));

    /** The store of a Lockstep variant; null for the baselines. */
    protected StateStore store;

    /**
     * Opens the store and builds the variant's hardener.
     *
     * @param variant {@code stm}, {@code dmr}, {@code dmr-adaptive}, {@code tmr} or {@code dmr-parallel}
     * @return the hardener
     * @throws IllegalArgumentException for a variant that is not Lockstep's
     */
    protected Hardener openLockstep(String variant) {
        Variant v = VARIANTS.get(variant);
        if (v == null) {
            throw new IllegalArgumentException("not a Lockstep variant: " + variant);
        }
        store = Lockstep.inMemoryStore();
        return Lockstep.builder().name("bench-" + variant).replicas(v.replicas()).execution(v.execution())
                .lint(LintMode.OFF).build();
    }

    /**
     * Whether the variant runs through Lockstep.
     *
     * @param variant a benchmark's variant parameter
     * @return true for Lockstep's variants, false for the baselines ({@code plain}, {@code multiverse})
     */
    protected static boolean isLockstep(String variant) {
        return VARIANTS.containsKey(variant);
    }

    /** Closes the store, if a Lockstep variant opened one. */
    @TearDown(Level.Trial)
    public void closeStore() {
        if (store != null) {
            store.close();
        }
    }
}

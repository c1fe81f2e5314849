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
 * variant (lint off), and closing the store after the trial.
 *
 * <p>The variants: {@code stm} (one replica: the transaction alone, nothing compared),
 * {@code dmr} and {@code tmr} (sequential), {@code dmr-adaptive} ({@link Execution#ADAPTIVE},
 * default latency bound) and {@code dmr-parallel}.
 *
 * <p><b>Note:</b> a JMH state object, set up and torn down by JMH on one thread.
 */
public abstract class HardenedState {
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
        int replicas;
        Execution execution;
        switch (variant) {
            case "stm" -> {
                replicas = 1;
                execution = Execution.SEQUENTIAL;
            }
            case "dmr" -> {
                replicas = 2;
                execution = Execution.SEQUENTIAL;
            }
            case "dmr-adaptive" -> {
                replicas = 2;
                execution = Execution.ADAPTIVE;
            }
            case "tmr" -> {
                replicas = 3;
                execution = Execution.SEQUENTIAL;
            }
            case "dmr-parallel" -> {
                replicas = 2;
                execution = Execution.PARALLEL;
            }
            default -> throw new IllegalArgumentException("not a Lockstep variant: " + variant);
        }
        store = Lockstep.inMemoryStore();
        return Lockstep.builder().name("bench-" + variant).replicas(replicas).execution(execution)
                .lint(LintMode.OFF).build();
    }

    /**
     * Whether the variant runs through Lockstep.
     *
     * @param variant a benchmark's variant parameter
     * @return false for the baselines {@code plain} and {@code multiverse}, true otherwise
     */
    protected static boolean isLockstep(String variant) {
        return !variant.equals("plain") && !variant.equals("multiverse");
    }

    /** Closes the store, if a Lockstep variant opened one. */
    @TearDown(Level.Trial)
    public void closeStore() {
        if (store != null) {
            store.close();
        }
    }
}

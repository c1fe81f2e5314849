package dev.lockstep.stm.call;

import java.util.SplittableRandom;

/** Seeded randomness for tests: the seed is printed, and {@code -Dlockstep.test.seed=N} replays it. */
public final class Seeds {
    private Seeds() {
    }

    public static SplittableRandom random(String test) {
        String fixed = System.getProperty("lockstep.test.seed");
        long seed = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
        System.out.println(test + ": seed=" + seed + " (replay with -Dlockstep.test.seed=" + seed + ")");
        return new SplittableRandom(seed);
    }
}

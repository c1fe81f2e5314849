package dev.lockstep.examples.ledger;

import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.ReplicaContext;

import java.util.SplittableRandom;

/**
 * Flips one random bit in a fraction of the values replicas write: a crude model of a core that
 * miscomputes now and then. Deterministic for a given seed and sequence of writes.
 *
 * <p><b>Note:</b> not thread-safe; the demo calls from one thread.
 */
final class RandomBitFlips implements FaultHook {
    private final SplittableRandom random;
    private final double probability;
    private long flips;
    private boolean armed;

    RandomBitFlips(long seed, double probability) {
        this.random = new SplittableRandom(seed);
        this.probability = probability;
    }

    /** Starts injecting; until then (while the demo sets up its accounts) nothing is flipped. */
    void arm() {
        armed = true;
    }

    @Override
    public long onWrite(ReplicaContext context, long value) {
        return armed ? maybeFlip(value) : value;
    }

    /** Applies the same fault model to a value written by unprotected code. */
    long maybeFlip(long value) {
        if (random.nextDouble() >= probability) {
            return value;
        }
        flips++;
        return value ^ (1L << random.nextInt(Long.SIZE));
    }

    long flips() {
        return flips;
    }
}

package dev.lockstep.stm.call;

import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.ReplicaContext;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A fault hook that flips one bit of the reads or writes its predicate selects, and counts the
 * flips it made (so a test can check that the fault really happened).
 */
public final class FlipBit implements FaultHook {
    /** Which accesses the hook may corrupt. */
    public enum On { READ, WRITE }

    private final On on;
    private final int bit;
    private final Predicate<ReplicaContext> when;
    public final AtomicInteger flips = new AtomicInteger();

    public FlipBit(On on, int bit, Predicate<ReplicaContext> when) {
        this.on = on;
        this.bit = bit;
        this.when = when;
    }

    /** The first write of {@code replica}, on the attempts {@code attempts} selects. */
    public static FlipBit firstWrite(int replica, Predicate<Integer> attempts, int bit) {
        return new FlipBit(On.WRITE, bit,
                c -> c.replica() == replica && c.writeIndex() == 0 && attempts.test(c.attempt()));
    }

    @Override
    public long onRead(ReplicaContext c, long value) {
        return on == On.READ && when.test(c) ? flip(value) : value;
    }

    @Override
    public long onWrite(ReplicaContext c, long value) {
        return on == On.WRITE && when.test(c) ? flip(value) : value;
    }

    private long flip(long value) {
        flips.incrementAndGet();
        return value ^ (1L << bit);
    }
}

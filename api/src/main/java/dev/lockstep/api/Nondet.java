package dev.lockstep.api;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Non-deterministic inputs that every replica of a call sees identically. Inside a hardened
 * call, the leader draws the value and appends it to the input log; later replicas get the
 * logged value back instead of drawing their own. Outside a hardened call each method simply
 * draws the value.
 *
 * <p>A body that reads {@link System#nanoTime()} or a random generator directly produces a
 * different output in each replica and ends in {@link UnrecoverableFaultException}; draw such
 * values through this class instead.
 *
 * <p><b>Note:</b> all methods are static and thread-safe.
 */
public final class Nondet {
    private Nondet() {
    }

    /**
     * Returns {@link System#nanoTime()}, the same in every replica of a call.
     *
     * @return the leader's reading
     */
    public static long nanoTime() {
        return Lockstep.provider().recordLong(System::nanoTime);
    }

    /**
     * Returns {@link System#currentTimeMillis()}, the same in every replica of a call.
     *
     * @return the leader's reading
     */
    public static long currentTimeMillis() {
        return Lockstep.provider().recordLong(System::currentTimeMillis);
    }

    /**
     * Returns a random {@code long} from {@link ThreadLocalRandom}, the same in every replica.
     *
     * @return the leader's draw
     */
    public static long randomLong() {
        return Lockstep.provider().recordLong(() -> ThreadLocalRandom.current().nextLong());
    }

    /**
     * Draws a {@code long} from {@code source} once per call, without boxing.
     *
     * @param source where the leader draws the value
     * @return the leader's value
     * @throws NullPointerException if {@code source} is null
     */
    public static long recordLong(LongSupplier source) {
        if (source == null) {
            throw new NullPointerException("source");
        }
        return Lockstep.provider().recordLong(source);
    }

    /**
     * Draws a value from {@code source} once per call. Later replicas get the leader's very
     * instance, so return immutable values (strings, records, boxed numbers).
     *
     * @param source where the leader draws the value
     * @param <T>    the value type
     * @return the leader's value
     * @throws NullPointerException if {@code source} is null
     */
    public static <T> T record(Supplier<T> source) {
        if (source == null) {
            throw new NullPointerException("source");
        }
        return Lockstep.provider().record(source);
    }
}

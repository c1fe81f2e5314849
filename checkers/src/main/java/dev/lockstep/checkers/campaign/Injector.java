package dev.lockstep.checkers.campaign;

/**
 * What instrumented workload code calls after every fault site (an arithmetic or logic result,
 * a primitive local, array or field load) and before every backward jump. Public only because
 * instrumented classes call it; not an API.
 *
 * <p>Sites are counted across the whole run in execution order (leader, then trailer, then any
 * retry), so a target index drawn uniformly from the golden run's count picks a replica and a
 * dynamic instance uniformly, and fires at most once. Only the armed thread counts: replicas on
 * replica threads ({@code Execution.PARALLEL}) run fault-free, as on a healthy core. Every site and backward jump also spends
 * a step of a budget: a run that exceeds it throws {@link InjectedHang}.
 *
 * <p><b>Note:</b> confined to the thread that {@link #arm armed} it; other threads pass through.
 */
public final class Injector {
    enum Mode { OFF, COUNT, FLIP, STICKY }

    private static volatile Thread owner;
    private static Mode mode = Mode.OFF;
    private static long target = -1;
    private static long mask;
    private static int intMask;
    private static long stickyMask;
    private static long sites;
    private static long steps;
    private static long budget = Long.MAX_VALUE;
    private static boolean fired;
    /** When confined, sites count only while a replica runs (between onReplicaStart and End). */
    private static boolean confined;
    private static boolean inReplica;

    private Injector() {
    }

    /**
     * Arms the injector on the calling thread; counters start from zero.
     *
     * @param newMask     XORed into a {@code long} or {@code double} site's bits
     * @param newIntMask  XORed into an {@code int} or {@code float} site's bits
     */
    static void arm(Mode newMode, long newTarget, long newMask, int newIntMask, long newStickyMask, long newBudget) {
        owner = Thread.currentThread();
        mode = newMode;
        target = newTarget;
        mask = newMask;
        intMask = newIntMask;
        stickyMask = newStickyMask;
        budget = newBudget;
        sites = 0;
        steps = 0;
        fired = false;
        confined = false;
        inReplica = false;
    }

    /** From now on until disarmed, count and flip only inside replicas. */
    static void confineToReplicas() {
        confined = true;
    }

    /** A replica starts; on another thread than the armed one (a replica thread) it changes nothing. */
    static void replicaStarted() {
        if (owner == Thread.currentThread()) {
            inReplica = true;
        }
    }

    static void replicaEnded() {
        if (owner == Thread.currentThread()) {
            inReplica = false;
        }
    }

    static void disarm() {
        mode = Mode.OFF;
        owner = null;
    }

    static long sites() {
        return sites;
    }

    static long steps() {
        return steps;
    }

    static boolean fired() {
        return fired;
    }

    private static boolean active() {
        return owner == Thread.currentThread() && mode != Mode.OFF && (inReplica || !confined);
    }

    /** Spends one step; past the budget, throws and starts a new budget for the next replica. */
    private static void step() {
        if (++steps > budget) {
            long spent = steps;
            steps = 0;
            throw new InjectedHang(spent);
        }
    }

    private static boolean hit() {
        step();
        if (sites++ == target && mode == Mode.FLIP) {
            fired = true;
            return true;
        }
        return false;
    }

    /**
     * A site producing an {@code int} (also boolean, byte, char, short).
     *
     * @param v the value
     * @return the value, or it with the armed mask applied
     */
    public static int i(int v) {
        return active() && hit() ? v ^ intMask : v;
    }

    /**
     * A site producing a {@code long}.
     *
     * @param v the value
     * @return the value, or it with the armed mask applied
     */
    public static long l(long v) {
        return active() && hit() ? v ^ mask : v;
    }

    /**
     * A site producing a {@code float}.
     *
     * @param v the value
     * @return the value, or it with the armed mask applied to its bits
     */
    public static float f(float v) {
        return active() && hit() ? Float.intBitsToFloat(Float.floatToRawIntBits(v) ^ intMask) : v;
    }

    /**
     * A site producing a {@code double}.
     *
     * @param v the value
     * @return the value, or it with the armed mask applied to its bits
     */
    public static double d(double v) {
        return active() && hit() ? Double.longBitsToDouble(Double.doubleToRawLongBits(v) ^ mask) : v;
    }

    /**
     * Replaces {@code LMUL}: wrong the same way every time on a sticky-armed thread.
     *
     * @param a a factor
     * @param b a factor
     * @return {@code a * b}, or it with the sticky mask applied
     */
    public static long lmul(long a, long b) {
        long product = a * b;
        if (owner == Thread.currentThread() && mode == Mode.STICKY && (inReplica || !confined)) {
            fired = true;
            return product ^ stickyMask;
        }
        return product;
    }

    /** Before a backward jump: spends a step, so that no loop outlives the budget. */
    public static void tick() {
        if (active()) {
            step();
        }
    }
}

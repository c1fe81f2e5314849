package dev.lockstep.stm.replicas;

import dev.lockstep.stm.state.Signals;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.function.LongSupplier;

/**
 * The watchdog every replica carries: the attempt's deadline, enforced at the replica's state
 * accesses and in every wait for another replica. A replica past it stops with
 * {@link Signals#TIMEOUT}, at its next state access or wait. So that short calls never read the
 * clock, an attempt led here starts the clock at its {@value #STRIDE}th state access, or when it
 * first waits for another thread; a replica following another thread's attempt gets the
 * leader's deadline. Internal to the engine; not an API.
 *
 * <p><b>Note:</b> not thread-safe; owned by one call context, on its thread.
 */
public final class Watchdog {
    /** State accesses between two looks at the clock. */
    private static final int STRIDE = 1024;

    /** The attempt's deadline, for waits that must not read the clock before they wait. */
    private final LongSupplier deadlineSource = this::deadline;
    /**
     * How a replica waits for another: spin, then mostly yield (a parked thread wakes 50 us late
     * at best, longer than many calls), then park.
     */
    private final BackoffIdleStrategy idler = new BackoffIdleStrategy(100, 10_000, 50_000, 1_000_000);
    private long timeoutNanos;
    private long deadline;
    private boolean clockStarted;
    private int ticks;
    private boolean timedOut;

    /**
     * Arms the watchdog for an attempt led here: the clock starts at the first look.
     *
     * @param timeoutNanos the replica timeout
     */
    public void arm(long timeoutNanos) {
        reset();
        this.timeoutNanos = timeoutNanos;
        this.clockStarted = false;
    }

    /**
     * Arms the watchdog for a replica following another thread's attempt.
     *
     * @param deadline the leader's deadline, in {@link System#nanoTime()} time
     */
    public void follow(long deadline) {
        reset();
        this.deadline = deadline;
        this.clockStarted = true;
    }

    private void reset() {
        timedOut = false;
        ticks = 0;
    }

    /**
     * On every state access: every {@value #STRIDE} accesses, a look at the clock.
     *
     * @throws Signals.Timeout past the deadline
     */
    public void tick() {
        if ((++ticks & (STRIDE - 1)) == 0 && System.nanoTime() - deadline() > 0) {
            throw timeout();
        }
    }

    /**
     * Whether the watchdog stopped the replica, or the replica that just ended ran past the
     * deadline (it may have made too few state accesses to be stopped during its run).
     *
     * @return true past the deadline
     */
    public boolean timedOut() {
        if (!timedOut && clockStarted && System.nanoTime() - deadline > 0) {
            timedOut = true;
        }
        return timedOut;
    }

    /**
     * Waits a little, as one step of a loop waiting for another replica, and enforces the
     * deadline.
     *
     * @param idles the steps this loop waited before, 0 for its first
     * @throws Signals.Timeout past the deadline
     */
    public void idle(int idles) {
        if (idles == 0) {
            idler.reset();
        }
        idler.idle();
        if (System.nanoTime() - deadline() > 0) {
            throw timeout();
        }
    }

    /**
     * How this replica's thread waits for another replica.
     *
     * @return the idle strategy, reset by each loop that uses it
     */
    public IdleStrategy idler() {
        return idler;
    }

    /**
     * The deadline of the attempt; starts the clock.
     *
     * @return the deadline, in {@link System#nanoTime()} time
     */
    public long deadline() {
        if (!clockStarted) {
            deadline = System.nanoTime() + timeoutNanos;
            clockStarted = true;
        }
        return deadline;
    }

    /**
     * The deadline for a wait that must not start the clock unless it waits.
     *
     * @return a supplier of {@link #deadline()}
     */
    public LongSupplier deadlineSource() {
        return deadlineSource;
    }

    private Signals.Timeout timeout() {
        timedOut = true;
        return Signals.TIMEOUT;
    }
}

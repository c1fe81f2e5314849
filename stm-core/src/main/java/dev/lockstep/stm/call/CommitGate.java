package dev.lockstep.stm.call;

import org.agrona.concurrent.BackoffIdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The runtime-wide gate every writing commit passes through before it raises versions and
 * prepares, so that a starving call can hold every writer off: a call that lost to concurrent
 * commits {@link StmHardener#SERIAL_AFTER_CONFLICTS} times <em>closes</em> the gate, waits for
 * the commits in flight to drain, and then runs its attempts while no other call can commit, so
 * its snapshot cannot change under it; it reopens the gate when it returns. One serial call at a
 * time; the others queue, in order, for their turn.
 *
 * <p>The open gate costs a commit one volatile read and an increment and a decrement of the
 * in-flight count. A writer held at a closed gate holds no Multiverse lock (its transaction has
 * only read and buffered) and waits no longer than its own deadline. Read-only commits change no
 * version and do not pass through the gate.
 *
 * <p><b>Note:</b> thread-safe.
 */
final class CommitGate {
    /** The thread running the serial call, or null while the gate is open. */
    private volatile Thread serial;
    /** Writing commits between {@link #enter} and {@link #exit}. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Queues starving calls: one serial call at a time, in arrival order. */
    private final ReentrantLock turns = new ReentrantLock(true);
    private final AtomicLong closes = new AtomicLong();
    private final AtomicLong heldOff = new AtomicLong();

    /**
     * Lets a writing commit in, waiting while another thread's serial call holds the gate.
     *
     * @param deadline when the caller's attempt must give up, in {@link System#nanoTime()} time;
     *                 asked only if the gate is closed, so an open gate reads no clock
     * @return whether the commit may proceed; false if the deadline passed while held off (the
     *         caller must not commit, and must not call {@link #exit})
     */
    boolean enter(LongSupplier deadline) {
        Thread holder = serial;
        if (holder == null || holder == Thread.currentThread()) {
            inFlight.incrementAndGet();
            // A closer publishes itself and then reads the count; re-reading here after counting
            // means either it sees this commit in flight or this commit sees it.
            if (serial == holder) {
                return true;
            }
            inFlight.decrementAndGet();
        }
        return enterAfterWaiting(deadline.getAsLong());
    }

    private boolean enterAfterWaiting(long deadline) {
        heldOff.incrementAndGet();
        BackoffIdleStrategy idler = new BackoffIdleStrategy(10, 100, 10_000, 1_000_000);
        while (System.nanoTime() - deadline < 0) {
            if (serial == null) {
                inFlight.incrementAndGet();
                if (serial == null) {
                    return true;
                }
                inFlight.decrementAndGet();
            }
            idler.idle();
        }
        return false;
    }

    /** Ends a commit let in by {@link #enter}, whatever its outcome. */
    void exit() {
        inFlight.decrementAndGet();
    }

    /**
     * Closes the gate for the calling thread's serial call: waits for its turn among starving
     * calls, then for every commit in flight to end. Must be paired with {@link #open()} when it
     * returns true.
     *
     * @param deadline when to give up, in {@link System#nanoTime()} time
     * @return whether the gate is now closed for this thread; false if the deadline passed first
     *         (the gate is left as it was)
     */
    boolean close(long deadline) {
        try {
            if (!turns.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        serial = Thread.currentThread();
        BackoffIdleStrategy idler = new BackoffIdleStrategy(10, 100, 1_000, 100_000);
        while (inFlight.get() != 0) {
            if (System.nanoTime() - deadline > 0) {
                open();
                return false;
            }
            idler.idle();
        }
        closes.incrementAndGet();
        return true;
    }

    /**
     * Waits until every commit in flight has left the gate, holding new ones off meanwhile:
     * closing a store does this after marking it closed, so no commit is still applying to it.
     * Waits for a serial call's turn if one holds the gate.
     */
    void drain() {
        if (serial == Thread.currentThread()) {
            throw new IllegalStateException("a store was closed inside a hardened call; close it after the call");
        }
        turns.lock();
        try {
            serial = Thread.currentThread();
            BackoffIdleStrategy idler = new BackoffIdleStrategy(10, 100, 1_000, 100_000);
            while (inFlight.get() != 0) {
                idler.idle();
            }
        } finally {
            serial = null;
            turns.unlock();
        }
    }

    /** Reopens the gate closed by the calling thread. */
    void open() {
        serial = null;
        turns.unlock();
    }

    /** Reopens the gate if the calling thread's serial call closed it: at the end of every call. */
    void openIfClosedByThisThread() {
        if (serial == Thread.currentThread()) {
            open();
        }
    }

    /** How many serial calls closed the gate, for tests and diagnostics. */
    long closes() {
        return closes.get();
    }

    /** How many commits found the gate closed and waited, for tests and diagnostics. */
    long heldOff() {
        return heldOff.get();
    }
}

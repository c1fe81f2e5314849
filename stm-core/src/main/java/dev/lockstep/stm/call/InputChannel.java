package dev.lockstep.stm.call;

import dev.lockstep.stm.state.Applies;
import dev.lockstep.stm.state.Signals;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;

/**
 * The bounded single-producer, single-consumer queue that carries the leader's input log to a
 * replica running on a replica thread, entry by entry, as the leader logs it. It holds at most
 * {@value #CAPACITY} entries in flight: a leader that gets that far ahead waits for the trailer.
 *
 * <p>Entries are preallocated and recycled through a second queue, so a warm channel allocates
 * nothing. Both queues are Agrona's {@link OneToOneConcurrentArrayQueue}, whose offer and poll
 * give the happens-before edge between the leader's writes of an entry and the trailer's reads.
 *
 * <p><b>Note:</b> one producer (the leader's thread) and one consumer (the replica thread) per
 * attempt; {@link #reset()} only while neither is using it.
 */
final class InputChannel {
    static final int CAPACITY = 1024;

    private static final class Entry {
        byte kind;
        long value;
        Object object;
    }

    private final OneToOneConcurrentArrayQueue<Entry> full = new OneToOneConcurrentArrayQueue<>(CAPACITY);
    private final OneToOneConcurrentArrayQueue<Entry> free = new OneToOneConcurrentArrayQueue<>(CAPACITY);
    /** Entries sent in this attempt, published when the leader is done; -1 while it runs. */
    private volatile int total = -1;
    /** Set by the leader when the attempt is over for it: the trailer may stop. */
    private volatile boolean cancelled;
    /** Set by the trailer when it will read no more (it stopped or finished). */
    private volatile boolean closedByTrailer;
    private int sent;
    private int received;
    /** The leader's {@link Applies} stamp for the attempt; set before the replica starts. */
    private long applyStamp = Applies.NONE;

    InputChannel() {
        for (int i = 0; i < CAPACITY; i++) {
            free.offer(new Entry());
        }
    }

    /** Prepares for a new attempt. Only while no thread uses the channel. */
    void reset() {
        for (Entry e = full.poll(); e != null; e = full.poll()) {
            e.object = null;
            free.offer(e);
        }
        total = -1;
        cancelled = false;
        closedByTrailer = false;
        sent = 0;
        received = 0;
    }

    /** The leader's {@link Applies} stamp: its follower's snapshot begins there. */
    long applyStamp() {
        return applyStamp;
    }

    /** Sets the attempt's stamp; the leader calls it before it starts the replica on this channel. */
    void applyStamp(long stamp) {
        applyStamp = stamp;
    }

    // ---- the leader's side ----

    /**
     * Sends one entry, waiting while the trailer is {@value #CAPACITY} entries behind.
     *
     * @param waiter the leader's call, whose watchdog bounds the wait
     * @return false if the trailer reads no more, so nothing was sent
     */
    boolean send(byte kind, long value, Object object, CallContext waiter) {
        Entry e = free.poll();
        for (int idles = 0; e == null; idles++) {
            if (closedByTrailer) {
                return false;
            }
            waiter.watchdog().idle(idles);
            e = free.poll();
        }
        e.kind = kind;
        e.value = value;
        e.object = object;
        full.offer(e);
        sent++;
        return true;
    }

    /** The leader has logged its last input. */
    void close() {
        total = sent;
    }

    /** The leader gave up on the attempt (a conflict or the watchdog): the trailer may stop. */
    void cancel() {
        cancelled = true;
    }

    // ---- the trailer's side ----

    /**
     * Moves the leader's next entry into {@code into}, waiting for the leader to log it.
     *
     * @param waiter the trailer's call, whose watchdog bounds the wait
     * @return false if the leader finished without logging another entry
     * @throws Signals.Conflict if the leader cancelled the attempt
     */
    boolean receive(InputLog into, CallContext waiter) {
        Entry e = full.poll();
        for (int idles = 0; e == null; idles++) {
            if (cancelled) {
                throw waiter.cancelled();
            }
            if (received == total) {
                return false;
            }
            waiter.watchdog().idle(idles);
            e = full.poll();
        }
        into.append(e.kind, e.value, e.object);
        e.object = null;
        free.offer(e);
        received++;
        return true;
    }

    /** The trailer reads no more: a leader waiting for room stops sending. */
    void closeByTrailer() {
        closedByTrailer = true;
    }
}

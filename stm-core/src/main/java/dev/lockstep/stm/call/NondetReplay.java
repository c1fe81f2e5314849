package dev.lockstep.stm.call;

import dev.lockstep.stm.state.Signals;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The {@code Nondet} values of the replicas a {@link CallContext} runs: the leader draws each
 * value and appends it to the {@link InputLog} (and, in parallel mode, sends it to its
 * followers); a later replica asks for the same inputs in the same order and is handed the
 * leader's values. A later replica that asks for another input than the leader logged has
 * <em>diverged</em>: the divergence is its first difference, and it stops there unless three
 * sequential replicas let the vote decide.
 *
 * <p><b>Note:</b> not thread-safe; owned by one context, on its thread.
 */
final class NondetReplay {
    private static final int LEADER = 0;

    private final CallContext call;
    private final InputLog log = new InputLog();
    /** Whether a replica stops at its first input that differs from the log (DMR, followers). */
    private boolean stopOnDivergence;
    /** While following: the leader's inputs. */
    private InputChannel source;

    NondetReplay(CallContext call) {
        this.call = call;
    }

    /** An attempt led here begins: with {@code replicas} replicas. */
    void lead(int replicas) {
        stopOnDivergence = replicas == 2;
    }

    /** This context follows another thread's attempt, whose inputs arrive on {@code channel}. */
    void follow(InputChannel channel) {
        stopOnDivergence = true;
        source = channel;
    }

    /** Following ends: the leader may stop sending. */
    void endFollowing() {
        source.closeByTrailer();
        source = null;
        log.clear();
    }

    /** Forgets the attempt's inputs. */
    void clear() {
        log.clear();
    }

    /** The input log of the attempt led here, for a diagnosis; valid until the attempt ends. */
    InputLog log() {
        return log;
    }

    /** Whether a later replica asked for as many inputs as the leader logged. */
    boolean consumedWholeLog(ReplicaState r) {
        return r.cursor == log.size();
    }

    String nextInput(ReplicaState r) {
        return log.describe(r.cursor);
    }

    long recordLong(LongSupplier source) {
        call.watchdog().tick();
        ReplicaState r = call.running();
        if (r.index == LEADER) {
            long value = source.getAsLong();
            call.team().send(log, log.appendNondet(value), call);
            return value;
        }
        int at = r.cursor++;
        if (hasInput(at) && log.matches(at, InputLog.NONDET_LONG)) {
            return log.valueAt(at);
        }
        diverge(r, at, "Nondet value");
        return source.getAsLong();
    }

    <T> T record(Supplier<T> source) {
        call.watchdog().tick();
        ReplicaState r = call.running();
        if (r.index == LEADER) {
            T value = source.get();
            call.team().send(log, log.appendNondet((Object) value), call);
            return value;
        }
        int at = r.cursor++;
        if (hasInput(at) && log.matches(at, InputLog.NONDET_OBJECT)) {
            @SuppressWarnings("unchecked")
            T replayed = (T) log.objectAt(at);
            return replayed;
        }
        diverge(r, at, "Nondet value");
        return source.get();
    }

    /**
     * Whether the log holds entry {@code at}; a follower first waits for the leader to log it,
     * or to finish without it.
     */
    private boolean hasInput(int at) {
        if (source == null) {
            return at < log.size();
        }
        while (log.size() <= at) {
            if (!source.receive(log, call)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Records that replica {@code r} asked for another input than the leader logged. With two
     * replicas, or on a replica thread, the replica stops now (with two the attempt cannot
     * succeed; a replica thread cannot wait for a log that will not come); with three
     * sequential replicas it goes on with its own input, and the vote decides.
     */
    private void diverge(ReplicaState r, int at, String ownInput) {
        if (r.divergence == null) {
            r.divergence = new Difference("input #" + at, "leader", log.describe(at), r.role(), ownInput);
        }
        if (stopOnDivergence) {
            throw Signals.DIVERGENCE;
        }
    }
}

package dev.lockstep.stm.call;

import dev.lockstep.stm.state.Signals;

/**
 * The outcome of comparing an attempt's replicas: which replica's outputs to commit, whether a
 * dissenting replica was outvoted, or the difference that makes the attempt a mismatch.
 *
 * @param winner     the replica whose outputs commit, or -1 for a mismatch
 * @param outvoted   with three replicas, whether one replica dissented
 * @param difference for a mismatch, the first difference; otherwise null
 */
record Verdict(int winner, boolean outvoted, Difference difference) {
    private static final Verdict LEADER = new Verdict(0, false, null);
    private static final Verdict LEADER_OVER_ONE = new Verdict(0, true, null);
    private static final Verdict TRAILER_OVER_ONE = new Verdict(1, true, null);

    boolean isMismatch() {
        return winner < 0;
    }

    /** The verdict over the attempt's {@code replicas} replicas (1: the leader alone commits). */
    static Verdict of(CallContext call, int replicas) {
        return switch (replicas) {
            case 1 -> LEADER;
            case 2 -> ofPair(call);
            default -> ofTriple(call);
        };
    }

    /** Leader and trailer: compare and, on any difference, mismatch. */
    static Verdict ofPair(CallContext call) {
        ReplicaState leader = call.replica(0);
        ReplicaState trailer = call.replica(1);
        if (trailer.divergence != null) {
            return mismatch(call, trailer.divergence);
        }
        if (!call.inputs().consumedWholeLog(trailer)) {
            return mismatch(call, new Difference("input #" + trailer.cursor, "leader",
                    call.inputs().nextInput(trailer), "trailer", "asked for no further input"));
        }
        Difference d = Outputs.compare(leader, trailer);
        return d == null ? LEADER : mismatch(call, d);
    }

    /**
     * Leader, trailer and tiebreaker: the outputs two of them share commit. A later replica
     * that stopped at an input differing from the leader's log (on a replica thread it cannot
     * go on) has no outputs, and agrees with no one.
     */
    static Verdict ofTriple(CallContext call) {
        ReplicaState leader = call.replica(0);
        ReplicaState trailer = call.replica(1);
        ReplicaState tiebreaker = call.replica(2);
        boolean trailerStopped = stopped(trailer);
        boolean tiebreakerStopped = stopped(tiebreaker);
        Difference leaderTrailer = trailerStopped ? trailer.divergence : Outputs.compare(leader, trailer);
        boolean leaderTiebreaker = !tiebreakerStopped && Outputs.compare(leader, tiebreaker) == null;
        if (leaderTrailer == null) {
            return leaderTiebreaker ? LEADER : LEADER_OVER_ONE;
        }
        if (leaderTiebreaker) {
            return LEADER_OVER_ONE;
        }
        if (!trailerStopped && !tiebreakerStopped && Outputs.compare(trailer, tiebreaker) == null) {
            return TRAILER_OVER_ONE;
        }
        return mismatch(call, leaderTrailer);
    }

    private static boolean stopped(ReplicaState r) {
        return r.thrown == Signals.DIVERGENCE;
    }

    /** Where a diagnosis puts a replica the watchdog stopped. */
    static final String RUN_TIME = "run time";

    /** The watchdog stopped replica {@code role}: a mismatch, since it never produced outputs. */
    static Verdict timeout(String role, java.time.Duration bound) {
        return mismatch(new Difference(RUN_TIME, role, "ran past the replica timeout (" + bound + ")",
                "watchdog", "abandoned it"));
    }

    private static Verdict mismatch(Difference d) {
        return new Verdict(-1, false, d);
    }

    /**
     * A mismatch of an attempt whose replicas all ran: a mutable value drawn through
     * {@code Nondet.record} explains it unless the difference already has its cause.
     */
    private static Verdict mismatch(CallContext call, Difference d) {
        return mismatch(d.cause() != null ? d : d.withCause(Diagnosis.mutableNondet(call.inputs().log())));
    }
}

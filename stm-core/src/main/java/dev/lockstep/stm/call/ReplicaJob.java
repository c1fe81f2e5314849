package dev.lockstep.stm.call;

import dev.lockstep.api.HardenedCallable;
import dev.lockstep.api.spi.HardenerConfig;
import dev.lockstep.stm.replicas.ReplicaWorker;
import dev.lockstep.stm.state.Snapshot;

/**
 * What a {@link ReplicaWorker replica thread} runs for a leader: a later replica of the leader's
 * attempt, in the thread's own {@link CallContext}, with the leader's {@code Nondet} values
 * arriving on its {@link InputChannel}; or, on a retry, the leader itself, in the caller's
 * context. One per worker, made by the pool with it.
 *
 * <p><b>Note:</b> the leader sets it up before it starts the worker, which orders those writes
 * before the worker's thread runs it; the replica's outputs are read once the worker finished.
 */
final class ReplicaJob implements ReplicaWorker.Job {
    private final Engine runtime;
    private final InputChannel channel = new InputChannel();
    /** The thread's own context: it also serves hardened calls nested in the replica's body. */
    private final CallContext context;

    // The job: written by the leader before it starts the worker.
    private HardenedCallable<?, ?> body;
    private HardenerConfig config;
    private long callId;
    private int attempt;
    private long deadline;
    private int index;
    /** For a relocated leader: the caller's context, whose leader this job runs. */
    private CallContext leading;

    ReplicaJob(Engine runtime) {
        this.runtime = runtime;
        this.context = new CallContext(runtime);
    }

    /** The job of {@code worker}, which a pool of this runtime made. */
    static ReplicaJob of(ReplicaWorker worker) {
        return (ReplicaJob) worker.job();
    }

    InputChannel channel() {
        return channel;
    }

    /**
     * Starts replica {@code index} of the caller's attempt on {@code worker}, this job's worker.
     *
     * @return the replica's outputs, readable once the worker finished
     */
    ReplicaState follow(ReplicaWorker worker, HardenedCallable<?, ?> body, HardenerConfig config, long callId,
                        int attempt, long deadline, int index) {
        channel.reset();
        this.body = body;
        this.config = config;
        this.callId = callId;
        this.attempt = attempt;
        this.deadline = deadline;
        this.index = index;
        this.leading = null;
        worker.start(deadline);
        return context.ownReplica(index);
    }

    /**
     * Runs the leader of {@code call}'s attempt on {@code worker}, this job's worker: the
     * caller's thread hands its context over and waits, so that a retry runs both replicas away
     * from the caller's core.
     */
    void lead(ReplicaWorker worker, HardenedCallable<?, ?> body, CallContext call) {
        this.body = body;
        this.leading = call;
        worker.start(call.watchdog().deadline());
    }

    /** What the finished replica read, for its leader to check with its own reads. */
    Snapshot snapshot() {
        return context.snapshot();
    }

    /** Whether the finished replica lost to a concurrent commit or was cancelled. */
    boolean conflicted() {
        return context.conflicted();
    }

    /** Whether the finished replica was stopped by its own watchdog. */
    boolean timedOut() {
        return context.watchdog().timedOut();
    }

    @Override
    public void attach() {
        runtime.adopt(context);
    }

    /**
     * Runs the job. Whatever fails around the body (a fault hook, or the engine running out of
     * stack) is recorded as the replica's {@link ReplicaState#fatal failure} rather than
     * allowed to end the thread: the leader then sees the replica finish and fails the call with
     * it at once, instead of waiting for the watchdog, and the thread stays in the pool.
     */
    @Override
    public void run() {
        if (leading != null) {
            runtime.adopt(leading);
            try {
                leading.runLeader(body);
            } catch (Throwable t) {
                ReplicaFailures.record(leading.ownReplica(0), t);
            } finally {
                runtime.adopt(context);
            }
            return;
        }
        ReplicaState r = context.beginFollowing(config, callId, attempt, deadline, channel, index);
        try {
            context.startReplica(index);
            try {
                r.result = body.call();
            } catch (Throwable t) {
                r.thrown = t;
            } finally {
                context.endReplica();
            }
        } catch (Throwable t) {
            ReplicaFailures.record(r, t);
        } finally {
            context.endFollowing();
        }
    }

    @Override
    public void cancel() {
        channel.cancel();
    }

    @Override
    public void clear() {
        body = null;
        config = null;
        leading = null;
    }
}

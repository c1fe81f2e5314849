package dev.lockstep.stm.call;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Hardened;
import dev.lockstep.stm.replicas.ReplicaWorkers;
import dev.lockstep.stm.state.StateRuntime;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the calls of one runtime share: each thread's {@link CallContext}, call ids, the
 * {@link CommitGate}, and the replica threads, started on the first parallel attempt. As the
 * {@link StateRuntime} of the runtime's stores, it tells them which call the calling thread runs.
 * Internal to the engine; not an API.
 *
 * <p><b>Note:</b> thread-safe.
 */
public final class Engine extends StateRuntime {
    private final Contexts contexts = new Contexts(() -> new CallContext(this));
    private final AtomicLong callIds = new AtomicLong();
    private final CommitGate commitGate = new CommitGate();
    private volatile ReplicaWorkers workers;

    /** Starts the engine; call only once the JVM flags are checked. */
    public Engine() {
    }

    /** The calling thread's context. */
    CallContext context() {
        return contexts.get();
    }

    /**
     * Gives the calling thread a new context, for when the watchdog left its old one to an
     * abandoned replica thread.
     */
    CallContext freshContext() {
        CallContext fresh = new CallContext(this);
        contexts.set(fresh);
        return fresh;
    }

    /** Makes {@code context} the calling replica thread's own. */
    void adopt(CallContext context) {
        contexts.set(context);
    }

    /** The replica threads, started on the first parallel attempt. */
    ReplicaWorkers replicaWorkers() {
        ReplicaWorkers w = workers;
        if (w == null) {
            synchronized (this) {
                w = workers;
                if (w == null) {
                    w = new ReplicaWorkers(() -> new ReplicaJob(this));
                    workers = w;
                }
            }
        }
        return w;
    }

    /** The gate every writing commit passes and a starving call closes. */
    CommitGate commitGate() {
        return commitGate;
    }

    /**
     * Reserves the next {@code count} call ids for one context.
     *
     * @return the last id reserved; the block is {@code last - count + 1} to {@code last}
     */
    long reserveCallIds(int count) {
        return callIds.addAndGet(count);
    }

    /** The thread's running call, or null. */
    @Override
    protected CallContext activeCall() {
        CallContext call = contexts.get();
        return call.active() ? call : null;
    }

    /**
     * Whether the calling thread runs a hardened call.
     *
     * @return true inside a call, on any of its replicas
     */
    public boolean inCall() {
        return activeCall() != null;
    }

    @Override
    protected CallContext requireCall(String operation, String kind, String name) {
        CallContext call = activeCall();
        if (call == null) {
            String target = kind + " '" + name + "'";
            String hardened = uninterceptedHardenedCaller();
            if (hardened != null) {
                throw new IllegalStateException(ErrorCode.NOT_INSTALLED.format(hardened
                        + " is @Hardened, but interception is not installed, so it runs "
                        + "unprotected and its " + operation + " on " + target
                        + " is refused. Call Lockstep.install() once at startup, or start the "
                        + "JVM with -javaagent:<path to lockstep-stm-core.jar>."));
            }
            throw new IllegalStateException(ErrorCode.OUTSIDE_CALL.format(operation
                    + " on " + target + " outside a hardened call. State is only "
                    + "written inside one, where the replicas can check the write: wrap it in "
                    + "hardener.run(() -> ...) or hardener.call(() -> ...), or annotate the "
                    + "method @Hardened."));
        }
        return call;
    }

    /** On the error path only: the nearest @Hardened method on the stack, which was not intercepted. */
    private static String uninterceptedHardenedCaller() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .filter(Engine::isHardened)
                .map(f -> f.getDeclaringClass().getName() + "." + f.getMethodName())
                .findFirst().orElse(null));
    }

    private static boolean isHardened(StackWalker.StackFrame frame) {
        try {
            return frame.getDeclaringClass()
                    .getDeclaredMethod(frame.getMethodName(), frame.getMethodType().parameterArray())
                    .isAnnotationPresent(Hardened.class);
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @Override
    protected void drainCommits() {
        commitGate.drain();
    }

    /**
     * {@code Nondet.record} of a long: the leader's value, replayed to later replicas.
     *
     * @return the value drawn, or replayed; outside a call, {@code source}'s
     */
    public long recordLong(LongSupplier source) {
        CallContext call = activeCall();
        return call == null ? source.getAsLong() : call.inputs().recordLong(source);
    }

    /**
     * {@code Nondet.record}: the leader's value, replayed to later replicas.
     *
     * @return the value drawn, or replayed; outside a call, {@code source}'s
     */
    public <T> T record(Supplier<T> source) {
        CallContext call = activeCall();
        return call == null ? source.get() : call.inputs().record(source);
    }

    /**
     * {@code Effects.afterCommit}: runs {@code effect} once the running call committed.
     *
     * @throws IllegalStateException outside a hardened call
     */
    public void afterCommit(Runnable effect) {
        CallContext call = activeCall();
        if (call == null) {
            throw new IllegalStateException(ErrorCode.OUTSIDE_CALL.format(
                    "Effects.afterCommit called outside a hardened call, so there is no commit to "
                            + "wait for. Call it inside hardener.call(...) or hardener.run(...), or "
                            + "run the effect directly."));
        }
        call.afterCommit(effect);
    }
}

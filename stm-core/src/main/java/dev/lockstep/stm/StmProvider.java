package dev.lockstep.stm;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Hardened;
import dev.lockstep.api.HardenedCallable;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.api.spi.HardenerConfig;
import dev.lockstep.api.spi.LockstepProvider;
import dev.lockstep.stm.agent.HardenedCalls;
import dev.lockstep.stm.agent.Interception;
import dev.lockstep.stm.agent.JvmFlags;
import dev.lockstep.stm.agent.LintGate;
import dev.lockstep.stm.agent.LockstepAgent;
import dev.lockstep.stm.replicas.ReplicaWorkers;
import org.multiverse.api.IsolationLevel;
import org.multiverse.stms.gamma.GammaStm;
import org.multiverse.stms.gamma.transactions.GammaTxnConfig;

import dev.lockstep.api.state.Durability;
import dev.lockstep.api.state.JournalRepair;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The Lockstep runtime, registered for {@link java.util.ServiceLoader}. It owns a private
 * Multiverse {@link GammaStm} (so other Multiverse users in the JVM cannot interfere) and one
 * {@link CallContext} per thread.
 *
 * <p>Transactions are serializable (no write skew), non-speculative (Multiverse's speculative
 * factories silently re-run work) and never block; Lockstep runs its own retry loop and never
 * uses Multiverse's executors or commuting operations (DESIGN.md, "Known Multiverse traps").
 *
 * <p><b>Note:</b> thread-safe. Applications use {@code dev.lockstep.api.Lockstep} instead.
 */
public final class StmProvider implements LockstepProvider {
    /** The first runtime started in this JVM: the one {@link Interception} serves. */
    private static volatile StmProvider current;

    private final HardenerRegistry registry = new HardenerRegistry();
    private final LintGate lintGate = new LintGate();
    private final GammaStm stm;
    private final GammaTxnConfig txnConfig;
    private final Contexts contexts;
    private final AtomicLong callIds = new AtomicLong();
    private final AtomicInteger cellIds = new AtomicInteger();
    private final CommitGate commitGate = new CommitGate();
    private final Applies applies = new Applies();
    private volatile ReplicaWorkers workers;

    /**
     * Starts the runtime.
     *
     * @throws dev.lockstep.api.LockstepException with {@link ErrorCode#MISSING_JVM_FLAGS} if the
     *                                            JVM lacks a flag the libraries need
     */
    public StmProvider() {
        JvmFlags.check();
        this.stm = new GammaStm();
        this.txnConfig = stm.newTxnFactoryBuilder()
                .setFamilyName("lockstep")
                .setSpeculative(false)
                .setIsolationLevel(IsolationLevel.Serializable)
                .setReadTrackingEnabled(true)
                .setBlockingAllowed(false)
                .newTransactionFactory()
                .getConfig();
        this.contexts = new Contexts(() -> new CallContext(this));
        synchronized (StmProvider.class) {
            if (current == null) {
                current = this;
                Interception.serve(new AnnotatedCalls());
            }
        }
    }

    /**
     * Returns the JVM flags the runtime's libraries want on the running JDK, from the one list
     * in the build: for tools that start JVMs (benchmark forks, launchers).
     *
     * @return the flags, in order
     */
    public static java.util.List<String> jvmFlags() {
        return JvmFlags.forThisJdk();
    }

    static StmProvider current() {
        return current;
    }

    @Override
    public Hardener newHardener(HardenerConfig config) {
        StmHardener hardener = new StmHardener(this, config);
        registry.register(hardener);
        return hardener;
    }

    @Override
    public void install() {
        LockstepAgent.selfAttach();
    }

    @Override
    public StateStore newInMemoryStore() {
        return new InMemoryStore(this);
    }

    @Override
    public StateStore newPersistentStore(Path dir, Durability durability) {
        return PersistentStore.open(this, Objects.requireNonNull(dir, "dir"), Objects.requireNonNull(durability, "durability"));
    }

    @Override
    public JournalRepair repairStore(Path dir) {
        return PersistentStore.repair(Objects.requireNonNull(dir, "dir"));
    }

    @Override
    public long recordLong(LongSupplier source) {
        CallContext call = activeCall();
        return call == null ? source.getAsLong() : call.recordLong(source);
    }

    @Override
    public <T> T record(Supplier<T> source) {
        CallContext call = activeCall();
        return call == null ? source.get() : call.record(source);
    }

    @Override
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

    /** The thread's call if one is running, else null. */
    CallContext activeCall() {
        CallContext call = contexts.get();
        return call.active() ? call : null;
    }

    /**
     * The thread's running call, or the error that says how to write state. {@code kind} and
     * {@code name} name the target only in that error: nothing is built on the hot path.
     */
    CallContext requireCall(String operation, String kind, String name) {
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
                .filter(StmProvider::isHardened)
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

    /** The gate every writing commit passes and a starving call closes. */
    CommitGate commitGate() {
        return commitGate;
    }

    /** The runtime-wide count of commits applying, for readers of locked stripes. */
    Applies applies() {
        return applies;
    }

    /** The settings of every commit's Multiverse transaction ({@link StripeLocks}). */
    GammaTxnConfig txnConfig() {
        return txnConfig;
    }

    /**
     * Reserves the next {@code count} call ids for one context.
     *
     * @return the last id reserved; the block is {@code last - count + 1} to {@code last}
     */
    long reserveCallIds(int count) {
        return callIds.addAndGet(count);
    }

    StripedCells newCells(StoreBase store, String name, OffHeap memory) {
        return new StripedCells(store, stm, cellIds.incrementAndGet(), name, memory);
    }

    StripedMap<?, ?> newMap(StoreBase store, String name, Codec key, Codec value, MapFiles.Opened committed) {
        return new StripedMap<>(store, stm, cellIds.incrementAndGet(), name, key, value, committed);
    }

    /** Runs intercepted {@code @Hardened} methods: finds the hardener by name and lints the method. */
    private final class AnnotatedCalls implements HardenedCalls {
        @Override
        public boolean inCall() {
            return activeCall() != null;
        }

        @Override
        public <T, X extends Throwable> T call(Method method, String hardenerName, String display,
                                               HardenedCallable<T, X> body) throws X {
            StmHardener hardener = registry.forAnnotation(hardenerName, display);
            lintGate.check(method, hardener.config().lint(), display);
            return hardener.call(body);
        }
    }
}

package dev.lockstep.stm;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.HardenedCallable;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.spi.HardenerConfig;
import dev.lockstep.api.spi.LockstepProvider;
import dev.lockstep.api.state.Durability;
import dev.lockstep.api.state.JournalRepair;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.stm.agent.HardenedCalls;
import dev.lockstep.stm.agent.Interception;
import dev.lockstep.stm.agent.JvmFlags;
import dev.lockstep.stm.agent.LintGate;
import dev.lockstep.stm.agent.LockstepAgent;
import dev.lockstep.stm.call.Engine;
import dev.lockstep.stm.call.StmHardener;
import dev.lockstep.stm.persist.PersistentStore;
import dev.lockstep.stm.state.InMemoryStore;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The Lockstep runtime, registered for {@link java.util.ServiceLoader}: the entry to the engine.
 * It checks the JVM's flags, starts the {@link Engine} that calls share, builds hardeners and
 * stores on it, and serves {@code @Hardened} methods to the agent.
 *
 * <p><b>Note:</b> thread-safe. Applications use {@code dev.lockstep.api.Lockstep} instead.
 */
public final class StmProvider implements LockstepProvider {
    /** The first runtime started in this JVM: the one {@link Interception} serves. */
    private static volatile StmProvider current;

    private final HardenerRegistry registry = new HardenerRegistry();
    private final LintGate lintGate = new LintGate();
    private final Engine engine;

    /**
     * Starts the runtime.
     *
     * @throws dev.lockstep.api.LockstepException with {@link ErrorCode#MISSING_JVM_FLAGS} if the
     *                                            JVM lacks a flag the libraries need
     */
    public StmProvider() {
        JvmFlags.check();
        this.engine = new Engine();
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
    public static List<String> jvmFlags() {
        return JvmFlags.forThisJdk();
    }

    static StmProvider current() {
        return current;
    }

    /** The engine of this runtime's calls and stores. */
    Engine engine() {
        return engine;
    }

    @Override
    public Hardener newHardener(HardenerConfig config) {
        StmHardener hardener = new StmHardener(engine, config);
        registry.register(hardener);
        return hardener;
    }

    @Override
    public void install() {
        LockstepAgent.selfAttach();
    }

    @Override
    public StateStore newInMemoryStore() {
        return new InMemoryStore(engine);
    }

    @Override
    public StateStore newPersistentStore(Path dir, Durability durability) {
        return PersistentStore.open(engine, Objects.requireNonNull(dir, "dir"), Objects.requireNonNull(durability, "durability"));
    }

    @Override
    public JournalRepair repairStore(Path dir) {
        return PersistentStore.repair(Objects.requireNonNull(dir, "dir"));
    }

    @Override
    public long recordLong(LongSupplier source) {
        return engine.recordLong(source);
    }

    @Override
    public <T> T record(Supplier<T> source) {
        return engine.record(source);
    }

    @Override
    public void afterCommit(Runnable effect) {
        engine.afterCommit(effect);
    }

    /** Runs intercepted {@code @Hardened} methods: finds the hardener by name and lints the method. */
    private final class AnnotatedCalls implements HardenedCalls {
        @Override
        public boolean inCall() {
            return engine.inCall();
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

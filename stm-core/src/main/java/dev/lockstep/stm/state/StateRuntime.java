package dev.lockstep.stm.state;

import org.multiverse.api.IsolationLevel;
import org.multiverse.stms.gamma.GammaStm;
import org.multiverse.stms.gamma.transactions.GammaTxnConfig;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime as stores see it. It owns what every store of the runtime shares: a private
 * Multiverse {@link GammaStm} (so other Multiverse users in the JVM cannot interfere) whose
 * versions guard every stripe, the settings of each commit's transaction ({@link StripeLocks}),
 * the {@link Applies} clock of the replicas' snapshots, and the ids of cells and maps. The call
 * room, which extends it, says which call the calling thread runs, and drains its commit gate
 * when a store closes; so state reaches calls only through {@link StateAccess}.
 *
 * <p>Transactions are serializable (no write skew), non-speculative (Multiverse's speculative
 * factories silently re-run work) and never block; Lockstep runs its own retry loop and never
 * uses Multiverse's executors or commuting operations (DESIGN.md, "Known Multiverse traps").
 * Internal to the engine; not an API.
 *
 * <p><b>Note:</b> thread-safe.
 */
public abstract class StateRuntime {
    private final GammaStm stm = new GammaStm();
    private final GammaTxnConfig txnConfig = stm.newTxnFactoryBuilder()
            .setFamilyName("lockstep")
            .setSpeculative(false)
            .setIsolationLevel(IsolationLevel.Serializable)
            .setReadTrackingEnabled(true)
            .setBlockingAllowed(false)
            .newTransactionFactory()
            .getConfig();
    private final Applies applies = new Applies();
    private final AtomicInteger ids = new AtomicInteger();

    /** Creates the runtime's STM; call only once the JVM flags are checked. */
    protected StateRuntime() {
    }

    /**
     * The settings of every commit's Multiverse transaction ({@link StripeLocks}).
     *
     * @return the configuration, shared by every commit
     */
    public final GammaTxnConfig txnConfig() {
        return txnConfig;
    }

    /**
     * The runtime-wide count of commits applying, for snapshots and readers of locked stripes.
     *
     * @return the counter
     */
    public final Applies applies() {
        return applies;
    }

    final GammaStm stm() {
        return stm;
    }

    /** An id for new cells or a map, unique in this runtime. */
    final int nextId() {
        return ids.incrementAndGet();
    }

    /**
     * The calling thread's running call.
     *
     * @return its state access, or null outside a call
     */
    protected abstract StateAccess activeCall();

    /**
     * The calling thread's running call, or the error that says how to write state.
     * {@code kind} and {@code name} name the target only in that error: nothing is built on the
     * hot path.
     *
     * @throws IllegalStateException outside a hardened call, naming the fix
     */
    protected abstract StateAccess requireCall(String operation, String kind, String name);

    /**
     * Waits until every commit in flight has ended, holding new ones off meanwhile: a store
     * closing does this after marking itself closed, so that no commit still applies to it.
     */
    protected abstract void drainCommits();
}

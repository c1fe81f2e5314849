package dev.lockstep.stm.persist;

import dev.lockstep.api.state.Durability;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.stm.TestRuntime;

import java.nio.file.Path;

/** Opens stores with settings the public API does not offer, for fixtures in other packages (child JVMs). */
public final class TestStores {
    private TestStores() {
    }

    /**
     * A persistent store with its own checkpoint threshold; the runtime must be loaded already
     * (build a hardener first).
     */
    public static StateStore persistent(Path dir, Durability durability, long checkpointBytes) {
        return PersistentStore.open(TestRuntime.engine(), dir, durability, checkpointBytes);
    }
}

package dev.lockstep.stm;

import dev.lockstep.stm.call.Engine;

/** The running runtime's engine, for tests in the engine's rooms. */
public final class TestRuntime {
    private TestRuntime() {
    }

    /**
     * The engine of the first runtime started in this JVM; start one first (build a hardener or
     * open a store).
     */
    public static Engine engine() {
        return StmProvider.current().engine();
    }
}

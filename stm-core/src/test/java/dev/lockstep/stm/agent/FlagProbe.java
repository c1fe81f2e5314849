package dev.lockstep.stm.agent;

import dev.lockstep.api.Lockstep;
import dev.lockstep.api.LockstepException;

/** A child-JVM program for {@link JvmFlagsTest}: prints what starting Lockstep says. */
public final class FlagProbe {
    private FlagProbe() {
    }

    public static void main(String[] args) {
        try {
            Lockstep.inMemoryStore().close();
            System.out.println("started");
        } catch (LockstepException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
    }
}

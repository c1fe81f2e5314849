package dev.lockstep.stm.agent;

import dev.lockstep.stm.fixtures.InterceptionProbe;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 3 in fresh JVMs, where "before install" really is before: a @Hardened method called
 * without interception refuses to write; install() then retransforms the already loaded class
 * and intercepts classes loaded later.
 */
class InterceptionChildJvmTest {

    @Test
    void selfAttachInterceptsClassesLoadedBeforeAndAfterInstall() throws Exception {
        ChildJvm.Result r = ChildJvm.runWithFlags(InterceptionProbe.class, "self-attach");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("before install: Lockstep [NOT_INSTALLED]: "
                + "dev.lockstep.stm.fixtures.LoadedEarly.bump is @Hardened, but interception is not installed"),
                r.output());
        assertTrue(r.output().contains("Call Lockstep.install() once at startup"), r.output());
        assertTrue(r.output().contains("early: 1\n"), r.output());
        assertTrue(r.output().contains("late: 1\n"), r.output());
        assertTrue(r.output().contains("commits: 2\n"), r.output());
        assertTrue(!r.output().contains("WARNING: A Java agent has been loaded dynamically"),
                "the JVM flags silence the JDK 21+ dynamic agent warning: " + r.output());
    }
}

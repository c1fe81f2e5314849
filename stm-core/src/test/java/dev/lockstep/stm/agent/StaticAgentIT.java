package dev.lockstep.stm.agent;

import dev.lockstep.stm.fixtures.InterceptionProbe;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 3: the packaged stm-core jar is a Java agent. A child JVM started with
 * {@code -javaagent:} it intercepts @Hardened methods without calling Lockstep.install().
 * Runs under failsafe, after the jar exists.
 */
class StaticAgentIT {

    @Test
    void theJarIsAStaticAgent() throws Exception {
        Path jar = Path.of(LockstepAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(jar.toString().endsWith(".jar"), "failsafe runs against the packaged jar: " + jar);
        List<String> jvmArgs = new ArrayList<>(JvmFlags.forThisJdk());
        jvmArgs.add("-javaagent:" + jar);

        ChildJvm.Result r = ChildJvm.run(jvmArgs, InterceptionProbe.class, "premain");

        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("early: 1\n"), r.output());
        assertTrue(r.output().contains("late: 1\n"), r.output());
        assertTrue(r.output().contains("commits: 2\n"), r.output());
    }
}

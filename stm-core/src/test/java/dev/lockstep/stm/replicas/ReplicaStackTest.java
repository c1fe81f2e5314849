package dev.lockstep.stm.replicas;

import dev.lockstep.stm.agent.ChildJvm;
import dev.lockstep.stm.agent.JvmFlags;
import dev.lockstep.stm.fixtures.DeepRecursion;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11: replica threads get as deep a stack as the caller's, so a deep recursion that works
 * on the caller's thread works in PARALLEL too, instead of overflowing on the replica thread
 * only and looking like a disagreement. In a child JVM, since the replica threads of this JVM
 * already exist.
 */
class ReplicaStackTest {
    private static final int DEPTH = 200_000;
    private static final long STACK = 64L << 20;

    @Test
    void aRecursionThatFitsTheCallersStackFitsTheReplicaThreadsStack() throws Exception {
        List<String> flags = new ArrayList<>(JvmFlags.forThisJdk());
        flags.add("-D" + ReplicaStack.PROPERTY + "=64m");
        ChildJvm.Result r = ChildJvm.run(flags, DeepRecursion.class, String.valueOf(DEPTH), String.valueOf(STACK));
        String out = r.output();
        assertEquals(0, r.exitCode(), out);
        // The depth matters: it overflows the stack threads get by default, and a small one.
        assertTrue(out.contains("default stack thread: StackOverflowError\n"), out);
        assertTrue(out.contains("256 KiB thread: StackOverflowError\n"), out);
        assertTrue(out.contains("caller-sized thread: ok\n"), out);
        // The same recursion in a PARALLEL call from a caller with that stack: both replicas fit.
        assertTrue(out.contains("hardened call: ok\n"), out);
        assertTrue(out.contains("commits=1 parallel=1 mismatches=0\n"), out);
        String plain = out.substring(out.indexOf("plain=") + "plain=".length(), out.indexOf('\n', out.indexOf("plain=")));
        assertTrue(out.contains("cell=" + plain + "\n"), out);
    }

    @Test
    void theStackSizePropertyTakesBytesOrAnXssSuffixAndRejectsNonsense() {
        String old = System.getProperty(ReplicaStack.PROPERTY);
        try {
            System.setProperty(ReplicaStack.PROPERTY, "1048576");
            assertEquals(1L << 20, ReplicaStack.bytes());
            System.setProperty(ReplicaStack.PROPERTY, "16m");
            assertEquals(16L << 20, ReplicaStack.bytes());
            System.setProperty(ReplicaStack.PROPERTY, "512K");
            assertEquals(512L << 10, ReplicaStack.bytes());
            for (String bad : new String[] {"0", "-1m", "lots", "9999999999g"}) {
                System.setProperty(ReplicaStack.PROPERTY, bad);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ReplicaStack::bytes, bad);
                assertTrue(e.getMessage().contains("-Dlockstep.replicaStackSize=" + bad), e.getMessage());
            }
            System.clearProperty(ReplicaStack.PROPERTY);
            // Unset: the JVM's own default, which HotSpot reports (1 MiB or more on 64-bit Linux).
            assertTrue(ReplicaStack.bytes() >= 1L << 20, String.valueOf(ReplicaStack.bytes()));
        } finally {
            if (old == null) {
                System.clearProperty(ReplicaStack.PROPERTY);
            } else {
                System.setProperty(ReplicaStack.PROPERTY, old);
            }
        }
    }
}

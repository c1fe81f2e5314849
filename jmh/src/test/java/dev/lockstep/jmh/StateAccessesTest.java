package dev.lockstep.jmh;

import dev.lockstep.examples.campaign.Workloads;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state-access count runs the benchmarks' own bodies and counts the leader's accesses once. */
class StateAccessesTest {

    @Test
    void transfersCountOneReadAndWritePerAddAndOneReadToReturn() throws Exception {
        Properties counts = StateAccesses.count();
        // Each add reads and writes its cell; the body then reads its first cell back.
        assertEquals("3", counts.getProperty("transfer-2.reads"));
        assertEquals("2", counts.getProperty("transfer-2.writes"));
        assertEquals("11", counts.getProperty("transfer-10.reads"));
        assertEquals("10", counts.getProperty("transfer-10.writes"));
    }

    @Test
    void everyPhoenixWorkloadIsCountedAndWritesState() throws Exception {
        Properties counts = StateAccesses.count();
        for (String w : Workloads.all().keySet()) {
            assertNotNull(counts.getProperty(w + ".reads"), w);
            assertTrue(Long.parseLong(counts.getProperty(w + ".writes")) > 0, w);
        }
    }
}

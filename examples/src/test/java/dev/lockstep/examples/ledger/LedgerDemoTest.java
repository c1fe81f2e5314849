package dev.lockstep.examples.ledger;

import dev.lockstep.api.Stats;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo shows what it claims: plain Java drifts; Lockstep catches the flips and ends where a fault-free run ends. */
class LedgerDemoTest {

    @Test
    void lockstepEndsWithEveryBalanceOfAFaultFreeReplayWhilePlainJavaDrifts() {
        LedgerDemo.Report r = LedgerDemo.run(7, 5_000, 0.01);
        Stats s = r.stats();

        // The same transfers in plain Java, without faults: what every balance must be.
        long[] replay = new long[LedgerDemo.ACCOUNTS];
        Arrays.fill(replay, LedgerDemo.OPENING);
        long replayRejected = 0;
        for (int[] t : LedgerDemo.plan(7, 5_000)) {
            if (replay[t[0]] < t[2]) {
                replayRejected++;
            } else {
                replay[t[0]] -= t[2];
                replay[t[1]] += t[2];
            }
        }
        assertEquals(0, s.unrecoverable(), "with seed 7 every call recovers, so every transfer is in the replay");
        assertArrayEquals(replay, r.balances(), "every balance equals the fault-free replay's");
        assertEquals(replayRejected, r.rejected(), "the same transfers were rejected");

        assertTrue(r.flips() > 0, "faults were injected");
        assertNotEquals(r.expectedTotal(), r.plainTotal(), "plain Java is corrupted by the same fault model");
        assertEquals(r.expectedTotal(), r.total(), "Lockstep conserves money");
        assertTrue(s.mismatches() > 0 && s.mismatches() <= r.flips(), s.toString());
        assertEquals(s.mismatches(), s.retries() + s.unrecoverable(), "every mismatch but a call's last is retried");
        assertEquals(LedgerDemo.transfersCommitted(r), r.receipts(), "one receipt per committed transfer");
        assertEquals(r.transfers(), r.receipts() + r.rejected() + s.unrecoverable());
        assertEquals(s.mismatches(), r.faultLog().size(), "each mismatch is logged once");
    }

    @Test
    void theReportSaysTheInvariantHolds() {
        StringWriter text = new StringWriter();
        LedgerDemo.print(LedgerDemo.run(42, 2_000, 0.01), new PrintWriter(text, true));
        assertTrue(text.toString().contains("Invariant: total = 16,000, expected 16,000: OK"), text.toString());
        assertTrue(text.toString().contains("replicas disagreed at balances["), text.toString());
    }
}

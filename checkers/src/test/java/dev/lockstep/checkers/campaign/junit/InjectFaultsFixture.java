package dev.lockstep.checkers.campaign.junit;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.checkers.campaign.FaultModel;
import dev.lockstep.checkers.campaign.InjectFaults;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tests as a user writes them, run by InjectFaultsExtensionTest through the JUnit engine (the
 * name keeps surefire from running them directly). Two survive their faults; one cannot.
 */
class InjectFaultsFixture {
    private static final long[] AMOUNTS = {100, 250, 75, 1_000, 40, 980, 333};
    private static final long EXPECTED = 2_778 + 81;   // amounts, plus 3% interest rounded down each

    private static long settleOnce(Hardener h) {
        try (StateStore store = Lockstep.inMemoryStore()) {
            LongCells ledger = store.longCells("ledger", 2);
            long total = Accounting.settle(h, ledger, AMOUNTS);
            assertEquals(total, ledger.get(0));
            assertEquals(1, ledger.get(1));
            return total;
        }
    }

    @Test
    @InjectFaults(model = FaultModel.BITFLIP, injections = 80, seed = 3)
    void hardenedSettlementSurvivesBitFlips() {
        assertEquals(EXPECTED, settleOnce(Lockstep.builder().build()));
    }

    @Test
    @InjectFaults(model = FaultModel.STATE, injections = 80, seed = 3)
    void hardenedSettlementSurvivesStateFlips() {
        assertEquals(EXPECTED, settleOnce(Lockstep.builder().replicas(3).build()));
    }

    @Test
    @InjectFaults(model = FaultModel.BITFLIP, injections = 5)
    void noHardenedCall() {
        assertEquals(4, 2 + 2);
    }

    @Test
    @InjectFaults(model = FaultModel.STATE, injections = 80, seed = 3)
    void anUnreplicatedTransactionLetsACorruptedLoadThrough() {
        assertEquals(EXPECTED, settleOnce(Lockstep.builder().replicas(1).build()));
    }
}

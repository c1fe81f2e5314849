package dev.lockstep.examples.ledger;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.checkers.lint.LockstepLint;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The service is deterministic by the lint's rules, and its annotations really harden it. */
class LedgerServiceTest {

    @Test
    void theServicePassesTheDeterminismLint() {
        LockstepLint.assertClean(LedgerService.class);
    }

    @Test
    void annotatedTransfersRunAsHardenedCalls() {
        Lockstep.install();
        Hardener h = Lockstep.builder().name("ledger").build();
        long[] receipts = {0};
        try (StateStore store = Lockstep.inMemoryStore()) {
            LedgerService ledger = new LedgerService(store, 4, balance -> receipts[0]++);
            ledger.open(100);
            assertEquals(70, ledger.transfer(0, 1, 30));
            assertThrows(InsufficientFundsException.class, () -> ledger.transfer(0, 2, 71));
            assertEquals(400, ledger.total());
            assertEquals(1, receipts[0]);
            assertEquals(3, h.stats().commits(), "open, transfer, total; the rejected one threw");
        }
    }
}

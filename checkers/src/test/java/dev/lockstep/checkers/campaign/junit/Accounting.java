package dev.lockstep.checkers.campaign.junit;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.state.LongCells;

/** Code under test for the @InjectFaults fixtures: its package is what gets instrumented. */
public final class Accounting {
    private Accounting() {
    }

    /** Adds up the amounts, with interest, into cells[0] as one hardened call; returns the total. */
    public static long settle(Hardener hardener, LongCells ledger, long[] amounts) {
        return hardener.call(() -> {
            long total = ledger.get(0);
            for (long amount : amounts) {
                total += amount + amount * 3 / 100;
            }
            ledger.set(0, total);
            ledger.set(1, ledger.get(1) + 1);
            return total;
        });
    }
}

package dev.lockstep.examples.workloads;

import dev.lockstep.checkers.campaign.Workload;
import dev.lockstep.checkers.campaign.WorkloadState;

import java.util.SplittableRandom;

/** Ledger transfers: balances live in state and every transfer reads and writes them there. */
public final class LedgerTransfers implements Workload {
    private static final int ACCOUNTS = 32;
    private static final long OPENING = 1_000;
    private final int[] from = new int[250];
    private final int[] to = new int[250];
    private final long[] amount = new long[250];

    /** Generates the transfer plan. */
    public LedgerTransfers() {
        SplittableRandom random = new SplittableRandom(17);
        for (int t = 0; t < from.length; t++) {
            from[t] = random.nextInt(ACCOUNTS);
            to[t] = (from[t] + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            amount[t] = 1 + random.nextInt(300);
        }
    }

    @Override
    public String name() {
        return "ledger";
    }

    @Override
    public int outputCells() {
        return ACCOUNTS;
    }

    @Override
    public Object run(WorkloadState balances) {
        for (int a = 0; a < ACCOUNTS; a++) {
            balances.set(a, OPENING);
        }
        long rejected = 0;
        for (int t = 0; t < from.length; t++) {
            long available = balances.get(from[t]);
            if (available < amount[t]) {
                rejected++;
                continue;
            }
            balances.set(from[t], available - amount[t]);
            balances.add(to[t], amount[t]);
        }
        return rejected;
    }
}

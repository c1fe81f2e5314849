package dev.lockstep.examples.ledger;

import dev.lockstep.api.Effects;
import dev.lockstep.api.Hardened;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;

import java.util.function.LongConsumer;

/**
 * A ledger of account balances whose methods are hardened: once {@code Lockstep.install()} has
 * run, each call runs as replicas on the hardener named {@code "ledger"}, and a balance only
 * changes when the replicas agree on it. Nothing here mentions replicas or transactions.
 *
 * <p><b>Note:</b> thread-safe; concurrent transfers are serializable.
 */
public final class LedgerService {
    private final LongCells balances;
    private final LongConsumer receipts;

    /**
     * Opens the ledger's accounts in {@code store}.
     *
     * @param store    holds the balances
     * @param accounts how many accounts
     * @param receipts told the new balance of the debited account once per committed transfer
     */
    public LedgerService(StateStore store, int accounts, LongConsumer receipts) {
        this.balances = store.longCells("balances", accounts);
        this.receipts = receipts;
    }

    /**
     * Moves {@code amount} from one account to another.
     *
     * @param from   the account debited
     * @param to     the account credited
     * @param amount a positive amount
     * @return the new balance of {@code from}
     * @throws InsufficientFundsException if {@code from} holds less than {@code amount}; nothing changes
     */
    // tag::service[]
    @Hardened("ledger")
    public long transfer(int from, int to, long amount) {
        long available = balances.get(from);
        if (available < amount) {
            throw new InsufficientFundsException(from, available, amount);
        }
        balances.set(from, available - amount);
        balances.add(to, amount);
        Effects.afterCommit(() -> receipts.accept(available - amount));   // once, after the commit
        return available - amount;
    }
    // end::service[]

    /**
     * Sets every account to {@code opening}.
     *
     * @param opening the opening balance
     */
    @Hardened("ledger")
    public void open(long opening) {
        for (int i = 0; i < balances.length(); i++) {
            balances.set(i, opening);
        }
    }

    /**
     * Returns the sum of all balances, read as one snapshot.
     *
     * @return the total
     */
    @Hardened("ledger")
    public long total() {
        long sum = 0;
        for (int i = 0; i < balances.length(); i++) {
            sum += balances.get(i);
        }
        return sum;
    }

    /**
     * Returns every balance, read as one snapshot.
     *
     * @return a new array
     */
    public long[] balances() {
        return balances.snapshot();
    }
}

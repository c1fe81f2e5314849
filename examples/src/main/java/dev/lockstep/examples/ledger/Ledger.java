package dev.lockstep.examples.ledger;

import dev.lockstep.api.Effects;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;

import java.util.function.LongConsumer;

/**
 * A ledger of account balances whose transfers are hardened: each transfer runs as replicas,
 * and a balance only changes when the replicas agree on it.
 *
 * <p><b>Note:</b> thread-safe; concurrent transfers are serializable.
 */
public final class Ledger {
    private final Hardener hardener;
    private final LongCells balances;

    /**
     * Opens the ledger's accounts in {@code store}, each with {@code opening} if new.
     *
     * @param hardener runs the transfers
     * @param store    holds the balances
     * @param accounts how many accounts
     * @param opening  the opening balance of each account
     */
    public Ledger(Hardener hardener, StateStore store, int accounts, long opening) {
        this.hardener = hardener;
        this.balances = store.longCells("balances", accounts);
        hardener.run(() -> {
            for (int i = 0; i < accounts; i++) {
                balances.set(i, opening);
            }
        });
    }

    /**
     * Moves {@code amount} from one account to another, and tells {@code receipt} the new
     * balance of {@code from} once, after the transfer has committed.
     *
     * @param from    the account debited
     * @param to      the account credited
     * @param amount  a positive amount
     * @param receipt told the new balance of {@code from} after the commit
     * @return the new balance of {@code from}
     * @throws InsufficientFundsException if {@code from} holds less than {@code amount}; nothing
     *                                    changes
     */
    public long transfer(int from, int to, long amount, LongConsumer receipt) {
        return hardener.call(() -> {
            long available = balances.get(from);
            if (available < amount) {
                throw new InsufficientFundsException(from, available, amount);
            }
            balances.set(from, available - amount);
            balances.add(to, amount);
            Effects.afterCommit(() -> receipt.accept(available - amount));
            return available - amount;
        });
    }

    /**
     * Returns the sum of all balances, read as one snapshot.
     *
     * @return the total
     */
    public long total() {
        long sum = 0;
        for (long balance : balances.snapshot()) {
            sum += balance;
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

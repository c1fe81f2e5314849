package dev.lockstep.stm.call;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the engine's fault tests share: 64 accounts of 100 in a fresh in-memory store per test,
 * and a hardened transfer between two of them.
 */
abstract class AccountsFixture {
    static final int ACCOUNTS = 64;
    static final long OPENING_BALANCE = 100;

    StateStore store;
    LongCells accounts;

    @BeforeEach
    void openStore() {
        store = Lockstep.inMemoryStore();
        accounts = store.longCells("accounts", ACCOUNTS);
        Lockstep.builder().build().run(() -> {
            for (int i = 0; i < accounts.length(); i++) {
                accounts.set(i, OPENING_BALANCE);
            }
        });
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Moves {@code amount} from one account to another; returns the payer's new balance. */
    long transfer(Hardener h, int from, int to, long amount) {
        return h.call(() -> {
            long balance = accounts.get(from);
            accounts.set(from, balance - amount);
            accounts.add(to, amount);
            return balance - amount;
        });
    }

    /** The sum of every account, read outside a call. */
    long total() {
        long sum = 0;
        for (long v : accounts.snapshot()) {
            sum += v;
        }
        return sum;
    }
}

package dev.lockstep.stm.call;

import dev.lockstep.api.Execution;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.Stats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code replicas(1)}: the transaction alone, for measuring what it costs. The body runs once
 * per attempt, commits atomically, and a fault goes undetected (that is the point of the mode).
 */
class SingleReplicaTest extends AccountsFixture {
    @ParameterizedTest
    @EnumSource(Execution.class)
    void theBodyRunsOnceAndCommitsWhatever(Execution execution) {
        AtomicInteger runs = new AtomicInteger();
        FlipBit hook = FlipBit.firstWrite(0, attempt -> true, 2);
        Hardener h = Lockstep.builder().replicas(1).execution(execution).faultHook(hook).build();

        long result = h.call(() -> {
            runs.incrementAndGet();
            long balance = accounts.get(3) - 30;
            accounts.set(3, balance);
            accounts.add(4, 30);
            return balance;
        });

        assertEquals(1, runs.get(), "one replica, one attempt");
        assertEquals(70, result);
        assertEquals(70 ^ (1L << 2), accounts.get(3), "the flipped write commits: nothing compares it");
        Stats s = h.stats();
        assertEquals(1, s.commits(), s.toString());
        assertEquals(0, s.mismatches(), s.toString());
    }

    @Test
    void aThrowingBodyCommitsNothing() {
        Hardener h = Lockstep.builder().replicas(1).build();

        assertThrows(IllegalStateException.class, () -> h.run(() -> {
            accounts.set(5, 1);
            throw new IllegalStateException("refused");
        }));

        assertEquals(100, accounts.get(5));
    }
}

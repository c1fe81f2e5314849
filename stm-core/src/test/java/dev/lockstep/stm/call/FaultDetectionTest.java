package dev.lockstep.stm.call;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.Stats;
import dev.lockstep.api.UnrecoverableFaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 2, tests 1 to 4: faults are detected, corrected by retry or vote, or reported. */
class FaultDetectionTest extends AccountsFixture {
    @Test
    void bitFlipInLeadersFirstWriteOnAttemptZeroIsRetriedAndCorrected() {
        FlipBit hook = FlipBit.firstWrite(0, attempt -> attempt == 0, 17);
        Hardener h = Lockstep.builder().faultHook(hook).build();

        long result = transfer(h, 3, 4, 30);

        assertEquals(1, hook.flips.get(), "the fault must have been injected");
        assertEquals(70, result);
        assertEquals(70, accounts.get(3));
        assertEquals(130, accounts.get(4));
        Stats s = h.stats();
        assertEquals(1, s.mismatches(), s.toString());
        assertEquals(1, s.retries(), s.toString());
        assertEquals(1, s.commits(), s.toString());
        assertEquals(0, s.unrecoverable(), s.toString());
    }

    @Test
    void flipOnEveryAttemptIsUnrecoverableAndCommitsNothing() {
        FlipBit hook = FlipBit.firstWrite(1, attempt -> true, 3);
        Hardener h = Lockstep.builder().name("ledger").maxRetries(2).faultHook(hook).build();
        AtomicInteger effectsRun = new AtomicInteger();
        long[] before = accounts.snapshot();

        UnrecoverableFaultException e = assertThrows(UnrecoverableFaultException.class, () ->
                h.call(() -> {
                    long balance = accounts.get(0);
                    accounts.set(0, balance - 5);
                    accounts.add(1, 5);
                    dev.lockstep.api.Effects.afterCommit(effectsRun::incrementAndGet);
                    return balance;
                }));

        assertEquals(3, hook.flips.get(), "one flip per attempt");
        assertArrayEquals(before, accounts.snapshot(), "committed state must be unchanged");
        assertEquals(0, effectsRun.get(), "no afterCommit effect may run");
        assertEquals(3, e.attempts());
        assertEquals("accounts[0]", e.location());
        assertEquals("leader wrote 95", e.values().get(0));
        assertEquals("trailer wrote " + (95 ^ 8), e.values().get(1));
        assertTrue(e.getMessage().contains("hardener 'ledger'"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was committed"), e.getMessage());
        Stats s = h.stats();
        assertEquals(3, s.mismatches(), s.toString());
        assertEquals(2, s.retries(), s.toString());
        assertEquals(0, s.commits(), s.toString());
        assertEquals(1, s.unrecoverable(), s.toString());
    }

    @ParameterizedTest(name = "faulty replica {0}")
    @ValueSource(ints = {0, 1, 2})
    void tmrCommitsTheMajorityOnTheFirstAttempt(int faulty) {
        FlipBit hook = FlipBit.firstWrite(faulty, attempt -> true, 40);
        Hardener h = Lockstep.builder().replicas(3).faultHook(hook).build();

        long result = transfer(h, 7, 8, 25);

        assertEquals(1, hook.flips.get());
        assertEquals(75, result);
        assertEquals(75, accounts.get(7));
        assertEquals(125, accounts.get(8));
        assertEquals(Stats.of(1, 0, 0, 0, 0, 1), FaultCounters.of(h));
    }

    @Test
    void tmrWithoutMajorityIsAMismatchAndRetries() {
        FlipBit trailer = FlipBit.firstWrite(1, attempt -> attempt == 0, 5);
        FlipBit tiebreaker = FlipBit.firstWrite(2, attempt -> attempt == 0, 9);
        Hardener h = Lockstep.builder().replicas(3).faultHook(new dev.lockstep.api.spi.FaultHook() {
            @Override
            public long onWrite(dev.lockstep.api.spi.ReplicaContext c, long v) {
                return tiebreaker.onWrite(c, trailer.onWrite(c, v));
            }
        }).build();

        assertEquals(90, transfer(h, 0, 1, 10));

        assertEquals(90, accounts.get(0));
        Stats s = h.stats();
        assertEquals(1, s.mismatches(), s.toString());
        assertEquals(1, s.retries(), s.toString());
        assertEquals(1, s.commits(), s.toString());
    }

    @Test
    void corruptedLoadInLeaderIsCaughtByTheTrailersReRead() {
        FlipBit hook = new FlipBit(FlipBit.On.READ, 2,
                c -> c.replica() == 0 && c.attempt() == 0 && c.readIndex() == 0);
        Hardener h = Lockstep.builder().faultHook(hook).build();

        assertEquals(60, transfer(h, 5, 6, 40));

        assertEquals(1, hook.flips.get());
        assertEquals(60, accounts.get(5));
        assertEquals(1, h.stats().mismatches());
    }

    @Test
    void sameExceptionFromBothReplicasPropagatesAndCommitsNothing() {
        Hardener h = Lockstep.builder().build();
        long[] before = accounts.snapshot();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                h.run(() -> {
                    accounts.set(0, -1);
                    throw new IllegalArgumentException("insufficient funds in 0");
                }));

        assertEquals("insufficient funds in 0", e.getMessage());
        assertArrayEquals(before, accounts.snapshot());
        assertEquals(0, h.stats().commits());
        assertEquals(0, h.stats().mismatches());
    }

    @Test
    void checkedExceptionPropagatesUnwrapped() {
        Hardener h = Lockstep.builder().build();
        IOException e = assertThrows(IOException.class, () -> h.call(() -> {
            throw new IOException("disk gone");
        }));
        assertEquals("disk gone", e.getMessage());
    }

    @Test
    void exceptionFromOneReplicaOnlyIsAMismatchThenSucceeds() {
        Hardener h = Lockstep.builder().build();
        AtomicInteger executions = new AtomicInteger();

        long result = h.call(() -> {
            long balance = accounts.get(2);
            if (executions.getAndIncrement() == 0) {
                throw new ArithmeticException("transient fault in the leader");
            }
            accounts.set(2, balance + 1);
            return balance + 1;
        });

        assertEquals(101, result);
        assertEquals(101, accounts.get(2));
        assertEquals(4, executions.get(), "leader threw, trailer ran, then a fresh pair");
        Stats s = h.stats();
        assertEquals(1, s.mismatches(), s.toString());
        assertEquals(1, s.retries(), s.toString());
        assertEquals(1, s.commits(), s.toString());
    }

    @Test
    void replicaAskingForAnotherInputDivergesEarly() {
        Hardener h = Lockstep.builder().build();
        AtomicInteger executions = new AtomicInteger();
        AtomicInteger trailerStepsAfterDivergence = new AtomicInteger();

        long result = h.call(() -> {
            int run = executions.getAndIncrement();
            long a = accounts.get(10);
            if (run == 1) {
                dev.lockstep.api.Nondet.record(() -> "another kind of input");
                trailerStepsAfterDivergence.incrementAndGet();
            } else {
                dev.lockstep.api.Nondet.randomLong();
            }
            return a;
        });

        assertEquals(100, result);
        assertEquals(0, trailerStepsAfterDivergence.get(), "the trailer stops at the diverging input");
        assertEquals(1, h.stats().mismatches());
    }

    @Test
    void returnedResultIsTheLeadersInstance() {
        Hardener h = Lockstep.builder().build();
        Object[] leaders = new Object[1];
        AtomicInteger runs = new AtomicInteger();
        String result = h.call(() -> {
            String s = new String("same text");
            if (runs.getAndIncrement() == 0) {
                leaders[0] = s;
            }
            return s;
        });
        assertSame(leaders[0], result);
    }
}

package dev.lockstep.stm.call;

import dev.lockstep.api.Effects;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.UnrecoverableFaultException;
import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.ReplicaContext;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 2, test 6: deferred effects run exactly once per committed call, never otherwise. */
class EffectsTest {
    private static final int CLEAN = 0;
    private static final int FAULTY_ONCE = 1;
    private static final int FAULTY_ALWAYS = 2;

    private final StateStore store = Lockstep.inMemoryStore();
    private final LongCells counters = store.longCells("counters", 8);
    /** The fault mode of the next call; this test calls from one thread. */
    private int mode;

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void effectsRunExactlyOncePerCommittedCallAndNeverForAbortedOnes() {
        SplittableRandom random = Seeds.random("effects");
        FaultHook hook = new FaultHook() {
            @Override
            public long onWrite(ReplicaContext c, long v) {
                boolean faulty = mode == FAULTY_ALWAYS || (mode == FAULTY_ONCE && c.attempt() == 0);
                return faulty && c.replica() == 1 ? v ^ 1 : v;
            }
        };
        Hardener h = Lockstep.builder().maxRetries(2).faultHook(hook).build();
        List<Integer> ran = new ArrayList<>();
        int committed = 0;
        int unrecoverable = 0;

        for (int i = 0; i < 500; i++) {
            mode = random.nextInt(3);
            int call = i;
            try {
                h.run(() -> {
                    counters.add(0, 1);
                    Effects.afterCommit(() -> ran.add(call));
                    Effects.afterCommit(() -> ran.add(-call - 1));
                });
                committed++;
                assertTrue(mode != FAULTY_ALWAYS, "a call faulty on every attempt cannot commit");
            } catch (UnrecoverableFaultException e) {
                unrecoverable++;
                assertEquals(FAULTY_ALWAYS, mode);
            }
        }

        assertEquals(2 * committed, ran.size(), "each committed call ran its two effects");
        assertEquals(ran.stream().distinct().count(), ran.size(), "no effect ran twice");
        assertEquals(committed, counters.get(0), "every committed call added once");
        assertEquals(committed, h.stats().commits());
        assertEquals(unrecoverable, h.stats().unrecoverable());
        assertTrue(unrecoverable > 0 && committed > 0, "both outcomes exercised");
    }

    @Test
    void effectsRunAfterTheCommitIsVisibleInRegistrationOrder() {
        Hardener h = Lockstep.builder().build();
        List<String> seen = new ArrayList<>();
        h.run(() -> {
            counters.set(1, 42);
            Effects.afterCommit(() -> seen.add("first saw " + counters.get(1)));
            Effects.afterCommit(() -> seen.add("second"));
        });
        assertEquals(List.of("first saw 42", "second"), seen);
    }

    @Test
    void noEffectWhenBothReplicasThrow() {
        Hardener h = Lockstep.builder().build();
        List<String> seen = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> h.run(() -> {
            Effects.afterCommit(() -> seen.add("must not run"));
            throw new IllegalStateException("rejected");
        }));
        assertTrue(seen.isEmpty());
    }

    @Test
    void aFailingEffectKeepsTheCommitRunsTheOthersAndPropagates() {
        Hardener h = Lockstep.builder().build();
        List<String> seen = new ArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.run(() -> {
            counters.set(2, 7);
            Effects.afterCommit(() -> {
                throw new IllegalStateException("mail server down");
            });
            Effects.afterCommit(() -> seen.add("second still ran"));
        }));
        assertEquals("mail server down", e.getMessage());
        assertEquals(List.of("second still ran"), seen);
        assertEquals(7, counters.get(2), "the commit stands");
        assertEquals(1, h.stats().commits());
    }

    @Test
    void aDifferentNumberOfEffectsIsAMismatch() {
        Hardener h = Lockstep.builder().maxRetries(0).build();
        int[] runs = {0};
        UnrecoverableFaultException e = assertThrows(UnrecoverableFaultException.class, () ->
                h.run(() -> {
                    if (runs[0]++ == 0) {
                        Effects.afterCommit(() -> { });
                    }
                }));
        assertEquals("deferred effects", e.location());
    }

    @Test
    void anEffectMayStartANewHardenedCall() {
        Hardener h = Lockstep.builder().build();
        h.run(() -> {
            counters.set(3, 1);
            Effects.afterCommit(() -> h.run(() -> counters.add(3, 10)));
        });
        assertEquals(11, counters.get(3));
        assertEquals(2, h.stats().commits());
    }

    @Test
    void afterCommitOutsideACallSaysWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Effects.afterCommit(() -> { }));
        assertTrue(e.getMessage().contains("outside a hardened call"), e.getMessage());
        assertTrue(e.getMessage().contains("OUTSIDE_CALL"), e.getMessage());
    }
}

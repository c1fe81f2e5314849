package dev.lockstep.stm.state;

import dev.lockstep.api.Hardener;
import dev.lockstep.stm.call.Seeds;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A commit that writes many stripes of one cells object locks the object as a whole
 * ({@link Stripes#ESCALATE_AFTER}). It must stay atomic and isolated against commits that lock
 * single stripes of the same object, and against readers inside and outside calls.
 */
class EscalationTest {
    private static final int CELLS = 256;
    private static final long OPENING = 1_000;

    private final StateStore store = Lockstep.inMemoryStore();
    private final LongCells cells = store.longCells("wide", CELLS);
    private final LongCells counter = store.longCells("moves", 1);
    private final Hardener h = Lockstep.builder().name("escalation").maxConflictRetries(100_000).build();

    @AfterEach
    void close() {
        store.close();
    }

    private long sum(long[] values) {
        long sum = 0;
        for (long v : values) {
            sum += v;
        }
        return sum;
    }

    @Test
    void aWideCommitRaisesTheWholeVersionInsteadOfEachStripe() {
        StripedCells striped = (StripedCells) cells;
        long stripeBefore = striped.stripe(0).atomicWeakGet();
        long wholeBefore = striped.whole().atomicWeakGet();

        h.run(() -> {
            for (int i = 0; i < CELLS; i++) {
                cells.set(i, i);
            }
        });
        h.run(() -> cells.set(3, -3));

        for (int i = 0; i < CELLS; i++) {
            assertEquals(i == 3 ? -3 : i, cells.get(i));
        }
        assertEquals(wholeBefore + 1, striped.whole().atomicWeakGet(), "one version for the wide commit");
        assertEquals(stripeBefore + 1, striped.stripe(0).atomicWeakGet(), "the narrow commit raised its stripe");
    }

    @Test
    void wideAndNarrowWritersNeverLoseAnUpdateAndReadersSeeWholeCommits() throws InterruptedException {
        SplittableRandom seeds = Seeds.random("escalation");
        h.run(() -> {
            for (int i = 0; i < CELLS; i++) {
                cells.set(i, OPENING);
            }
        });
        int wideCommits = 150;
        int moves = 1_500;
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> {
            for (int k = 0; k < wideCommits; k++) {
                h.run(() -> {
                    for (int i = 0; i < CELLS; i++) {
                        cells.add(i, 1);
                    }
                });
            }
        }, "wide"));
        long moverSeed = seeds.nextLong();
        threads.add(new Thread(() -> {
            SplittableRandom random = new SplittableRandom(moverSeed);
            for (int m = 0; m < moves; m++) {
                int from = random.nextInt(CELLS);
                int to = (from + 1 + random.nextInt(CELLS - 1)) % CELLS;
                h.run(() -> {
                    long taken = cells.add(from, -1);
                    // Hold the snapshot a while, so that wide commits land in between.
                    long spin = taken;
                    for (int i = 0; i < 20_000; i++) {
                        spin = spin * 6364136223846793005L + 1442695040888963407L;
                    }
                    cells.add(to, 1 + (spin == 42 ? 1 : 0));
                    counter.add(0, 1);
                });
            }
        }, "narrow"));
        Thread reader = new Thread(() -> {
            long[] seen = new long[CELLS];
            while (!done.get()) {
                long inside = h.call(() -> {
                    long s = 0;
                    for (int i = 0; i < CELLS; i++) {
                        s += cells.get(i);
                        for (int spin = 0; spin < 200; spin++) {
                            s += spin == 1_000 ? 1 : 0;
                        }
                    }
                    return s;
                });
                cells.snapshot(0, seen);
                long outside = sum(seen);
                if ((inside - CELLS * OPENING) % CELLS != 0 || (outside - CELLS * OPENING) % CELLS != 0) {
                    failure.compareAndSet(null, new AssertionError("a reader saw part of a wide commit: "
                            + inside + " inside a call, " + outside + " outside"));
                }
            }
        }, "reader");
        for (Thread t : threads) {
            t.setUncaughtExceptionHandler((thread, e) -> failure.compareAndSet(null, e));
            t.start();
        }
        reader.start();
        for (Thread t : threads) {
            t.join(60_000);
        }
        done.set(true);
        reader.join(60_000);

        assertNull(failure.get(), () -> String.valueOf(failure.get()));
        long[] last = new long[CELLS];
        cells.snapshot(0, last);
        assertEquals(CELLS * (OPENING + wideCommits), sum(last), "every wide commit counted, none lost to a move");
        assertEquals(moves, counter.get(0), "every move committed whole");
    }
}

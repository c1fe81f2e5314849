package dev.lockstep.stm.call;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.ReplicaContext;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.stm.TestRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11, progress: a wide read-only call under two writers that commit to the cells it reads
 * in a tight loop must finish. After {@link StmHardener#SERIAL_AFTER_CONFLICTS} conflicts the
 * call closes the {@link CommitGate} and its next attempt runs while the writers are held off.
 *
 * <p>To make every attempt of the reader lose while writers can commit (rather than hope the
 * scheduler makes it lose), the leader waits at its end until the writers committed again. The
 * wait is bounded: while the gate is closed for the reader, the writers cannot commit, and the
 * leader goes on after {@link #FORCE_WAIT_MS}.
 */
class WideReadProgressTest {
    /** A million cells, as the issue asks: one attempt reads them in about a second here. */
    private static final int CELLS = Integer.getInteger("lockstep.progress.cells", 1_000_000);
    /** Low, so that the old engine, which never runs serially, fails in seconds, not minutes. */
    private static final int MAX_CONFLICT_RETRIES = 10;
    private static final long FORCE_WAIT_MS = 2_000;
    private static final long MAX_WRITER_COMMITS = 50_000_000;

    private final StateStore store = Lockstep.inMemoryStore();

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aWideReadUnderTwoWritersFinishesWithBoundedConflicts() throws Exception {
        SplittableRandom seeds = Seeds.random("wide-read");
        LongCells cells = store.longCells("wide", CELLS);
        Hardener writers = Lockstep.builder().name("wide-writers").build();
        CommitGate gate = TestRuntime.engine().commitGate();
        long closesBefore = gate.closes();
        long heldOffBefore = gate.heldOff();
        Hardener reader = Lockstep.builder().name("wide-reader")
                .maxConflictRetries(MAX_CONFLICT_RETRIES)
                .faultHook(new WaitForACommit(writers))
                .build();

        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[2];
        for (int w = 0; w < threads.length; w++) {
            SplittableRandom random = seeds.split();
            threads[w] = new Thread(() -> {
                try {
                    // Transfers keep the total at zero, so a torn snapshot would show in the sum.
                    for (long n = 0; n < MAX_WRITER_COMMITS && !done.get(); n++) {
                        int from = random.nextInt(CELLS);
                        int to = random.nextInt(CELLS);
                        writers.run(() -> {
                            cells.add(from, -1);
                            cells.add(to, 1);
                        });
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "wide-writer-" + w);
            threads[w].start();
        }
        long sum;
        try {
            sum = reader.call(() -> {
                long total = 0;
                for (int i = 0; i < CELLS; i++) {
                    total += cells.get(i);
                }
                return total;
            });
        } finally {
            done.set(true);
            for (Thread t : threads) {
                t.join(TimeUnit.MINUTES.toMillis(1));
            }
        }
        assertNull(failure.get(), "a writer failed");
        assertEquals(0, sum, "the reader saw a torn snapshot");
        long conflicts = reader.stats().conflicts();
        System.out.println("wide-read: reader " + reader.stats() + ", writers " + writers.stats()
                + ", gate closes " + (gate.closes() - closesBefore) + ", held off " + (gate.heldOff() - heldOffBefore));
        assertEquals(1, reader.stats().commits());
        assertTrue(conflicts >= 1, "the writers never made the reader lose: the test checked nothing");
        assertTrue(conflicts <= StmHardener.SERIAL_AFTER_CONFLICTS,
                "the reader lost " + conflicts + " times; serial mode starts after " + StmHardener.SERIAL_AFTER_CONFLICTS);
        assertTrue(gate.closes() - closesBefore >= 1, "the reader never closed the commit gate");
        assertTrue(gate.heldOff() - heldOffBefore >= 1, "no writer was held at the closed gate");
        assertTrue(writers.stats().commits() > 0);
    }

    /** At the end of the reader's leader, waits (bounded) until the writers committed once more. */
    private static final class WaitForACommit implements FaultHook {
        private final Hardener writers;
        private long commitsAtStart;

        WaitForACommit(Hardener writers) {
            this.writers = writers;
        }

        @Override
        public void onReplicaStart(ReplicaContext context) {
            if (context.replica() == 0) {
                commitsAtStart = writers.stats().commits();
            }
        }

        @Override
        public void onReplicaEnd(ReplicaContext context) {
            if (context.replica() != 0) {
                return;
            }
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FORCE_WAIT_MS);
            while (writers.stats().commits() == commitsAtStart && System.nanoTime() - until < 0) {
                Thread.onSpinWait();
                Thread.yield();
            }
        }
    }
}

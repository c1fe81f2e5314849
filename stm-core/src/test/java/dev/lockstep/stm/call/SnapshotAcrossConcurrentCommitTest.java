package dev.lockstep.stm.call;

import dev.lockstep.api.Execution;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.ReplicaContext;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A call whose reads span a concurrent commit never commits or returns a mix of before and
 * after: it is a conflict and runs again (invariant 3, and "a conflict is not a fault"). Each
 * test forces the interleaving: the leader's fault hook, right after the leader read cell
 * {@code A}, commits on another thread a transfer from {@code A} to {@code B} that also reads
 * {@code SUM} (so a stale commit of {@code SUM} would make the pair non-serializable).
 *
 * <p>What catches it: the next read of the attempt finds that a commit applied since its
 * snapshot began and extends the snapshot, which fails because {@code A} changed
 * ({@code Snapshot}); and a writing call's commit validates every read once more after locking
 * its own stripes.
 */
class SnapshotAcrossConcurrentCommitTest {
    private static final int A = 0;
    private static final int B = 8;
    private static final int SUM = 16;
    private static final int SEEN = 24;
    private static final long OPENING = 100;
    private static final long MOVED = 30;

    private StateStore store;
    private LongCells cells;
    private Hardener other;

    @BeforeEach
    void open() {
        store = Lockstep.inMemoryStore();
        cells = store.longCells("cells", 32);
        other = Lockstep.builder().name("concurrent-transfer").execution(Execution.SEQUENTIAL).build();
        other.run(() -> {
            cells.set(A, OPENING);
            cells.set(B, OPENING);
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    /**
     * Commits a transfer from A to B (which also copies SUM into SEEN), on another thread, the
     * first time the leader of attempt 0 has made read number {@code afterRead}.
     */
    private final class TransferDuringLeader implements FaultHook {
        final AtomicInteger transfers = new AtomicInteger();
        private final int afterRead;

        TransferDuringLeader(int afterRead) {
            this.afterRead = afterRead;
        }

        @Override
        public long onRead(ReplicaContext c, long value) {
            if (c.replica() == 0 && c.attempt() == 0 && c.readIndex() == afterRead && transfers.get() == 0) {
                Thread t = new Thread(() -> other.run(() -> {
                    cells.add(A, -MOVED);
                    cells.add(B, MOVED);
                    cells.set(SEEN, cells.get(SUM));
                }), "concurrent-transfer");
                t.start();
                try {
                    t.join(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
                assertFalse(t.isAlive(), "the concurrent transfer did not finish");
                transfers.incrementAndGet();
            }
            return value;
        }
    }

    private static Hardener replayingHardener(FaultHook hook) {
        return Lockstep.builder().execution(Execution.SEQUENTIAL).faultHook(hook).build();
    }

    @Test
    void aReadOnlyCallSpanningAConcurrentCommitIsAConflictNotATornSum() {
        TransferDuringLeader hook = new TransferDuringLeader(0);
        Hardener h = replayingHardener(hook);

        long sum = h.call(() -> cells.get(A) + cells.get(B));

        assertEquals(1, hook.transfers.get(), "the concurrent commit must have happened between the reads");
        assertEquals(2 * OPENING, sum, "the sum of one snapshot, never A before and B after the transfer");
        assertEquals(1, h.stats().conflicts(), h.stats().toString());
        assertEquals(0, h.stats().mismatches(), "a conflict is not a fault: " + h.stats());
    }

    @Test
    void aWritingCallSpanningAConcurrentCommitIsAConflictAndCommitsOneSnapshotsSum() {
        TransferDuringLeader hook = new TransferDuringLeader(0);
        Hardener h = replayingHardener(hook);

        h.run(() -> cells.set(SUM, cells.get(A) + cells.get(B)));

        assertEquals(1, hook.transfers.get(), "the concurrent commit must have happened between the reads");
        assertEquals(2 * OPENING, cells.get(SUM), "the sum of one snapshot");
        assertEquals(OPENING - MOVED, cells.get(A));
        assertEquals(OPENING + MOVED, cells.get(B));
        assertEquals(1, h.stats().conflicts(), h.stats().toString());
        assertEquals(0, h.stats().mismatches(), "a conflict is not a fault: " + h.stats());
    }

    @Test
    void aCommitAfterTheLeadersLastReadStopsAStaleWriteThatWouldBreakSerializability() {
        // The call copies A into SUM; the transfer, committed after the leader read A, changes A
        // and copies SUM into SEEN. Committing SUM = 100 now would fit no serial order: before
        // the transfer, SEEN would be 100; after it, SUM would be 70.
        TransferDuringLeader hook = new TransferDuringLeader(0);
        Hardener h = replayingHardener(hook);

        h.run(() -> cells.set(SUM, cells.get(A)));

        assertEquals(1, hook.transfers.get(), "the concurrent commit must have happened after the read");
        assertEquals(0, cells.get(SEEN), "the transfer ran first");
        assertEquals(OPENING - MOVED, cells.get(SUM), "the call re-ran after the transfer and copied the new A");
        assertEquals(1, h.stats().conflicts(), h.stats().toString());
        assertEquals(0, h.stats().mismatches(), "a conflict is not a fault: " + h.stats());
    }
}

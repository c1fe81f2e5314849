package dev.lockstep.stm.state;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.LockstepException;
import dev.lockstep.api.spi.FaultHook;
import dev.lockstep.api.spi.ReplicaContext;
import dev.lockstep.api.state.LongCells;
import dev.lockstep.api.state.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.multiverse.stms.gamma.transactionalobjects.GammaTxnLong;
import org.multiverse.stms.gamma.transactions.GammaTxn;
import org.multiverse.stms.gamma.transactions.fat.FatVariableLengthGammaTxn;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11, SYNC read-only calls: a commit holds its stripes' Multiverse locks from
 * {@code prepare()} to {@code commit()}, and on a persistent store in SYNC mode that window is
 * mostly the journal's force, before anything is applied. Readers used to lose to every such
 * lock. Here a commit is held right there (prepared, nothing applied), deterministically, with a
 * Multiverse transaction of the runtime, as a writer in its journal force would be.
 */
class LockedStripeReadTest {
    private static final int LOW_RETRIES = 3;

    private final StateStore store = Lockstep.inMemoryStore();
    private LongCells cells;
    private GammaTxn held;

    @BeforeEach
    void fill() {
        cells = store.longCells("locked", 64);
        Lockstep.builder().build().run(() -> {
            for (int i = 0; i < cells.length(); i++) {
                cells.set(i, i);
            }
        });
    }

    @AfterEach
    void release() {
        if (held != null && held.isAlive()) {
            held.abort();
        }
        store.close();
    }

    /** Prepares a commit that writes cell {@code index}'s stripe: it holds the lock, applies nothing. */
    private void holdLockOn(int index) {
        GammaTxnLong stripe = ((StripedCells) cells).stripe(index);
        held = new FatVariableLengthGammaTxn(((StoreBase) store).runtime().txnConfig());
        stripe.set(held, stripe.get(held) + 1);
        held.prepare();
        assertTrue(stripe.hasExclusiveLock());
    }

    @Test
    void aReadOnlyCallReadsPastALockWhoseCommitHasNotApplied() {
        Hardener reader = Lockstep.builder().name("past-lock").maxConflictRetries(LOW_RETRIES).build();
        holdLockOn(0);
        long sum = reader.call(() -> cells.get(0) + cells.get(1) + cells.get(9));
        assertEquals(0 + 1 + 9, sum);
        assertEquals(0, reader.stats().conflicts(), "the reader lost to a commit that changed nothing yet");
        assertEquals(1, reader.stats().commits());
    }

    @Test
    void aWritingCallThatReadPastALockDoesNotCommitOnThatRead() {
        Hardener writer = Lockstep.builder().name("write-after-lock").maxConflictRetries(LOW_RETRIES).build();
        holdLockOn(0);
        LockstepException e = assertThrows(LockstepException.class,
                () -> writer.run(() -> cells.set(20, cells.get(0) + 1)));
        assertEquals(ErrorCode.CONTENTION, e.code());
        assertEquals(LOW_RETRIES + 1, writer.stats().conflicts());
        held.abort();
        assertEquals(20, cells.get(20), "a call committed a write based on a read it never validated");
    }

    @Test
    void aReadPastALockLosesOnceAnotherCommitApplies() {
        Hardener other = Lockstep.builder().name("other-writer").build();
        AtomicBoolean once = new AtomicBoolean();
        // While the reader's leader holds a read past the lock, some commit applies: the reader
        // can no longer tell whether the locked stripe changed, so that attempt must lose.
        FaultHook commitDuringLeader = new FaultHook() {
            @Override
            public void onReplicaEnd(ReplicaContext context) {
                if (context.replica() == 0 && once.compareAndSet(false, true)) {
                    Thread t = new Thread(() -> other.run(() -> cells.add(40, 1)));
                    t.start();
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        Hardener reader = Lockstep.builder().name("past-lock-then-apply").faultHook(commitDuringLeader)
                .maxConflictRetries(LOW_RETRIES).build();
        holdLockOn(0);
        long value = reader.call(() -> cells.get(0));
        assertEquals(0, value);
        assertEquals(1, other.stats().commits());
        assertEquals(1, reader.stats().conflicts(), "the attempt during which a commit applied must lose");
    }
}

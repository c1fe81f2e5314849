package dev.lockstep.stm.state;

import dev.lockstep.api.Hardener;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.state.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.multiverse.stms.gamma.transactionalobjects.GammaTxnLong;
import org.multiverse.stms.gamma.transactions.GammaTxn;
import org.multiverse.stms.gamma.transactions.fat.FatVariableLengthGammaTxn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The snapshot rule on its own, driven step by step from one thread: a read belongs to the
 * snapshot while no commit applies; a commit elsewhere extends it; a commit to a stripe already
 * read makes the next read a conflict; and a writing commit's validation refuses a stripe read
 * that another commit holds, but not one it holds itself.
 */
class SnapshotTest {
    private final StateStore store = Lockstep.inMemoryStore();
    private final StripedCells cells = (StripedCells) store.longCells("snap", 64);
    private final Hardener writer = Lockstep.builder().name("snapshot-writer").build();
    private final StateRuntime runtime = ((StoreBase) store).runtime();
    private final Snapshot snapshot = new Snapshot(runtime.applies());
    private GammaTxn held;

    @AfterEach
    void close() {
        if (held != null && held.isAlive()) {
            held.abort();
        }
        store.close();
    }

    private void commit(int index, long value) {
        writer.run(() -> cells.set(index, value));
    }

    @Test
    void readsWithoutACommitInBetweenComeFromTheSnapshot() {
        commit(0, 7);
        snapshot.begin();
        long stamp = snapshot.stamp();

        assertEquals(7, snapshot.read(cells, 0));
        assertEquals(0, snapshot.read(cells, 9));
        assertEquals(stamp, snapshot.stamp(), "nothing applied: the snapshot did not move");
        assertFalse(snapshot.conflicted());
    }

    @Test
    void aCommitToAStripeNotReadExtendsTheSnapshot() {
        snapshot.begin();
        long stamp = snapshot.stamp();
        assertEquals(0, snapshot.read(cells, 0));

        commit(40, 5);

        assertEquals(5, snapshot.read(cells, 40), "the extended snapshot sees the new commit");
        assertTrue(snapshot.stamp() != stamp, "the snapshot moved to the new state");
        assertTrue(snapshot.validateLocked(new StripeLocks(runtime.txnConfig())));
    }

    @Test
    void aCommitToAStripeReadMakesTheNextReadAConflict() {
        snapshot.begin();
        assertEquals(0, snapshot.read(cells, 0));

        commit(1, 3);   // same stripe as cell 0

        assertSame(Signals.CONFLICT, assertThrows(Signals.Conflict.class, () -> snapshot.read(cells, 40)));
        assertTrue(snapshot.conflicted(), "recorded even if a body swallows the signal");
    }

    @Test
    void aStaleReadFailsTheWritingCommitsValidation() {
        snapshot.begin();
        snapshot.read(cells, 0);
        commit(2, 1);   // same stripe: its version moved after the read

        assertFalse(snapshot.validateLocked(new StripeLocks(runtime.txnConfig())));
    }

    @Test
    void validationRefusesAStripeAnotherCommitHoldsButNotOneItHoldsItself() {
        snapshot.begin();
        snapshot.read(cells, 0);
        GammaTxnLong stripe = cells.stripe(0);
        held = new FatVariableLengthGammaTxn(runtime.txnConfig());
        stripe.set(held, stripe.get(held) + 1);
        held.prepare();

        assertFalse(snapshot.validateLocked(new StripeLocks(runtime.txnConfig())), "held by another commit: write skew");
        held.abort();

        WriteSet writes = new WriteSet();
        writes.put(cells, 1, 42);   // the stripe read
        StripeLocks own = new StripeLocks(runtime.txnConfig());
        GammaTxn prepared = own.prepare(writes, new MapWrites(), snapshot);
        try {
            assertTrue(stripe.hasExclusiveLock());
            assertTrue(own.holds(cells.stripeKey(0)));
            assertTrue(snapshot.validateLocked(own), "held by this commit, at the version read");
        } finally {
            own.end();
        }
        assertFalse(prepared.isAlive(), "ending the commit aborts its transaction");
    }

    @Test
    void absorbingAFollowersReadsFromAnotherStateIsAConflict() {
        snapshot.begin();
        snapshot.read(cells, 0);
        Snapshot follower = new Snapshot(runtime.applies());
        commit(3, 9);   // same stripe as cell 0, after the leader read it
        follower.begin();
        assertEquals(9, follower.read(cells, 3));

        assertThrows(Signals.Conflict.class, () -> snapshot.absorb(follower));
    }
}

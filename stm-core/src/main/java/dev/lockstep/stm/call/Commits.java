package dev.lockstep.stm.call;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;
import dev.lockstep.stm.persist.PersistentStore;
import dev.lockstep.stm.state.Applies;
import dev.lockstep.stm.state.MapWrites;
import dev.lockstep.stm.state.StoreBase;
import dev.lockstep.stm.state.StripedMap;
import dev.lockstep.stm.state.WriteSet;
import org.multiverse.stms.gamma.transactions.GammaTxn;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a commit that touch stores: which persistent store (at most one) a write set
 * goes to, the entries it reserves in maps, its journal record, and applying it to cells and
 * maps, all or nothing.
 *
 * <p><b>Note:</b> stateless and thread-safe; each commit passes its own write set.
 */
final class Commits {
    private Commits() {
    }

    /**
     * Returns the one persistent store the writes touch, or null if none.
     *
     * @throws LockstepException if they touch two: on-disk atomicity is per store
     */
    static PersistentStore persistentStoreOf(WriteSet writes, MapWrites mapWrites) {
        PersistentStore found = null;
        for (int slot = 0; slot < writes.size(); slot++) {
            found = same(found, writes.cellsAt(slot).store());
        }
        for (int slot = 0; slot < mapWrites.size(); slot++) {
            found = same(found, mapWrites.mapAt(slot).store());
        }
        return found;
    }

    private static PersistentStore same(PersistentStore found, StoreBase store) {
        if (!(store instanceof PersistentStore) || store == found) {
            return found;
        }
        if (found != null) {
            throw new LockstepException(ErrorCode.BAD_STORE_USE, "one hardened call wrote to two persistent "
                    + "stores (" + found.dir() + " and " + ((PersistentStore) store).dir() + "); a commit is atomic "
                    + "on disk only within one store. Keep state that changes together in one store. Nothing was committed.");
        }
        return (PersistentStore) store;
    }

    /**
     * Finishes a commit whose transaction is prepared (its stripes locked): reserves the entries
     * it adds to maps, appends its journal record (persistent store), applies it (counted by
     * {@code applies}, so readers past a lock see that an apply ran) and commits
     * the transaction. All or nothing: on failure nothing stays applied and the reservation is
     * given back; the caller aborts the transaction.
     *
     * @param persistent the one persistent store written, or null
     * @throws LockstepException if a map would pass its maxEntries
     *                           ({@link dev.lockstep.api.state.StoreCapacityException}), the
     *                           journal cannot be written, or a map refused a write (undone)
     */
    static void applyPrepared(Applies applies, GammaTxn txn, WriteSet writes, MapWrites mapWrites,
                              PersistentStore persistent) {
        Reservation reserved = reserve(mapWrites);
        try {
            if (persistent == null) {
                apply(applies, writes, mapWrites, null, 0);
                txn.commit();
            } else {
                persistent.applyLock().lock();
                try {
                    apply(applies, writes, mapWrites, persistent, persistent.journalCommit(writes, mapWrites));
                    txn.commit();
                } finally {
                    persistent.applyLock().unlock();
                }
            }
        } catch (RuntimeException | Error e) {
            reserved.release();
            throw e;
        }
        reserved.settle();
        if (persistent != null) {
            persistent.afterCommit();
        }
    }

    /**
     * Reserves, in each map written, the entries the commit adds (puts of absent keys less
     * removals of present ones). Call after {@code prepare()}: the written stripes are locked, so
     * whether each key is present cannot change until the commit ends.
     *
     * @return what to {@link Reservation#settle settle} once applied or
     *         {@link Reservation#release release} if the commit fails
     * @throws dev.lockstep.api.state.StoreCapacityException if a map would pass its maxEntries;
     *         nothing is reserved
     */
    private static Reservation reserve(MapWrites mapWrites) {
        if (mapWrites.size() == 0) {
            return Reservation.NONE;
        }
        List<StripedMap<?, ?>> maps = new ArrayList<>(2);
        int[] deltas = new int[mapWrites.size()];
        for (int slot = 0; slot < mapWrites.size(); slot++) {
            StripedMap<?, ?> map = mapWrites.mapAt(slot);
            int at = maps.indexOf(map);
            if (at < 0) {
                at = maps.size();
                maps.add(map);
            }
            boolean present = map.containsCommitted(mapWrites.keyAt(slot));
            boolean removal = mapWrites.valueAt(slot) == MapWrites.REMOVED;
            deltas[at] += removal ? (present ? -1 : 0) : (present ? 0 : 1);
        }
        Reservation reservation = new Reservation(maps, deltas);
        for (int i = 0; i < maps.size(); i++) {
            if (deltas[i] > 0) {
                try {
                    maps.get(i).limits().reserve(deltas[i]);
                } catch (RuntimeException e) {
                    reservation.releaseFirst(i);
                    throw e;
                }
            }
        }
        return reservation;
    }

    /** Applies the write set, counted by {@code applies} (see {@link #apply(WriteSet, MapWrites, PersistentStore, long)}). */
    private static void apply(Applies applies, WriteSet writes, MapWrites mapWrites, PersistentStore store,
                              long commitId) {
        applies.begin();
        try {
            apply(writes, mapWrites, store, commitId);
        } finally {
            applies.end();
        }
    }

    /**
     * Applies the write set: maps first (removals, then puts, so a map never holds more than its
     * reserved count), then cells, which cannot fail. If Chronicle Map refuses a write anyway,
     * what was applied is undone, a persistent store's record is cancelled in its journal, and
     * the commit fails with {@link ErrorCode#STORE_CAPACITY}.
     *
     * @param store    the persistent store written, or null
     * @param commitId its record's id, if {@code store} is not null
     */
    private static void apply(WriteSet writes, MapWrites mapWrites, PersistentStore store, long commitId) {
        if (mapWrites.size() > 0) {
            applyMaps(mapWrites, store, commitId);
        }
        for (int slot = 0; slot < writes.size(); slot++) {
            writes.cellsAt(slot).applyCommitted(writes.indexAt(slot), writes.valueAt(slot));
        }
    }

    private static void applyMaps(MapWrites mapWrites, PersistentStore store, long commitId) {
        int size = mapWrites.size();
        Object[] previous = new Object[size];
        int[] applied = new int[size];
        int done = 0;
        int applying = 0;
        try {
            for (int pass = 0; pass < 2; pass++) {
                for (int slot = 0; slot < size; slot++) {
                    Object value = mapWrites.valueAt(slot);
                    boolean removal = value == MapWrites.REMOVED;
                    if (removal != (pass == 0)) {
                        continue;
                    }
                    applying = slot;
                    StripedMap<?, ?> map = mapWrites.mapAt(slot);
                    Object key = mapWrites.keyAt(slot);
                    previous[slot] = removal ? map.applyRemove(key) : map.applyPut(key, value);
                    applied[done++] = slot;
                }
            }
        } catch (RuntimeException | AssertionError refused) {
            StripedMap<?, ?> failed = mapWrites.mapAt(applying);
            LockstepException error = new LockstepException(ErrorCode.STORE_CAPACITY, "map '" + failed.name()
                    + "' refused a write within its limits (" + failed.limits().options() + "): " + refused
                    + ". The commit was undone: nothing of the call was committed and the store stays usable. "
                    + "Create the map with averageKeyBytes and averageValueBytes closer to the real sizes.", refused);
            undo(mapWrites, previous, applied, done, error);
            if (store != null) {
                store.journalCancel(commitId);
            }
            throw error;
        }
    }

    /** Restores the previous values of the applied slots, newest first. */
    private static void undo(MapWrites mapWrites, Object[] previous, int[] applied, int done, LockstepException error) {
        for (int i = done - 1; i >= 0; i--) {
            int slot = applied[i];
            StripedMap<?, ?> map = mapWrites.mapAt(slot);
            try {
                if (previous[slot] == null) {
                    map.applyRemove(mapWrites.keyAt(slot));
                } else {
                    map.applyPut(mapWrites.keyAt(slot), previous[slot]);
                }
            } catch (RuntimeException | AssertionError e) {
                error.addSuppressed(e);
            }
        }
    }

    /**
     * The entries a commit reserved per map.
     *
     * <p><b>Note:</b> not thread-safe; owned by one commit.
     */
    static final class Reservation {
        static final Reservation NONE = new Reservation(List.of(), new int[0]);

        private final List<StripedMap<?, ?>> maps;
        private final int[] deltas;

        private Reservation(List<StripedMap<?, ?>> maps, int[] deltas) {
            this.maps = maps;
            this.deltas = deltas;
        }

        /** The commit applied: removals give their entries back (additions were reserved). */
        void settle() {
            for (int i = 0; i < maps.size(); i++) {
                if (deltas[i] < 0) {
                    maps.get(i).limits().release(-deltas[i]);
                }
            }
        }

        /** The commit failed: gives back what it reserved. */
        void release() {
            releaseFirst(maps.size());
        }

        private void releaseFirst(int count) {
            for (int i = 0; i < count; i++) {
                if (deltas[i] > 0) {
                    maps.get(i).limits().release(deltas[i]);
                }
            }
        }
    }
}

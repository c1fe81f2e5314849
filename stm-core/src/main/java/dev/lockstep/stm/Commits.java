package dev.lockstep.stm;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The parts of a commit that touch stores: which persistent store (at most one) a write set
 * goes to, its journal record, and applying it to cells and maps.
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

    /** Appends the write set to the store's journal, before any data file changes. */
    static void journal(PersistentStore store, WriteSet writes, MapWrites mapWrites) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 24 * writes.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(writes.size() + mapWrites.size());
            for (int slot = 0; slot < writes.size(); slot++) {
                out.writeByte(PersistentStore.CELL);
                out.writeUTF(writes.cellsAt(slot).name());
                out.writeInt(writes.indexAt(slot));
                out.writeLong(writes.valueAt(slot));
            }
            for (int slot = 0; slot < mapWrites.size(); slot++) {
                StripedMap<?, ?> map = mapWrites.mapAt(slot);
                Object value = mapWrites.valueAt(slot);
                out.writeByte(value == MapWrites.REMOVED ? PersistentStore.REMOVE : PersistentStore.PUT);
                out.writeUTF(map.name());
                map.keyCodec().write(out, mapWrites.keyAt(slot));
                if (value != MapWrites.REMOVED) {
                    map.valueCodec().write(out, value);
                }
            }
        } catch (IOException impossible) {
            throw new AssertionError(impossible);
        }
        try {
            store.journal().append(bytes.toByteArray());
        } catch (IOException e) {
            throw new LockstepException(ErrorCode.BAD_STORE_USE, "cannot write the journal of " + store.dir()
                    + ": " + e.getMessage() + ". Nothing was committed.", e);
        }
    }

    static void apply(WriteSet writes, MapWrites mapWrites) {
        for (int slot = 0; slot < writes.size(); slot++) {
            writes.cellsAt(slot).applyCommitted(writes.indexAt(slot), writes.valueAt(slot));
        }
        for (int slot = 0; slot < mapWrites.size(); slot++) {
            StripedMap<?, ?> map = mapWrites.mapAt(slot);
            Object value = mapWrites.valueAt(slot);
            if (value == MapWrites.REMOVED) {
                map.applyRemove(mapWrites.keyAt(slot));
            } else {
                map.applyPut(mapWrites.keyAt(slot), value);
            }
        }
    }
}

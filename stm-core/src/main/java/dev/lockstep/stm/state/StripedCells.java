package dev.lockstep.stm.state;

import dev.lockstep.api.state.LongCells;
import org.multiverse.stms.gamma.GammaStm;
import org.multiverse.stms.gamma.transactionalobjects.GammaTxnLong;

import java.util.Objects;

/**
 * {@link LongCells} on off-heap memory, each stripe guarded by a Multiverse version
 * (see {@link Stripes}). Inside a hardened call every access goes through the running replica's
 * {@link StateAccess}; outside, reads are seqlock reads of committed state. Internal to the
 * engine; not an API.
 *
 * <p><b>Note:</b> thread-safe.
 */
public final class StripedCells implements LongCells {
    private final StoreBase store;
    private final int id;
    private final String name;
    private final OffHeap memory;
    private final GammaTxnLong[] stripes;
    /**
     * The version of the cells object as a whole. A commit that writes more than
     * {@link Stripes#ESCALATE_AFTER} of its stripes raises this one instead of each of them
     * ({@link StripeLocks}), so every reader of a cell also checks it.
     */
    private final GammaTxnLong whole;

    StripedCells(StoreBase store, GammaStm stm, int id, String name, OffHeap memory) {
        this.store = store;
        this.id = id;
        this.name = name;
        this.memory = memory;
        this.stripes = new GammaTxnLong[Stripes.count(memory.cells())];
        this.whole = new GammaTxnLong(stm, 0);
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new GammaTxnLong(stm, 0);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int length() {
        return memory.cells();
    }

    @Override
    public long get(int index) {
        Objects.checkIndex(index, length());
        store.checkOpen();
        StateAccess call = store.runtime().activeCall();
        return call != null ? call.read(this, index) : committed(index);
    }

    @Override
    public void set(int index, long value) {
        Objects.checkIndex(index, length());
        store.checkOpen();
        store.runtime().requireCall("LongCells.set", "cells", name).write(this, index, value);
    }

    @Override
    public long add(int index, long delta) {
        Objects.checkIndex(index, length());
        store.checkOpen();
        StateAccess call = store.runtime().requireCall("LongCells.add", "cells", name);
        long value = call.read(this, index) + delta;
        call.write(this, index, value);
        return value;
    }

    @Override
    public void snapshot(int fromIndex, long[] into) {
        Objects.requireNonNull(into, "into");
        Objects.checkFromIndexSize(fromIndex, into.length, length());
        store.checkOpen();
        StateAccess call = store.runtime().activeCall();
        if (call != null) {
            for (int i = 0; i < into.length; i++) {
                into[i] = call.read(this, fromIndex + i);
            }
        } else {
            committed(fromIndex, into);
        }
    }

    /** The last committed value of one cell. */
    private long committed(int index) {
        GammaTxnLong stripe = stripe(index);
        for (int spins = 0; ; spins++) {
            long wholeVersion = whole.atomicWeakGet();
            long version = stripe.atomicWeakGet();
            long value = memory.getVolatile(index);
            if (Stripes.unchanged(stripe, version) && Stripes.unchanged(whole, wholeVersion)) {
                return value;
            }
            Stripes.pause(spins);
        }
    }

    /** The last committed values of a range: all stripes unchanged across the whole copy. */
    private void committed(int fromIndex, long[] into) {
        if (into.length == 0) {
            return;
        }
        int first = Stripes.of(fromIndex);
        int last = Stripes.of(fromIndex + into.length - 1);
        long[] versions = new long[last - first + 1];
        for (int spins = 0; ; spins++) {
            long wholeVersion = whole.atomicWeakGet();
            for (int s = first; s <= last; s++) {
                versions[s - first] = stripes[s].atomicWeakGet();
            }
            for (int i = 0; i < into.length; i++) {
                into[i] = memory.getVolatile(fromIndex + i);
            }
            boolean unchanged = Stripes.unchanged(whole, wholeVersion);
            for (int s = first; s <= last && unchanged; s++) {
                unchanged = Stripes.unchanged(stripes[s], versions[s - first]);
            }
            if (unchanged) {
                return;
            }
            Stripes.pause(spins);
        }
    }

    GammaTxnLong stripe(int index) {
        return stripes[Stripes.of(index)];
    }

    /** The version of the whole cells object (see {@link #whole}). */
    GammaTxnLong whole() {
        return whole;
    }

    /** The key of {@link #whole()} in sets of stripes; no stripe has it. */
    long wholeKey() {
        return ((long) id << 32) | 0xFFFF_FFFFL;
    }

    /** A key unique per stripe across all cells: for sets of stripes. */
    long stripeKey(int index) {
        return ((long) id << 32) | Stripes.of(index);
    }

    /** A key unique per cell across all cells in this JVM. */
    long location(int index) {
        return ((long) id << 32) | index;
    }

    static int indexOf(long location) {
        return (int) location;
    }

    long readMemory(int index) {
        return memory.getVolatile(index);
    }

    public void applyCommitted(int index, long value) {
        memory.putRelease(index, value);
    }

    public StoreBase store() {
        return store;
    }

    public String describe(int index) {
        return name + "[" + index + "]";
    }

    @Override
    public String toString() {
        return "LongCells{name=" + name + ", length=" + length() + '}';
    }
}

package dev.lockstep.stm.state;

import java.util.List;

/**
 * How the replica running on the calling thread reads and writes state: inside a hardened call,
 * {@link StripedCells} and {@link StripedMap} hand every access to it. The call room implements
 * it (a replica reads its own writes, then the attempt's {@link Snapshot}, and buffers its
 * writes in its {@link WriteSet} and {@link MapWrites}). Internal to the engine; not an API.
 *
 * <p><b>Note:</b> confined to the thread of the replica it serves.
 */
public abstract class StateAccess {
    /** For the call room's context, the one implementation. */
    protected StateAccess() {
    }

    /** The value of cell {@code index}, as this replica sees it. */
    protected abstract long read(StripedCells cells, int index);

    /** Buffers a write of cell {@code index}. */
    protected abstract void write(StripedCells cells, int index, long value);

    /** The value of {@code key}, as this replica sees it: a copy the caller may keep, or null. */
    protected abstract Object mapGet(StripedMap<?, ?> map, Object key);

    /** Buffers a put; returns the previous value, as this replica sees it. */
    protected abstract Object mapPut(StripedMap<?, ?> map, Object key, Object value);

    /** Buffers a removal; returns the previous value, as this replica sees it. */
    protected abstract Object mapRemove(StripedMap<?, ?> map, Object key);

    /** Every key of {@code map}, as this replica sees it. */
    protected abstract List<Object> mapKeys(StripedMap<?, ?> map);
}

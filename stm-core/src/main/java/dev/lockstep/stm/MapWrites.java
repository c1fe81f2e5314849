package dev.lockstep.stm;

import java.util.ArrayList;
import java.util.List;

/**
 * One replica's buffered map writes, in first-write order, one entry per (map, key); a removed
 * key holds {@link #REMOVED}. Small by nature, so searched linearly with the codec's equality
 * ({@code byte[]} keys compare by content).
 *
 * <p><b>Note:</b> not thread-safe; owned by one replica of one call.
 */
final class MapWrites {
    /** The value of a removed key. */
    static final Object REMOVED = new Object();
    /** What {@link #lookup} returns for a key this replica did not write. */
    static final Object UNWRITTEN = new Object();

    private final List<StripedMap<?, ?>> maps = new ArrayList<>();
    private final List<Object> keys = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    int size() {
        return keys.size();
    }

    int slotOf(StripedMap<?, ?> map, Object key) {
        for (int i = 0; i < keys.size(); i++) {
            if (maps.get(i) == map && map.keyCodec().same(keys.get(i), key)) {
                return i;
            }
        }
        return -1;
    }

    Object lookup(StripedMap<?, ?> map, Object key) {
        int slot = slotOf(map, key);
        return slot < 0 ? UNWRITTEN : values.get(slot);
    }

    void put(StripedMap<?, ?> map, Object key, Object value) {
        int slot = slotOf(map, key);
        if (slot >= 0) {
            values.set(slot, value);
        } else {
            maps.add(map);
            keys.add(map.keyCodec().copy(key));
            values.add(value);
        }
    }

    StripedMap<?, ?> mapAt(int slot) {
        return maps.get(slot);
    }

    Object keyAt(int slot) {
        return keys.get(slot);
    }

    Object valueAt(int slot) {
        return values.get(slot);
    }

    void clear() {
        maps.clear();
        keys.clear();
        values.clear();
    }
}

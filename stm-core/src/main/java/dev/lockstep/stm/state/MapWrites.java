package dev.lockstep.stm.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One replica's buffered map writes, in first-write order, one entry per (map, key); a removed
 * key holds {@link #REMOVED}. An open-addressing index (hash of map and key, equality by the
 * key's codec, so {@code byte[]} keys compare by content) finds a slot in O(1), so a call making
 * many puts stays linear.
 * Internal to the engine; not an API.
 *
 * <p><b>Note:</b> not thread-safe; owned by one replica of one call.
 */
public final class MapWrites {
    /** The value of a removed key. */
    public static final Object REMOVED = new Object();
    /** What {@link #lookup} returns for a key this replica did not write. */
    public static final Object UNWRITTEN = new Object();
    private static final int INITIAL_TABLE = 64;

    private final List<StripedMap<?, ?>> maps = new ArrayList<>();
    private final List<Object> keys = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();
    /** Slot + 1 per position, 0 for free; at most half full. */
    private int[] table = new int[INITIAL_TABLE];
    /** The number of writes, kept apart from the lists: most calls ask only whether there are any. */
    private int size;

    public int size() {
        return size;
    }

    int slotOf(StripedMap<?, ?> map, Object key) {
        if (size == 0) {
            return -1;
        }
        int mask = table.length - 1;
        for (int at = hash(map, key) & mask; ; at = (at + 1) & mask) {
            int slot = table[at] - 1;
            if (slot < 0) {
                return -1;
            }
            if (maps.get(slot) == map && map.keyCodec().same(keys.get(slot), key)) {
                return slot;
            }
        }
    }

    public Object lookup(StripedMap<?, ?> map, Object key) {
        int slot = slotOf(map, key);
        return slot < 0 ? UNWRITTEN : values.get(slot);
    }

    public void put(StripedMap<?, ?> map, Object key, Object value) {
        int slot = slotOf(map, key);
        if (slot >= 0) {
            values.set(slot, value);
            return;
        }
        maps.add(map);
        keys.add(map.keyCodec().copy(key));
        values.add(value);
        size++;
        if (2 * keys.size() > table.length) {
            table = new int[table.length * 2];
            for (int s = 0; s < keys.size(); s++) {
                index(s);
            }
        } else {
            index(keys.size() - 1);
        }
    }

    private void index(int slot) {
        int mask = table.length - 1;
        int at = hash(maps.get(slot), keys.get(slot)) & mask;
        while (table[at] != 0) {
            at = (at + 1) & mask;
        }
        table[at] = slot + 1;
    }

    private static int hash(StripedMap<?, ?> map, Object key) {
        int h = (map.keyCodec().hash(key) * 31 + System.identityHashCode(map)) * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    public StripedMap<?, ?> mapAt(int slot) {
        return maps.get(slot);
    }

    public Object keyAt(int slot) {
        return keys.get(slot);
    }

    public Object valueAt(int slot) {
        return values.get(slot);
    }

    public void clear() {
        if (size == 0) {
            return;
        }
        size = 0;
        if (table.length > 8 * INITIAL_TABLE && 8 * keys.size() < table.length) {
            table = new int[INITIAL_TABLE];
        } else {
            Arrays.fill(table, 0);
        }
        maps.clear();
        keys.clear();
        values.clear();
    }
}

package dev.lockstep.stm.call;

import dev.lockstep.stm.state.MapWrites;
import dev.lockstep.stm.state.StripedMap;

import java.util.ArrayList;
import java.util.List;

/**
 * The running replica's accesses to maps: a key it wrote reads its own write (or its removal),
 * any other key reads the attempt's snapshot; puts and removals go to its map writes. Every value
 * handed out or buffered is the codec's copy, so a body that changes a {@code byte[]} it got or
 * put changes nothing another replica sees.
 *
 * <p><b>Note:</b> stateless; each access runs on the thread of the context it is given.
 */
final class MapAccesses {
    private MapAccesses() {
    }

    static Object get(CallContext call, StripedMap<?, ?> map, Object key) {
        call.watchdog().tick();
        ReplicaState r = call.running();
        Object own = r.mapWrites.lookup(map, key);
        Object value;
        if (own != MapWrites.UNWRITTEN) {
            value = own == MapWrites.REMOVED ? null : own;
        } else {
            value = call.snapshot().read(map, key);
        }
        r.reads++;
        return map.valueCodec().copy(value);
    }

    static Object put(CallContext call, StripedMap<?, ?> map, Object key, Object value) {
        Object previous = get(call, map, key);
        ReplicaState r = call.running();
        r.mapWrites.put(map, key, map.valueCodec().copy(value));
        r.writeCount++;
        return previous;
    }

    static Object remove(CallContext call, StripedMap<?, ?> map, Object key) {
        Object previous = get(call, map, key);
        if (previous != null) {
            ReplicaState r = call.running();
            r.mapWrites.put(map, key, MapWrites.REMOVED);
            r.writeCount++;
        }
        return previous;
    }

    /** Every key of the map in this replica's view: the snapshot's keys, then its own writes. */
    static List<Object> keys(CallContext call, StripedMap<?, ?> map) {
        call.watchdog().tick();
        ReplicaState r = call.running();
        List<Object> keys = call.snapshot().keys(map);
        r.reads++;
        return ownView(map, keys, r.mapWrites);
    }

    /** The snapshot's keys the replica did not write, then those it put: O(keys + own writes). */
    private static List<Object> ownView(StripedMap<?, ?> map, List<Object> keys, MapWrites own) {
        if (own.size() == 0) {
            return keys;
        }
        List<Object> view = new ArrayList<>(keys.size() + own.size());
        for (Object key : keys) {
            if (own.lookup(map, key) == MapWrites.UNWRITTEN) {
                view.add(key);
            }
        }
        for (int slot = 0; slot < own.size(); slot++) {
            if (own.mapAt(slot) == map && own.valueAt(slot) != MapWrites.REMOVED) {
                view.add(map.keyCodec().copy(own.keyAt(slot)));
            }
        }
        return view;
    }
}

package dev.lockstep.stm.state;

import dev.lockstep.api.state.MapOptions;
import dev.lockstep.api.state.TxMap;
import net.openhft.chronicle.map.ChronicleMap;
import org.multiverse.stms.gamma.GammaStm;
import org.multiverse.stms.gamma.transactionalobjects.GammaTxnLong;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link TxMap} on a Chronicle Map, with each key's hash stripe guarded by a Multiverse version
 * (the protocol of {@link Stripes}). Committed state lives in the Chronicle Map; inside a
 * hardened call every access goes through the running replica's {@link StateAccess}.
 * Internal to the engine; not an API.
 *
 * <p><b>Note:</b> thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class StripedMap<K, V> implements TxMap<K, V> {
    static final int STRIPES = 64;

    private final StoreBase store;
    private final int id;
    private final String name;
    private final Codec keyCodec;
    private final Codec valueCodec;
    private final ChronicleMap<Object, Object> committed;
    private final MapLimits limits;
    private final GammaTxnLong[] stripes = new GammaTxnLong[STRIPES];

    StripedMap(StoreBase store, GammaStm stm, int id, String name, Codec keyCodec, Codec valueCodec,
               ChronicleMap<Object, Object> committed, MapOptions options) {
        this.store = store;
        this.id = id;
        this.name = name;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
        this.committed = committed;
        this.limits = new MapLimits(name, keyCodec, valueCodec, options);
        limits.recount(committed.size());
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new GammaTxnLong(stm, 0);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(K key) {
        Objects.requireNonNull(key, "key");
        store.checkOpen();
        StateAccess call = store.runtime().activeCall();
        return (V) (call != null ? call.mapGet(this, key) : committedGet(key));
    }

    @Override
    public boolean containsKey(K key) {
        return get(key) != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V put(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        store.checkOpen();
        StateAccess call = store.runtime().requireCall("TxMap.put", "map", name);
        limits.checkPut(key, value);
        return (V) call.mapPut(this, key, value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V remove(K key) {
        Objects.requireNonNull(key, "key");
        store.checkOpen();
        return (V) store.runtime().requireCall("TxMap.remove", "map", name).mapRemove(this, key);
    }

    @Override
    public int size() {
        return keys().size();
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<K> keys() {
        store.checkOpen();
        StateAccess call = store.runtime().activeCall();
        return (List<K>) (call != null ? call.mapKeys(this) : committedKeys());
    }

    // ---- committed state, for reads outside a call and for the engine ----

    private Object committedGet(Object key) {
        GammaTxnLong stripe = stripe(key);
        for (int spins = 0; ; spins++) {
            long version = stripe.atomicWeakGet();
            Object value = readCommitted(key);
            if (Stripes.unchanged(stripe, version)) {
                return valueCodec.copy(value);
            }
            Stripes.pause(spins);
        }
    }

    private List<Object> committedKeys() {
        long[] versions = new long[STRIPES];
        for (int spins = 0; ; spins++) {
            for (int s = 0; s < STRIPES; s++) {
                versions[s] = stripes[s].atomicWeakGet();
            }
            List<Object> keys = readKeys();
            if (allUnchanged(versions)) {
                return keys;
            }
            Stripes.pause(spins);
        }
    }

    /** The committed keys now; the caller validates the stripes around it. */
    List<Object> readKeys() {
        store.enter();
        try {
            List<Object> keys = new ArrayList<>(committed.size());
            for (Object key : committed.keySet()) {
                keys.add(keyCodec.copy(key));
            }
            return keys;
        } finally {
            store.leave();
        }
    }

    boolean allUnchanged(long[] versions) {
        for (int s = 0; s < STRIPES; s++) {
            if (!Stripes.unchanged(stripes[s], versions[s])) {
                return false;
            }
        }
        return true;
    }

    /** Inside the store's gate: closing the store frees the Chronicle Map's memory. */
    Object readCommitted(Object key) {
        store.enter();
        try {
            return committed.get(key);
        } finally {
            store.leave();
        }
    }

    public boolean containsCommitted(Object key) {
        return committed.containsKey(key);
    }

    /** Puts a committed value; returns the previous one, or null. */
    public Object applyPut(Object key, Object value) {
        return committed.put(key, value);
    }

    /** Removes a committed key; returns the previous value, or null. */
    public Object applyRemove(Object key) {
        return committed.remove(key);
    }

    public MapLimits limits() {
        return limits;
    }

    /** Sets the entry count from the committed map, once no commit is in progress (after replay). */
    public void recount() {
        limits.recount(committed.size());
    }

    public void closeCommitted() {
        committed.close();
    }

    int stripeIndex(Object key) {
        int hash = keyCodec.hash(key);
        return (hash ^ (hash >>> 16)) & (STRIPES - 1);
    }

    GammaTxnLong stripe(Object key) {
        return stripes[stripeIndex(key)];
    }

    GammaTxnLong stripeAt(int index) {
        return stripes[index];
    }

    long stripeKey(int stripeIndex) {
        return ((long) id << 32) | stripeIndex;
    }

    public Codec keyCodec() {
        return keyCodec;
    }

    public Codec valueCodec() {
        return valueCodec;
    }

    public StoreBase store() {
        return store;
    }

    public String describe(Object key) {
        return "map '" + name + "'[" + keyCodec.describe(key) + "]";
    }

    @Override
    public String toString() {
        return "TxMap{name=" + name + ", " + keyCodec.type.getSimpleName() + " -> " + valueCodec.type.getSimpleName() + '}';
    }
}

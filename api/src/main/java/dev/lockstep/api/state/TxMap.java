package dev.lockstep.api.state;

import java.util.List;

/**
 * A map in a {@link StateStore}, with the same transactional rules as {@link LongCells}: inside
 * a hardened call, reads see the call's snapshot and writes go to the replica's write set;
 * outside, reads see the last committed state and writes throw {@link IllegalStateException}.
 * Keys and values are {@code String}, {@code Long}, {@code Integer} or {@code byte[]}; nulls are
 * not allowed. A {@code byte[]} is copied in and out, and compared by content.
 *
 * <p><b>Note:</b> thread-safe; concurrent hardened calls over the same map are serializable.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface TxMap<K, V> {

    /**
     * Returns the map's name.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the value of a key.
     *
     * @param key the key
     * @return the value, or null if absent
     * @throws NullPointerException if {@code key} is null
     */
    V get(K key);

    /**
     * Whether the key is present.
     *
     * @param key the key
     * @return true if present
     * @throws NullPointerException if {@code key} is null
     */
    boolean containsKey(K key);

    /**
     * Sets a key's value, in the current replica's write set.
     *
     * @param key   the key
     * @param value the value
     * @return the previous value, or null
     * @throws IllegalStateException  if called outside a hardened call
     * @throws NullPointerException   if {@code key} or {@code value} is null
     * @throws StoreCapacityException if the key or the value is larger than the map's
     *                                {@link MapOptions#maxKeyBytes(int) maxKeyBytes} or
     *                                {@link MapOptions#maxValueBytes(int) maxValueBytes}; the
     *                                write set is unchanged. (A map past its
     *                                {@code maxEntries} is found at commit: the call then commits
     *                                nothing and throws it.)
     */
    V put(K key, V value);

    /**
     * Removes a key, in the current replica's write set.
     *
     * @param key the key
     * @return the previous value, or null
     * @throws IllegalStateException if called outside a hardened call
     * @throws NullPointerException  if {@code key} is null
     */
    V remove(K key);

    /**
     * Returns the number of keys.
     *
     * @return the size in the snapshot (inside a call) or in committed state (outside)
     */
    int size();

    /**
     * Returns every key, as one snapshot.
     *
     * @return a new list, in no particular order
     */
    List<K> keys();
}

package dev.lockstep.examples.kv;

import dev.lockstep.api.Hardened;
import dev.lockstep.api.Lockstep;
import dev.lockstep.api.state.MapOptions;
import dev.lockstep.api.state.StateStore;
import dev.lockstep.api.state.TxMap;

import java.nio.file.Path;
import java.util.List;

/**
 * A persistent key-value store: string keys, byte values, in a directory that survives
 * restarts and crashes. Every operation is a hardened call on the hardener named {@code "kv"}.
 *
 * <p><b>Note:</b> thread-safe; one process at a time may open a directory.
 */
public final class KvService implements AutoCloseable {
    private final StateStore store;
    private final TxMap<String, byte[]> entries;

    /**
     * Opens (or creates) the store in {@code dir}.
     *
     * @param dir the directory
     */
    public KvService(Path dir) {
        // tag::persistent[]
        this.store = Lockstep.persistentStore(dir);          // SYNC: the journal is forced before a call returns
        this.entries = store.map("kv", String.class, byte[].class,   // 100,000 entries, values up to 1 MiB
                MapOptions.entries(100_000).averageValueBytes(256).maxValueBytes(1 << 20));
        // end::persistent[]
    }

    /**
     * Sets a key.
     *
     * @param key   the key
     * @param value the value
     * @return the previous value, or null
     */
    @Hardened("kv")
    public byte[] put(String key, byte[] value) {
        return entries.put(key, value);
    }

    /**
     * Reads a key.
     *
     * @param key the key
     * @return the value, or null
     */
    @Hardened("kv")
    public byte[] get(String key) {
        return entries.get(key);
    }

    /**
     * Removes a key.
     *
     * @param key the key
     * @return the removed value, or null
     */
    @Hardened("kv")
    public byte[] remove(String key) {
        return entries.remove(key);
    }

    /**
     * Lists the keys, sorted.
     *
     * @return the keys
     */
    @Hardened("kv")
    public List<String> list() {
        return entries.keys().stream().sorted().toList();
    }

    @Override
    public void close() {
        store.close();
    }
}

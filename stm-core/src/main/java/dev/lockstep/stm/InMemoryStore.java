package dev.lockstep.stm;

import dev.lockstep.api.state.MapOptions;

/**
 * A store whose cells live off-heap and whose maps are in-memory Chronicle Maps, in this
 * process only.
 *
 * <p><b>Note:</b> thread-safe.
 */
final class InMemoryStore extends StoreBase {

    InMemoryStore(StmProvider runtime) {
        super(runtime);
    }

    @Override
    StripedCells newCells(String name, int length) {
        return runtime().newCells(this, name, new OffHeap(name, length));
    }

    @Override
    StripedMap<?, ?> newMap(String name, Codec key, Codec value, MapOptions options) {
        return runtime().newMap(this, name, key, value, MapFiles.inMemory(name, key, value, options));
    }

    @Override
    String describe() {
        return "this in-memory store";
    }

    @Override
    void release() {
        for (StripedMap<?, ?> map : allMaps()) {
            map.closeCommitted();
        }
    }
}

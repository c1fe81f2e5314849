package dev.lockstep.stm.state;

import dev.lockstep.api.state.MapOptions;

/**
 * A store whose cells live off-heap and whose maps are in-memory Chronicle Maps, in this
 * process only.
 * Internal to the engine; not an API.
 *
 * <p><b>Note:</b> thread-safe.
 */
public final class InMemoryStore extends StoreBase {

    public InMemoryStore(StateRuntime runtime) {
        super(runtime);
    }

    @Override
    protected StripedCells newCells(String name, int length) {
        return cellsOn(name, new OffHeap(name, length));
    }

    @Override
    protected StripedMap<?, ?> newMap(String name, Codec key, Codec value, MapOptions options) {
        return mapOn(name, key, value, MapSizing.builder(name, key, value, options).create(), options);
    }

    @Override
    protected String describe() {
        return "this in-memory store";
    }

    @Override
    protected void release() {
        for (StripedMap<?, ?> map : allMaps()) {
            map.closeCommitted();
        }
    }
}

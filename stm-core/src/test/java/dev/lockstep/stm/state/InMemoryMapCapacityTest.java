package dev.lockstep.stm.state;

import dev.lockstep.api.Lockstep;
import dev.lockstep.api.state.StateStore;

/** The {@link MapCapacityContract} for in-memory stores. */
class InMemoryMapCapacityTest extends MapCapacityContract {
    @Override
    protected StateStore open() {
        return Lockstep.inMemoryStore();
    }

    @Override
    protected StateStore reopen(StateStore current) {
        return current;
    }
}

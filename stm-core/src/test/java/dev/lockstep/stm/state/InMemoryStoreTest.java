package dev.lockstep.stm.state;

import dev.lockstep.api.Lockstep;
import dev.lockstep.api.state.StateStore;

/** The {@link StateStoreContract} for {@link Lockstep#inMemoryStore()}. */
class InMemoryStoreTest extends StateStoreContract {
    @Override
    protected StateStore open() {
        return Lockstep.inMemoryStore();
    }
}

/**
 * The state room: where committed state lives and how a replica reads and writes it. Cells are
 * off-heap memory ({@link dev.lockstep.stm.state.OffHeap}) and maps are Chronicle Maps, each
 * stripe guarded by a Multiverse version ({@link dev.lockstep.stm.state.Stripes}). Inside a call,
 * {@link dev.lockstep.stm.state.StripedCells} and {@link dev.lockstep.stm.state.StripedMap} hand
 * every access to the running replica's {@link dev.lockstep.stm.state.StateAccess}, which reads
 * the attempt's {@link dev.lockstep.stm.state.Snapshot} (recording the read set) and buffers
 * writes in its {@link dev.lockstep.stm.state.WriteSet} and
 * {@link dev.lockstep.stm.state.MapWrites}; at commit, {@link dev.lockstep.stm.state.StripeLocks}
 * locks the written stripes and validates the read set, and {@link dev.lockstep.stm.state.Applies}
 * counts the apply that snapshots watch for. Stores ({@link dev.lockstep.stm.state.StoreBase},
 * {@link dev.lockstep.stm.state.InMemoryStore}) hold cells and maps by name. The room depends on
 * no other room: the call room plugs in through {@link dev.lockstep.stm.state.StateRuntime} and
 * {@code StateAccess}.
 */
package dev.lockstep.stm.state;

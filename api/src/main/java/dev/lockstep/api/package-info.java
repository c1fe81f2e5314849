/**
 * Harden critical methods against silent data corruption.
 *
 * <p>Build a {@link dev.lockstep.api.Hardener} with {@link dev.lockstep.api.Lockstep#builder()},
 * keep the state a call changes in a {@link dev.lockstep.api.state.StateStore}, and run the
 * critical code through {@link dev.lockstep.api.Hardener#call}. Each call runs as two (or three)
 * replicas inside one transaction; only what the replicas agree on is committed.
 */
package dev.lockstep.api;

/**
 * The call room: one hardened call, from its first attempt to its commit. A hardener
 * ({@link dev.lockstep.stm.call.StmHardener}) takes the calling thread's {@code CallContext}
 * from the {@link dev.lockstep.stm.call.Engine} and loops over attempts: it begins one on a
 * snapshot, runs the leader and the later replicas (in sequence, or on replica threads through
 * {@code ParallelExecution} and {@code ParallelTeam}), with {@code Nondet} values logged by the
 * leader and replayed to the others ({@code NondetReplay}, {@code InputLog},
 * {@code InputChannel}); checks that all reads belong to one state; compares the replicas'
 * outputs ({@code Outputs}) into a {@code Verdict}; and commits the winner through the
 * {@code CommitGate} ({@code Commits}: lock, check, journal, apply), or retries with a fresh
 * pair, counting mismatches and conflicts apart, until it throws the error that says what to do
 * ({@code CallErrors}, {@code Diagnosis}). State is read and written through the state room,
 * files through the persist room, and replica threads come from the replicas room.
 */
package dev.lockstep.stm.call;

/**
 * The replicas room: the threads later replicas run on, where they run, and how long they may.
 * The call room starts {@link dev.lockstep.stm.replicas.ReplicaWorkers} on the first parallel
 * attempt: one {@link dev.lockstep.stm.replicas.ReplicaWorker} per CPU, pinned to it, with a
 * stack as deep as the caller's ({@code ReplicaStack}). A leader claims workers away from its own
 * CPU and those of failed attempts, hands each its
 * {@link dev.lockstep.stm.replicas.ReplicaWorker.Job job} and starts it, then waits for it as
 * long as its {@link dev.lockstep.stm.replicas.Watchdog} allows; a worker still running at the
 * deadline is abandoned, and a fresh one takes its place. Every replica, on any thread, carries
 * a watchdog. The room knows nothing of calls beyond the job interface.
 */
package dev.lockstep.stm.replicas;

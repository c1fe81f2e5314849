/**
 * The Lockstep runtime's entry, behind {@code dev.lockstep.api}. {@link java.util.ServiceLoader}
 * instantiates {@link dev.lockstep.stm.StmProvider}, the only public class here: it checks the
 * JVM's flags and starts the call room's engine, then builds hardeners (kept by name in
 * {@code HardenerRegistry} for {@code @Hardened("name")}) and stores on it, and serves
 * intercepted methods to the agent room. A call enters here, through {@code Lockstep}'s builder
 * or a {@code @Hardened} method, and runs in {@code dev.lockstep.stm.call}, which reads and
 * writes through {@code .state} and {@code .persist} and runs later replicas on
 * {@code .replicas}; {@code .agent} intercepts {@code @Hardened} methods. Rooms depend only
 * downward in that order, and everything of theirs is an implementation detail.
 */
package dev.lockstep.stm;

/**
 * The agent room: how a {@code @Hardened} method becomes a hardened call, and what the JVM must
 * allow first. {@link dev.lockstep.stm.agent.LockstepAgent} is installed by {@code -javaagent}
 * or by {@code Lockstep.install()} and inlines {@code HardenedAdvice} into every
 * {@code @Hardened} method; at run time the advice asks {@link dev.lockstep.stm.agent.Interception},
 * which resolves the method once and hands the call to the runtime behind
 * {@link dev.lockstep.stm.agent.HardenedCalls}, after {@code LintGate} applied the determinism
 * lint. {@link dev.lockstep.stm.agent.JvmFlags} checks, when the runtime starts, that the JVM
 * has the flags the libraries need. This room depends on nothing else of the engine.
 */
package dev.lockstep.stm.agent;

/**
 * The Lockstep runtime. Everything here is an implementation detail behind
 * {@code dev.lockstep.api}; only {@link dev.lockstep.stm.StmProvider} is public, because
 * {@link java.util.ServiceLoader} instantiates it.
 */
package dev.lockstep.stm;


/**
 * Service provider interface: how the runtime plugs in behind the public API, and the hooks
 * that tests and fault-injection campaigns use to corrupt replicas on purpose.
 */
package dev.lockstep.api.spi;

/**
 * State that hardened calls read and write: stores and their typed views. Reads inside a
 * hardened call see one consistent snapshot; writes are buffered per replica and committed
 * atomically when the replicas agree.
 */
package dev.lockstep.api.state;

package dev.lockstep.api.state;

/**
 * When a persistent store's commits reach the disk.
 *
 * <p>Both keep every commit atomic on disk: a commit is written whole to the store's redo
 * journal before any data file changes, and a journal record that did not reach the disk whole
 * is discarded when the store is opened again. A commit that returned survives the process being
 * killed ({@code kill -9}) in both modes, because the operating system still holds what was
 * written.
 *
 * <p><b>Note:</b> an enum, immutable and thread-safe.
 */
public enum Durability {
    /** The journal is forced to the device before the call returns: commits also survive power loss. */
    SYNC,
    /** The operating system writes the journal when it chooses: a power loss may lose the last commits, never part of one. */
    ASYNC
}

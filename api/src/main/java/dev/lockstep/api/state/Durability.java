package dev.lockstep.api.state;

/**
 * When a persistent store's commits reach the disk.
 *
 * <p>Both write each commit whole to the store's redo journal before any data file changes, so
 * a commit that returned survives the process being killed ({@code kill -9}) in both modes
 * (the operating system still holds what was written), and a commit that did not return is
 * wholly absent after reopening: a record cut short is a torn tail, which opening drops. Data
 * files are forced at each checkpoint, and only then is the journal emptied.
 *
 * <p>A power loss is another matter, because the operating system writes data files back on
 * its own schedule, page by page: see each constant.
 *
 * <p><b>Note:</b> an enum, immutable and thread-safe.
 */
public enum Durability {
    /**
     * The journal is forced to the device before the call returns, and before any data file
     * changes. After a power loss (on a device that honours flushes) every commit that returned
     * is in the journal and is replayed onto the data files as of the last checkpoint; cells are
     * restored whichever of their pages the operating system had written back. A map's file is a
     * Chronicle Map file, and Chronicle Map does not promise to recover a file that lost power
     * while the operating system was part-way through writing it back: for maps, the guarantee
     * holds for the pages written since the last checkpoint that reached the device whole or not
     * at all. Each commit costs a device flush.
     */
    SYNC,
    /**
     * The operating system writes the journal when it chooses. A commit survives the process
     * being killed, as with {@link #SYNC}; but after a power loss the last commits may be lost,
     * and, since a data page may reach the device before the journal record that describes it,
     * the store may hold part of a commit that recovery cannot see. Use {@link #SYNC} where a
     * power loss must neither lose nor tear a commit.
     */
    ASYNC
}

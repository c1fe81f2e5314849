/**
 * The persist room: a store in a directory, and how its commits survive a crash.
 * {@link dev.lockstep.stm.persist.PersistentStore} is a state-room store whose cells are
 * memory-mapped files ({@code CellsFile}) and whose maps are Chronicle Map files with their
 * options beside them ({@code MapFiles}); opening claims the directory ({@code DirectoryLock}),
 * replays the journal's complete records ({@code Journal}, {@code JournalRecords}) and
 * checkpoints. A writing commit of the call room, holding the store's apply lock, first appends
 * its write set to the journal (forced to the device under SYNC), then applies it to the mapped
 * files; a checkpoint forces the files and empties the journal, unless a file was replaced behind
 * the store's back ({@code FileIdentities}). Every file carries a checked header
 * ({@code StoreFiles}). The room depends only on the state room.
 */
package dev.lockstep.stm.persist;

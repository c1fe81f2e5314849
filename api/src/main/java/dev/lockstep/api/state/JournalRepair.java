package dev.lockstep.api.state;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link dev.lockstep.api.Lockstep#repairStore(Path)} did to a store's journal: where it
 * cut it, and how many bytes (the records of committed calls among them) it dropped.
 *
 * <p><b>Note:</b> immutable and safe to share between threads.
 *
 * @param journal      the journal file
 * @param offset       the byte offset of the first damaged record, where the journal now ends;
 *                     the journal's length if nothing was damaged
 * @param droppedBytes how many bytes were cut off; 0 if the journal was whole
 */
public record JournalRepair(Path journal, long offset, long droppedBytes) {
    /**
     * Checks the fields.
     *
     * @param journal      the journal file
     * @param offset       where the journal now ends
     * @param droppedBytes how many bytes were cut off
     *
     * @throws NullPointerException     if {@code journal} is null
     * @throws IllegalArgumentException if {@code offset} or {@code droppedBytes} is negative
     */
    public JournalRepair {
        Objects.requireNonNull(journal, "journal");
        if (offset < 0 || droppedBytes < 0) {
            throw new IllegalArgumentException("offset and droppedBytes must not be negative");
        }
    }

    /**
     * Returns whether the repair dropped anything.
     *
     * @return {@code true} if bytes were cut off the journal
     */
    public boolean changed() {
        return droppedBytes > 0;
    }
}

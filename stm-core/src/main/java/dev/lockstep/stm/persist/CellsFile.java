package dev.lockstep.stm.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A persistent store's cells: a {@value StoreFiles#HEADER}-byte header (magic
 * {@value #MAGIC}, version, the number of cells at byte 12) and then the cells, memory-mapped.
 */
final class CellsFile {
    static final String MAGIC = "LSCELLS1";

    private CellsFile() {
    }

    static MappedByteBuffer open(Path file, String name, int length) throws IOException {
        if (!Files.exists(file)) {
            try (FileChannel channel = StoreFiles.create(file)) {
                ByteBuffer header = StoreFiles.header(MAGIC);
                header.putInt(12, length);
                channel.write(StoreFiles.seal(header), 0);
                channel.write(ByteBuffer.allocate(1), StoreFiles.HEADER + (long) length * Long.BYTES - 1);
                channel.force(true);
            }
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer header = StoreFiles.readHeader(channel, file, MAGIC);
            int stored = header.getInt(12);
            long expected = StoreFiles.HEADER + (long) stored * Long.BYTES;
            if (channel.size() != expected) {
                throw StoreFiles.corrupt(file, "it should be " + expected + " bytes for " + stored + " cells but is "
                        + channel.size() + " (truncated or extended)");
            }
            if (length >= 0 && stored != length) {
                throw new IllegalArgumentException("cells '" + name + "' already exist with length " + stored
                        + ", not " + length + ": use the same length or another name");
            }
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, expected);
        }
    }

    /** The number of cells in an existing file's header. */
    static int lengthOf(MappedByteBuffer mapped) {
        return mapped.getInt(12);
    }
}

package dev.lockstep.stm;

import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A map's Chronicle Map, in memory or persisted. A persisted map has two files: the Chronicle
 * Map file ({@code <name>.chronicle}) and a metadata file ({@code <name>.map}: magic
 * {@value #MAGIC}, key and value type tags and capacity), which tells the types on reopening.
 */
final class MapFiles {
    static final String MAGIC = "LSMAP001";
    private static final int AVERAGE_KEY_BYTES = 32;
    private static final int AVERAGE_VALUE_BYTES = 64;

    private MapFiles() {
    }

    record Meta(Codec key, Codec value, int entries) {
    }

    static ChronicleMap<Object, Object> inMemory(String name, Codec key, Codec value, int entries) {
        return builder(name, key, value, entries).create();
    }

    static ChronicleMap<Object, Object> persisted(Path dir, String name, Codec key, Codec value, int entries)
            throws IOException {
        Path metaFile = dir.resolve(name + ".map");
        Meta meta;
        if (Files.exists(metaFile)) {
            meta = readMeta(metaFile);
            if (meta.key() != key || meta.value() != value) {
                throw new IllegalArgumentException("map '" + name + "' already exists with types "
                        + meta.key().type.getSimpleName() + " -> " + meta.value().type.getSimpleName() + ", not "
                        + key.type.getSimpleName() + " -> " + value.type.getSimpleName() + ": use those types or another name");
            }
        } else {
            meta = new Meta(key, value, entries);
            try (FileChannel channel = StoreFiles.create(metaFile)) {
                ByteBuffer header = StoreFiles.header(MAGIC);
                header.putInt(12, key.tag).putInt(16, value.tag).putInt(20, entries);
                channel.write(StoreFiles.seal(header), 0);
                channel.force(true);
            }
        }
        return open(dir, name, meta);
    }

    /** Opens an existing map from its metadata (journal replay). */
    static ChronicleMap<Object, Object> reopen(Path dir, String name) throws IOException {
        return open(dir, name, readMeta(dir.resolve(name + ".map")));
    }

    static Meta readMeta(Path metaFile) throws IOException {
        try (FileChannel channel = FileChannel.open(metaFile, StandardOpenOption.READ)) {
            ByteBuffer header = StoreFiles.readHeader(channel, metaFile, MAGIC);
            return new Meta(Codec.ofTag(header.getInt(12)), Codec.ofTag(header.getInt(16)), header.getInt(20));
        } catch (IllegalArgumentException e) {
            throw StoreFiles.corrupt(metaFile, e.getMessage());
        }
    }

    private static ChronicleMap<Object, Object> open(Path dir, String name, Meta meta) throws IOException {
        Path data = dir.resolve(name + ".chronicle");
        ChronicleMapBuilder<Object, Object> builder = builder(name, meta.key(), meta.value(), meta.entries());
        if (Files.exists(data)) {
            // Recovers a map whose writer was killed: its segment locks may still look held.
            return builder.recoverPersistedTo(data.toFile(), true);
        }
        ChronicleMap<Object, Object> created = builder.createPersistedTo(data.toFile());
        StoreFiles.restrictToOwner(data);
        return created;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ChronicleMapBuilder<Object, Object> builder(String name, Codec key, Codec value, int entries) {
        ChronicleMapBuilder builder = ChronicleMapBuilder.of((Class) key.type, (Class) value.type)
                .name(name).entries(Math.max(entries, 16));
        if (key == Codec.STRING || key == Codec.BYTES) {
            builder.averageKeySize(AVERAGE_KEY_BYTES);
        }
        if (value == Codec.STRING || value == Codec.BYTES) {
            builder.averageValueSize(AVERAGE_VALUE_BYTES);
        }
        return (ChronicleMapBuilder<Object, Object>) builder;
    }
}

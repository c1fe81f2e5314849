package dev.lockstep.stm.persist;

import dev.lockstep.api.state.MapOptions;
import dev.lockstep.stm.state.Codec;
import dev.lockstep.stm.state.MapLimits;
import dev.lockstep.stm.state.MapSizing;
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
 * {@value #MAGIC}, key and value type tags at bytes 12 and 16, then the {@link MapOptions} it was
 * created with: maxEntries at 20, averageKeyBytes, averageValueBytes, maxKeyBytes and
 * maxValueBytes at 24 to 36). A file written before the sizes were stored holds zeros at 24 to
 * 36 ({@link Meta#legacy()}): its map has the default sizes.
 *
 * <p><b>Note:</b> stateless and thread-safe; a store opens each map once, under its lock.
 */
final class MapFiles {
    static final String MAGIC = "LSMAP001";

    private MapFiles() {
    }

    /** What a metadata file holds; {@code legacy} if it predates the stored sizes. */
    record Meta(Codec key, Codec value, MapOptions options, boolean legacy) {
    }

    /** An open map and the options it has (the stored ones for an existing map). */
    record Opened(ChronicleMap<Object, Object> map, MapOptions options) {
    }

    /**
     * Opens the persisted map, creating it with {@code options} if it does not exist.
     *
     * @throws IllegalArgumentException if it exists with other types
     * @throws dev.lockstep.api.LockstepException with STORE_CAPACITY if it exists with a smaller limit
     */
    static Opened persisted(Path dir, String name, Codec key, Codec value, MapOptions options) throws IOException {
        Path metaFile = dir.resolve(name + ".map");
        Meta meta;
        if (Files.exists(metaFile)) {
            meta = readMeta(metaFile);
            if (meta.key() != key || meta.value() != value) {
                throw new IllegalArgumentException("map '" + name + "' already exists with types "
                        + meta.key().type.getSimpleName() + " -> " + meta.value().type.getSimpleName() + ", not "
                        + key.type.getSimpleName() + " -> " + value.type.getSimpleName() + ": use those types or another name");
            }
            MapLimits.reconcile(name, key, value, meta.options(), options);
        } else {
            meta = new Meta(key, value, options, false);
            try (FileChannel channel = StoreFiles.create(metaFile)) {
                ByteBuffer header = StoreFiles.header(MAGIC);
                header.putInt(12, key.tag).putInt(16, value.tag).putInt(20, options.maxEntries())
                        .putInt(24, options.averageKeyBytes()).putInt(28, options.averageValueBytes())
                        .putInt(32, options.maxKeyBytes()).putInt(36, options.maxValueBytes());
                channel.write(StoreFiles.seal(header), 0);
                channel.force(true);
            }
        }
        return new Opened(open(dir, name, meta), meta.options());
    }

    static Meta readMeta(Path metaFile) throws IOException {
        try (FileChannel channel = FileChannel.open(metaFile, StandardOpenOption.READ)) {
            ByteBuffer header = StoreFiles.readHeader(channel, metaFile, MAGIC);
            MapOptions options = MapOptions.entries(header.getInt(20));
            boolean legacy = header.getInt(24) == 0;
            if (!legacy) {
                options = options.maxKeyBytes(header.getInt(32)).maxValueBytes(header.getInt(36))
                        .averageKeyBytes(header.getInt(24)).averageValueBytes(header.getInt(28));
            }
            return new Meta(Codec.ofTag(header.getInt(12)), Codec.ofTag(header.getInt(16)), options, legacy);
        } catch (IllegalArgumentException e) {
            throw StoreFiles.corrupt(metaFile, e.getMessage());
        }
    }

    private static ChronicleMap<Object, Object> open(Path dir, String name, Meta meta) throws IOException {
        Path data = dir.resolve(name + ".chronicle");
        if (Files.exists(data)) {
            // Chronicle reads an existing file's layout from the file; the builder's sizes are
            // not used. Recovers a map whose writer was killed: its segment locks may look held.
            return legacyBuilder(name, meta.key(), meta.value(), meta.options().maxEntries())
                    .recoverPersistedTo(data.toFile(), true);
        }
        ChronicleMapBuilder<Object, Object> builder = meta.legacy()
                ? legacyBuilder(name, meta.key(), meta.value(), meta.options().maxEntries())
                : MapSizing.builder(name, meta.key(), meta.value(), meta.options());
        ChronicleMap<Object, Object> created = builder.createPersistedTo(data.toFile());
        StoreFiles.restrictToOwner(data);
        return created;
    }

    /** The layout maps had before their sizes were stored, for a data file lost after its metadata. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ChronicleMapBuilder<Object, Object> legacyBuilder(String name, Codec key, Codec value, int entries) {
        ChronicleMapBuilder builder = ChronicleMapBuilder.of((Class) key.type, (Class) value.type)
                .name(name).entries(Math.max(entries, 16));
        if (!key.fixedSize()) {
            builder.averageKeySize(MapOptions.DEFAULT_AVERAGE_KEY_BYTES);
        }
        if (!value.fixedSize()) {
            builder.averageValueSize(MapOptions.DEFAULT_AVERAGE_VALUE_BYTES);
        }
        return (ChronicleMapBuilder<Object, Object>) builder;
    }
}

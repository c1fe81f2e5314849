package dev.lockstep.stm.state;

import dev.lockstep.api.state.MapOptions;
import net.openhft.chronicle.map.ChronicleMapBuilder;

/**
 * Lays out a new Chronicle Map so that it never refuses a put that {@link MapOptions} allows:
 * {@code maxEntries} entries, each with a key and value up to their maxima. Lockstep checks those
 * limits itself (sizes at {@code put}, the entry count at commit), so this layout is what makes
 * every checked commit fit.
 *
 * <p>Chronicle Map stores entries in segments; each segment is a chain of tiers (one at first,
 * more taken from a shared pool as it fills), each tier a fixed number of chunks. An entry takes
 * contiguous chunks of one tier, so the layout is:
 * <ul>
 *   <li>a chunk of about an eighth of the average entry (Chronicle's own choice), so the
 *       averages size the first tier of every segment;</li>
 *   <li>a tier of at least {@code 2g+1} maximal entries' chunks: a tier that refuses a maximal
 *       entry then holds at least {@code g} entries, because its free gaps (each smaller than
 *       one maximal entry) lie between entries;</li>
 *   <li>a pool of extra tiers ({@code maxBloatFactor}) for {@code maxEntries / g} full tiers,
 *       plus the one tier per segment Chronicle adds itself: enough even if every entry went to
 *       one segment. {@code g} grows until that pool is within Chronicle's bound (1,000 times
 *       the segments).</li>
 * </ul>
 * Tiers beyond the first ones are allocated only when entries need them, so large maxima cost
 * address space and little memory until large entries arrive. Internal to the engine; not an
 * API.
 *
 * <p><b>Note:</b> stateless and thread-safe.
 */
public final class MapSizing {
    /**
     * Bytes of an entry besides its key and value: two stop-bit lengths (up to 5 bytes each),
     * the entry checksum of a persisted map (4) and alignment.
     */
    static final int ENTRY_OVERHEAD = 24;
    private static final int MAX_SEGMENTS = 64;
    private static final int ENTRIES_PER_SEGMENT = 4096;
    private static final long MAX_TIER_CHUNKS = 1L << 30;
    private static final double MAX_BLOAT = 1_000.0;

    private MapSizing() {
    }

    /** The layout's numbers, for tests and messages. */
    record Layout(int segments, long entriesPerSegment, int chunkSize, long chunksPerTier, long entriesPerFullTier,
                  double bloat) {
    }

    static Layout layout(Codec key, Codec value, MapOptions options) {
        long entries = options.maxEntries();
        int segments = (int) Math.min(MAX_SEGMENTS, nextPowerOfTwo(ceilDiv(entries, ENTRIES_PER_SEGMENT)));
        double perSegment = (double) entries / segments;
        // Chronicle sizes its first tiers for the Poisson spread of keys over segments; so do we.
        long entriesPerSegment = (long) Math.ceil(perSegment + 3 * Math.sqrt(perSegment) + 4);
        long average = size(key, options.averageKeyBytes()) + size(value, options.averageValueBytes()) + ENTRY_OVERHEAD;
        if (key.fixedSize() && value.fixedSize()) {
            // One chunk per entry, any free chunk fits: a full tier holds entriesPerSegment entries.
            long extra = ceilDiv(entries, entriesPerSegment);
            return new Layout(segments, entriesPerSegment, (int) average - ENTRY_OVERHEAD, entriesPerSegment,
                    entriesPerSegment, bloat(extra, segments));
        }
        long max = size(key, options.maxKeyBytes()) + size(value, options.maxValueBytes()) + ENTRY_OVERHEAD;
        int chunkSize = (int) Math.max(8, Long.highestOneBit(Math.max(1, average / 8)));
        long maxChunks = ceilDiv(max, chunkSize);
        long chunksPerTier = Math.max(entriesPerSegment * ceilDiv(average, chunkSize), 3 * maxChunks);
        long full = entriesPerFullTier(chunksPerTier, maxChunks, entriesPerSegment);
        if (ceilDiv(entries, full) > (MAX_BLOAT - 1) * segments) {
            long needed = ceilDiv(entries, (long) (MAX_BLOAT - 1) * segments);
            chunksPerTier = Math.max(chunksPerTier, (2 * needed + 1) * maxChunks);
            entriesPerSegment = Math.max(entriesPerSegment, needed);
            full = entriesPerFullTier(chunksPerTier, maxChunks, entriesPerSegment);
        }
        if (chunksPerTier > MAX_TIER_CHUNKS) {
            throw new IllegalArgumentException("a map of " + options + " does not fit Chronicle Map's tiers ("
                    + chunksPerTier + " chunks of " + chunkSize + " bytes, at most " + MAX_TIER_CHUNKS
                    + "): lower maxValueBytes or maxEntries, or raise averageValueBytes");
        }
        return new Layout(segments, entriesPerSegment, chunkSize, chunksPerTier, full,
                bloat(ceilDiv(entries, full), segments));
    }

    /**
     * A builder of a new Chronicle Map named {@code name}, laid out for {@code options}.
     *
     * @throws IllegalArgumentException if the options do not fit Chronicle Map's tiers
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static ChronicleMapBuilder<Object, Object> builder(String name, Codec key, Codec value, MapOptions options) {
        ChronicleMapBuilder builder = ChronicleMapBuilder.of((Class) key.type, (Class) value.type).name(name);
        configure(builder, key, value, options);
        return (ChronicleMapBuilder<Object, Object>) builder;
    }

    /** Applies the layout to a builder of a new map. */
    static void configure(ChronicleMapBuilder<?, ?> builder, Codec key, Codec value, MapOptions options) {
        Layout layout = layout(key, value, options);
        builder.entries(options.maxEntries())
                .actualSegments(layout.segments())
                .entriesPerSegment(layout.entriesPerSegment())
                .maxBloatFactor(layout.bloat());
        if (!key.fixedSize()) {
            builder.averageKeySize(options.averageKeyBytes());
        }
        if (!value.fixedSize()) {
            builder.averageValueSize(options.averageValueBytes());
        }
        if (!(key.fixedSize() && value.fixedSize())) {
            builder.actualChunkSize(layout.chunkSize()).actualChunksPerSegmentTier(layout.chunksPerTier());
        }
    }

    /**
     * The entries a tier holds at least when it refuses an entry of {@code maxChunks}: at most
     * {@code k + 1} gaps, each under {@code maxChunks}, around its {@code k} entries.
     */
    private static long entriesPerFullTier(long chunksPerTier, long maxChunks, long entriesPerSegment) {
        return Math.max(1, Math.min(entriesPerSegment, (chunksPerTier / maxChunks - 1) / 2));
    }

    /** The bloat factor that gives {@code extraTiers} beyond Chronicle's own one per segment. */
    private static double bloat(long extraTiers, int segments) {
        return Math.min(MAX_BLOAT, 1.0 + Math.ceil((double) extraTiers / segments));
    }

    private static long size(Codec codec, int bytes) {
        return codec == Codec.LONG ? Long.BYTES : codec == Codec.INTEGER ? Integer.BYTES : bytes;
    }

    private static long nextPowerOfTwo(long n) {
        return n <= 1 ? 1 : Long.highestOneBit(n - 1) << 1;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}

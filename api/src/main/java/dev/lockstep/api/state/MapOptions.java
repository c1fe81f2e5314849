package dev.lockstep.api.state;

/**
 * How large a {@link TxMap} is: how many entries it holds and how large its keys and values may
 * be. Pass it to {@link StateStore#map(String, Class, Class, MapOptions)}. Start from
 * {@link #entries(int)} and change what differs from the defaults:
 *
 * <pre>{@code
 * TxMap<String, byte[]> blobs = store.map("blobs", String.class, byte[].class,
 *         MapOptions.entries(10_000).averageValueBytes(4_096).maxValueBytes(1 << 20));
 * }</pre>
 *
 * <table>
 *   <caption>The options</caption>
 *   <tr><th>option</th><th>default</th><th>what it is</th></tr>
 *   <tr><td>{@link #entries(int) maxEntries}</td><td>(required)</td>
 *       <td>a limit: the map holds this many entries, whatever their sizes up to the maxima</td></tr>
 *   <tr><td>{@link #averageKeyBytes(int)}</td><td>{@value #DEFAULT_AVERAGE_KEY_BYTES}</td>
 *       <td>a hint: the memory laid out up front for the typical key</td></tr>
 *   <tr><td>{@link #averageValueBytes(int)}</td><td>{@value #DEFAULT_AVERAGE_VALUE_BYTES}</td>
 *       <td>a hint: the memory laid out up front for the typical value</td></tr>
 *   <tr><td>{@link #maxKeyBytes(int)}</td><td>{@value #DEFAULT_MAX_KEY_BYTES} (4 KiB)</td>
 *       <td>a limit: the largest key a {@code put} accepts</td></tr>
 *   <tr><td>{@link #maxValueBytes(int)}</td><td>{@value #DEFAULT_MAX_VALUE_BYTES} (64 KiB)</td>
 *       <td>a limit: the largest value a {@code put} accepts</td></tr>
 * </table>
 *
 * <p>Sizes are encoded sizes: a {@code byte[]} counts its length; a {@code String} counts 1 byte
 * per char up to U+007F, 2 up to U+07FF and 3 above (its UTF-8 length, with each half of a
 * surrogate pair counted as 3); a {@code Long} is 8 bytes and an {@code Integer} 4, whatever the
 * options say. The limits are kept exactly: a {@code put} of a key or value over its maximum
 * throws {@link StoreCapacityException} in the body (so every replica throws the same), and a
 * call whose commit would take a map past {@code maxEntries} commits nothing and throws
 * {@link StoreCapacityException}.
 *
 * <p>What the options cost: a map lays out memory for {@code maxEntries} entries of the average
 * sizes, and each part of it (a segment) room for at least three entries of the maximum sizes;
 * more room is added as entries larger than the averages arrive, up to what {@code maxEntries}
 * entries of the maximum sizes need. A persistent map's file is sparse: only what is written
 * takes disk space. So averages close to the real ones save memory and time, and a large maximum
 * costs little until large entries are written.
 *
 * <p>A map keeps the options it was created with. Asking again for the map (in the same store,
 * or after reopening a persistent store) with limits no larger than the stored ones gives the
 * stored map with its stored limits; asking for a larger limit is refused with a
 * {@link dev.lockstep.api.LockstepException} of code
 * {@link dev.lockstep.api.ErrorCode#STORE_CAPACITY} that names both sizes. (Lockstep does not
 * resize a map: copy its entries into a new map with the larger options.)
 *
 * <p><b>Note:</b> immutable and thread-safe; every method returns a new instance.
 */
public final class MapOptions {
    /** The default of {@link #averageKeyBytes(int)}. */
    public static final int DEFAULT_AVERAGE_KEY_BYTES = 32;
    /** The default of {@link #averageValueBytes(int)}. */
    public static final int DEFAULT_AVERAGE_VALUE_BYTES = 64;
    /** The default of {@link #maxKeyBytes(int)}: 4 KiB. */
    public static final int DEFAULT_MAX_KEY_BYTES = 4 << 10;
    /** The default of {@link #maxValueBytes(int)}: 64 KiB. */
    public static final int DEFAULT_MAX_VALUE_BYTES = 64 << 10;
    /** The largest {@link #maxKeyBytes(int)} and {@link #maxValueBytes(int)}: 64 MiB. */
    public static final int LARGEST_BYTES = 64 << 20;

    private final int maxEntries;
    private final int averageKeyBytes;
    private final int averageValueBytes;
    private final int maxKeyBytes;
    private final int maxValueBytes;

    private MapOptions(int maxEntries, int averageKeyBytes, int averageValueBytes, int maxKeyBytes, int maxValueBytes) {
        this.maxEntries = maxEntries;
        this.averageKeyBytes = averageKeyBytes;
        this.averageValueBytes = averageValueBytes;
        this.maxKeyBytes = maxKeyBytes;
        this.maxValueBytes = maxValueBytes;
    }

    /**
     * Options for a map of {@code maxEntries} entries, with the default sizes.
     *
     * @param maxEntries how many entries the map holds, 1 or more
     * @return the options
     * @throws IllegalArgumentException if {@code maxEntries} is less than 1
     */
    public static MapOptions entries(int maxEntries) {
        return new MapOptions(positive("maxEntries", maxEntries, Integer.MAX_VALUE), DEFAULT_AVERAGE_KEY_BYTES,
                DEFAULT_AVERAGE_VALUE_BYTES, DEFAULT_MAX_KEY_BYTES, DEFAULT_MAX_VALUE_BYTES);
    }

    /**
     * Sets the typical key size, which sizes the memory laid out up front. If it is above
     * {@link #maxKeyBytes()}, the maximum is raised to it.
     *
     * @param bytes the average encoded key size, 1 to {@value #LARGEST_BYTES}
     * @return new options
     * @throws IllegalArgumentException if {@code bytes} is out of range
     */
    public MapOptions averageKeyBytes(int bytes) {
        positive("averageKeyBytes", bytes, LARGEST_BYTES);
        return new MapOptions(maxEntries, bytes, averageValueBytes, Math.max(maxKeyBytes, bytes), maxValueBytes);
    }

    /**
     * Sets the typical value size, which sizes the memory laid out up front. If it is above
     * {@link #maxValueBytes()}, the maximum is raised to it.
     *
     * @param bytes the average encoded value size, 1 to {@value #LARGEST_BYTES}
     * @return new options
     * @throws IllegalArgumentException if {@code bytes} is out of range
     */
    public MapOptions averageValueBytes(int bytes) {
        positive("averageValueBytes", bytes, LARGEST_BYTES);
        return new MapOptions(maxEntries, averageKeyBytes, bytes, maxKeyBytes, Math.max(maxValueBytes, bytes));
    }

    /**
     * Sets the largest key a {@code put} accepts. If it is below {@link #averageKeyBytes()}, the
     * average is lowered to it.
     *
     * @param bytes the largest encoded key size, 1 to {@value #LARGEST_BYTES}
     * @return new options
     * @throws IllegalArgumentException if {@code bytes} is out of range
     */
    public MapOptions maxKeyBytes(int bytes) {
        positive("maxKeyBytes", bytes, LARGEST_BYTES);
        return new MapOptions(maxEntries, Math.min(averageKeyBytes, bytes), averageValueBytes, bytes, maxValueBytes);
    }

    /**
     * Sets the largest value a {@code put} accepts. If it is below {@link #averageValueBytes()},
     * the average is lowered to it.
     *
     * @param bytes the largest encoded value size, 1 to {@value #LARGEST_BYTES}
     * @return new options
     * @throws IllegalArgumentException if {@code bytes} is out of range
     */
    public MapOptions maxValueBytes(int bytes) {
        positive("maxValueBytes", bytes, LARGEST_BYTES);
        return new MapOptions(maxEntries, averageKeyBytes, Math.min(averageValueBytes, bytes), maxKeyBytes, bytes);
    }

    /**
     * Returns how many entries the map holds.
     *
     * @return maxEntries
     */
    public int maxEntries() {
        return maxEntries;
    }

    /**
     * Returns the typical key size.
     *
     * @return averageKeyBytes
     */
    public int averageKeyBytes() {
        return averageKeyBytes;
    }

    /**
     * Returns the typical value size.
     *
     * @return averageValueBytes
     */
    public int averageValueBytes() {
        return averageValueBytes;
    }

    /**
     * Returns the largest key a {@code put} accepts.
     *
     * @return maxKeyBytes
     */
    public int maxKeyBytes() {
        return maxKeyBytes;
    }

    /**
     * Returns the largest value a {@code put} accepts.
     *
     * @return maxValueBytes
     */
    public int maxValueBytes() {
        return maxValueBytes;
    }

    private static int positive(String option, int value, int largest) {
        if (value < 1 || value > largest) {
            throw new IllegalArgumentException(option + " must be from 1 to " + largest + ", got " + value);
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MapOptions other && maxEntries == other.maxEntries
                && averageKeyBytes == other.averageKeyBytes && averageValueBytes == other.averageValueBytes
                && maxKeyBytes == other.maxKeyBytes && maxValueBytes == other.maxValueBytes;
    }

    @Override
    public int hashCode() {
        return ((((maxEntries * 31) + averageKeyBytes) * 31 + averageValueBytes) * 31 + maxKeyBytes) * 31 + maxValueBytes;
    }

    @Override
    public String toString() {
        return "maxEntries=" + maxEntries + ", averageKeyBytes=" + averageKeyBytes + ", averageValueBytes="
                + averageValueBytes + ", maxKeyBytes=" + maxKeyBytes + ", maxValueBytes=" + maxValueBytes;
    }
}

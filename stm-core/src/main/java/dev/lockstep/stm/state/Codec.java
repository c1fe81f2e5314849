package dev.lockstep.stm.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The key and value types a {@code TxMap} supports, and what each needs: a copy for values that
 * are mutable ({@code byte[]}), equality and hashing by content, the encoded size that map limits
 * count, and a journal encoding. A journal string is its {@code int} length in chars, then pieces
 * of at most {@value #PIECE_CHARS} chars, each written by {@link DataOutput#writeUTF} (which
 * refuses more than 65,535 bytes, and a char takes up to 3; its modified UTF-8 keeps unpaired
 * surrogates, which standard UTF-8 would replace). Records written before that format
 * ({@code legacy}) hold one {@code writeUTF} string.
 * Internal to the engine; not an API.
 *
 * <p><b>Note:</b> stateless and thread-safe.
 */
public enum Codec {
    STRING(String.class, 1),
    LONG(Long.class, 2),
    INTEGER(Integer.class, 3),
    BYTES(byte[].class, 4);

    /** The most chars one {@code writeUTF} piece takes: 3 bytes each stay within 65,535. */
    static final int PIECE_CHARS = 65_535 / 3;

    public final Class<?> type;
    public final int tag;

    Codec(Class<?> type, int tag) {
        this.type = type;
        this.tag = tag;
    }

    static Codec of(Class<?> type, String role) {
        for (Codec c : values()) {
            if (c.type == type) {
                return c;
            }
        }
        throw new IllegalArgumentException("TxMap " + role + " type " + (type == null ? "null" : type.getName())
                + " is not supported: use String, Long, Integer or byte[]");
    }

    public static Codec ofTag(int tag) {
        for (Codec c : values()) {
            if (c.tag == tag) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown type tag " + tag);
    }

    /** A copy the caller may keep: byte arrays are copied, the rest are immutable. */
    public Object copy(Object value) {
        return this == BYTES && value != null ? ((byte[]) value).clone() : value;
    }

    public boolean same(Object a, Object b) {
        return this == BYTES ? Arrays.equals((byte[]) a, (byte[]) b) : Objects.equals(a, b);
    }

    int hash(Object value) {
        return this == BYTES ? Arrays.hashCode((byte[]) value) : value.hashCode();
    }

    /** Whether every value has the same encoded size, so size limits do not apply. */
    public boolean fixedSize() {
        return this == LONG || this == INTEGER;
    }

    /**
     * The size that map limits count: a {@code byte[]}'s length, a {@code String}'s UTF-8 length
     * with each char of a surrogate pair counted as 3 bytes (an upper bound of what Chronicle Map
     * stores, computed without encoding), 8 for a {@code Long}, 4 for an {@code Integer}.
     */
    long encodedSize(Object value) {
        switch (this) {
            case STRING: {
                String text = (String) value;
                long size = text.length();
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c >= 0x80) {
                        size += c >= 0x800 ? 2 : 1;
                    }
                }
                return size;
            }
            case LONG:
                return Long.BYTES;
            case INTEGER:
                return Integer.BYTES;
            default:
                return ((byte[]) value).length;
        }
    }

    public String describe(Object value) {
        return this == BYTES && value != null ? Arrays.toString((byte[]) value) : String.valueOf(value);
    }

    public void write(DataOutput out, Object value) throws IOException {
        switch (this) {
            case STRING -> {
                String text = (String) value;
                out.writeInt(text.length());
                for (int from = 0; from < text.length(); from += PIECE_CHARS) {
                    out.writeUTF(text.substring(from, Math.min(text.length(), from + PIECE_CHARS)));
                }
            }
            case LONG -> out.writeLong((Long) value);
            case INTEGER -> out.writeInt((Integer) value);
            default -> {
                byte[] bytes = (byte[]) value;
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    public Object read(DataInput in, boolean legacy) throws IOException {
        switch (this) {
            case STRING:
                if (legacy) {
                    return in.readUTF();
                }
                int length = in.readInt();
                StringBuilder text = new StringBuilder(length);
                while (text.length() < length) {
                    text.append(in.readUTF());
                }
                return text.toString();
            case LONG:
                return in.readLong();
            case INTEGER:
                return in.readInt();
            default:
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                return bytes;
        }
    }
}

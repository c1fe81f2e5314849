package dev.lockstep.stm;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The key and value types a {@code TxMap} supports, and what each needs: a copy for values that
 * are mutable ({@code byte[]}), equality by content, and a journal encoding.
 */
enum Codec {
    STRING(String.class, 1),
    LONG(Long.class, 2),
    INTEGER(Integer.class, 3),
    BYTES(byte[].class, 4);

    final Class<?> type;
    final int tag;

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

    static Codec ofTag(int tag) {
        for (Codec c : values()) {
            if (c.tag == tag) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown type tag " + tag);
    }

    /** A copy the caller may keep: byte arrays are copied, the rest are immutable. */
    Object copy(Object value) {
        return this == BYTES && value != null ? ((byte[]) value).clone() : value;
    }

    boolean same(Object a, Object b) {
        return this == BYTES ? Arrays.equals((byte[]) a, (byte[]) b) : Objects.equals(a, b);
    }

    String describe(Object value) {
        return this == BYTES && value != null ? Arrays.toString((byte[]) value) : String.valueOf(value);
    }

    void write(DataOutput out, Object value) throws IOException {
        switch (this) {
            case STRING -> out.writeUTF((String) value);
            case LONG -> out.writeLong((Long) value);
            case INTEGER -> out.writeInt((Integer) value);
            default -> {
                byte[] bytes = (byte[]) value;
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    Object read(DataInput in) throws IOException {
        switch (this) {
            case STRING:
                return in.readUTF();
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

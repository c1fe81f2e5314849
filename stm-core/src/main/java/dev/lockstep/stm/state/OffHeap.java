package dev.lockstep.stm.state;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * The one gateway to raw memory in the engine (STYLE.md: Agrona's discipline): a block of
 * {@code long} cells, in direct memory (cache-line aligned) or in a memory-mapped file, addressed
 * by cell index. Everything else uses typed views over it.
 *
 * <p>The memory is never freed explicitly: a store that is closed while another thread still
 * reads would otherwise read freed memory. The direct buffer is returned by its cleaner once the
 * store is unreachable.
 * Internal to the engine; not an API.
 *
 * <p><b>Note:</b> thread-safe; reads are volatile and writes are release stores, so a value
 * written before a Multiverse unlock is visible to whoever observes that unlock.
 */
public final class OffHeap {
    private static final int CACHE_LINE = 64;
    /**
     * The most bytes a block's buffer holds before its first cell, in either store: a mapped
     * cells file's header (which the persist room keeps within it), or the slack that aligns
     * direct memory to a cache line.
     */
    static final int MAX_OFFSET = CACHE_LINE;
    /**
     * The most cells one block holds, in either store: one buffer of at most
     * {@code Integer.MAX_VALUE} bytes, {@value #MAX_OFFSET} of them before the cells.
     */
    static final int MAX_CELLS = (Integer.MAX_VALUE - MAX_OFFSET) / Long.BYTES;

    private final UnsafeBuffer memory;
    private final int cells;

    /**
     * Cells in fresh direct memory (an in-memory store).
     *
     * @throws LockstepException with {@link ErrorCode#STORE_CAPACITY} if the JVM's direct memory
     *                           limit has no room for them
     */
    OffHeap(String name, int cells) {
        this(allocate(name, checked(cells)), 0, cells);
    }

    private static ByteBuffer allocate(String name, int cells) {
        try {
            return BufferUtil.allocateDirectAligned(cells * Long.BYTES, CACHE_LINE);
        } catch (OutOfMemoryError e) {
            // Direct memory is capped apart from the heap: say which cap, not just "out of memory".
            throw new LockstepException(ErrorCode.STORE_CAPACITY, "cells '" + name + "' need "
                    + (long) cells * Long.BYTES + " bytes of direct memory, and the JVM could not reserve them ("
                    + e.getMessage() + "). Nothing was created: raise -XX:MaxDirectMemorySize, or use fewer cells.", e);
        }
    }

    /**
     * Cells inside {@code buffer} from byte {@code offset} on (a memory-mapped file's data).
     *
     * @param offset at most {@link #MAX_OFFSET}
     */
    public OffHeap(ByteBuffer buffer, int offset, int cells) {
        this.cells = checked(cells);
        this.memory = new UnsafeBuffer(buffer, offset, cells * Long.BYTES);
    }

    private static int checked(int cells) {
        if (cells < 1 || cells > MAX_CELLS) {
            throw new IllegalArgumentException(
                    "length must be from 1 to " + MAX_CELLS + " cells, got " + cells);
        }
        return cells;
    }

    int cells() {
        return cells;
    }

    long getVolatile(int cell) {
        return memory.getLongVolatile(cell * Long.BYTES);
    }

    void putRelease(int cell, long value) {
        memory.putLongRelease(cell * Long.BYTES, value);
    }
}

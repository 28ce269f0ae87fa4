package io.salvo.sender;

import java.nio.ByteBuffer;

/**
 * A pooled native area into which vectors of heap (addressless) buffers are copied for one
 * syscall. {@link #reset()} before each fill; it grows (the only allocation) when a single
 * message needs more than it holds.
 */
final class HeapStaging {
    static final int INITIAL_CAPACITY = 64 * 1024;

    private NativeRegion region = new NativeRegion(INITIAL_CAPACITY);
    private int used;

    /** Makes all the room available again (the previous syscall is over). */
    void reset() {
        used = 0;
    }

    /** Bytes in use: a mark for {@link #rewind}. */
    int used() {
        return used;
    }

    /** Frees everything copied since {@link #used()} returned {@code mark}. */
    void rewind(int mark) {
        used = mark;
    }

    /** Bytes still free. */
    int remaining() {
        return region.size() - used;
    }

    /** Grows to hold at least {@code bytes}; only while empty (nothing points into it). */
    void ensureCapacity(int bytes) {
        if (used != 0) {
            throw new IllegalStateException("staging can only grow while empty");
        }
        if (bytes > region.size()) {
            NativeRegion grown = new NativeRegion(Math.max(bytes, region.size() * 2));
            region.free();
            region = grown;
        }
    }

    /**
     * Copies {@code length} bytes of {@code source} at absolute {@code offset}; the caller has
     * checked {@link #remaining()}.
     *
     * @return the native address of the copy
     */
    long copy(ByteBuffer source, int offset, int length) {
        region.buffer().put(used, source, offset, length);
        long address = region.address() + used;
        used += length;
        return address;
    }

    /** Frees the native area. */
    void free() {
        region.free();
    }
}

package io.salvo.sender;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A block of zeroed native memory from {@code malloc}, seen through a native-order direct
 * {@link ByteBuffer} for writes at fixed offsets, and freed exactly once by {@link #free()}.
 * The buffer must not be touched after {@code free()}: owners guard that with their closed state.
 */
final class NativeRegion {
    private final long address;
    private final int size;
    private final ByteBuffer buffer;
    private boolean freed;

    NativeRegion(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("native region size must be > 0, was " + size);
        }
        long allocated = Native.malloc(size);
        if (allocated == 0) {
            throw new OutOfMemoryError("malloc(" + size + ") failed");
        }
        Pointer pointer = new Pointer(allocated);
        pointer.setMemory(0, size, (byte) 0);
        this.address = allocated;
        this.size = size;
        this.buffer = pointer.getByteBuffer(0, size).order(ByteOrder.nativeOrder());
    }

    /** Address of byte 0. */
    long address() {
        return address;
    }

    /** Size in bytes. */
    int size() {
        return size;
    }

    /** Native-order view of the whole region (absolute indexes only). */
    ByteBuffer buffer() {
        return buffer;
    }

    /** Frees the memory; later calls do nothing. */
    void free() {
        if (!freed) {
            freed = true;
            Native.free(address);
        }
    }
}

package io.salvo.srtp;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A block of zeroed native memory from {@code malloc}, seen through a big-endian direct
 * {@link ByteBuffer} (absolute indexes only), zeroed again and freed exactly once by
 * {@link #free()}: it holds keys, IVs and tags. Owners stop using it after {@code free()}.
 */
final class NativeMemory {
    private final long address;
    private final int size;
    private final ByteBuffer buffer;
    private boolean freed;

    /** {@code size} zeroed bytes. */
    NativeMemory(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("native memory size must be > 0, was " + size);
        }
        long allocated = Native.malloc(size);
        if (allocated == 0) {
            throw new OutOfMemoryError("malloc(" + size + ") failed");
        }
        Pointer pointer = new Pointer(allocated);
        pointer.setMemory(0, size, (byte) 0);
        this.address = allocated;
        this.size = size;
        this.buffer = pointer.getByteBuffer(0, size).order(ByteOrder.BIG_ENDIAN);
    }

    /** Address of byte 0. */
    long address() {
        return address;
    }

    /** Size in bytes. */
    int size() {
        return size;
    }

    /** Big-endian view of the whole block. */
    ByteBuffer buffer() {
        return buffer;
    }

    /** Copies {@code bytes} in at {@code at}. */
    void put(int at, byte[] bytes) {
        buffer.put(at, bytes, 0, bytes.length);
    }

    /** Overwrites the memory with zeros and frees it; later calls do nothing. */
    void free() {
        if (!freed) {
            freed = true;
            new Pointer(address).setMemory(0, size, (byte) 0);
            Native.free(address);
        }
    }
}

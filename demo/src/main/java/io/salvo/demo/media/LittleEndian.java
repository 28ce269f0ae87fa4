package io.salvo.demo.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Little-endian reads at absolute indexes (IVF, Ogg, OpusHead), whatever the buffer's own order;
 * never moves position or limit.
 */
final class LittleEndian {
    private LittleEndian() {
    }

    /** Unsigned 16-bit little-endian value at {@code index}. */
    static int u16(ByteBuffer buffer, int index) {
        short v = buffer.getShort(index);
        return (buffer.order() == ByteOrder.LITTLE_ENDIAN ? v : Short.reverseBytes(v)) & 0xFFFF;
    }

    /** Signed 32-bit little-endian value at {@code index}. */
    static int i32(ByteBuffer buffer, int index) {
        int v = buffer.getInt(index);
        return buffer.order() == ByteOrder.LITTLE_ENDIAN ? v : Integer.reverseBytes(v);
    }

    /** Unsigned 32-bit little-endian value at {@code index}. */
    static long u32(ByteBuffer buffer, int index) {
        return i32(buffer, index) & 0xFFFF_FFFFL;
    }

    /** Signed 64-bit little-endian value at {@code index}. */
    static long i64(ByteBuffer buffer, int index) {
        long v = buffer.getLong(index);
        return buffer.order() == ByteOrder.LITTLE_ENDIAN ? v : Long.reverseBytes(v);
    }
}

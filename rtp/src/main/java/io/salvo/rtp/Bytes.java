package io.salvo.rtp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Big-endian (network order) access to a {@link ByteBuffer} at absolute indexes, whatever the
 * buffer's own {@link ByteBuffer#order() order}. Never moves the buffer's position or limit.
 */
public final class Bytes {
    private Bytes() {
    }

    /** Unsigned byte at {@code index}. */
    public static int u8(ByteBuffer buffer, int index) {
        return buffer.get(index) & 0xFF;
    }

    /** Unsigned 16-bit big-endian value at {@code index}. */
    public static int u16(ByteBuffer buffer, int index) {
        short value = buffer.getShort(index);
        if (buffer.order() != ByteOrder.BIG_ENDIAN) {
            value = Short.reverseBytes(value);
        }
        return value & 0xFFFF;
    }

    /** Unsigned 24-bit big-endian value at {@code index}. */
    public static int u24(ByteBuffer buffer, int index) {
        return (u8(buffer, index) << 16) | u16(buffer, index + 1);
    }

    /** Signed 32-bit big-endian value at {@code index}. */
    public static int i32(ByteBuffer buffer, int index) {
        int value = buffer.getInt(index);
        return buffer.order() == ByteOrder.BIG_ENDIAN ? value : Integer.reverseBytes(value);
    }

    /** Unsigned 32-bit big-endian value at {@code index}. */
    public static long u32(ByteBuffer buffer, int index) {
        return i32(buffer, index) & 0xFFFF_FFFFL;
    }

    /** Signed 64-bit big-endian value at {@code index}. */
    public static long i64(ByteBuffer buffer, int index) {
        long value = buffer.getLong(index);
        return buffer.order() == ByteOrder.BIG_ENDIAN ? value : Long.reverseBytes(value);
    }

    /** Writes the low 8 bits of {@code value} at {@code index}. */
    public static void put8(ByteBuffer buffer, int index, int value) {
        buffer.put(index, (byte) value);
    }

    /** Writes the low 16 bits of {@code value} big-endian at {@code index}. */
    public static void put16(ByteBuffer buffer, int index, int value) {
        short s = (short) value;
        buffer.putShort(index, buffer.order() == ByteOrder.BIG_ENDIAN ? s : Short.reverseBytes(s));
    }

    /** Writes the low 24 bits of {@code value} big-endian at {@code index}. */
    public static void put24(ByteBuffer buffer, int index, int value) {
        put8(buffer, index, value >>> 16);
        put16(buffer, index + 1, value);
    }

    /** Writes the low 32 bits of {@code value} big-endian at {@code index}. */
    public static void put32(ByteBuffer buffer, int index, long value) {
        int i = (int) value;
        buffer.putInt(index, buffer.order() == ByteOrder.BIG_ENDIAN ? i : Integer.reverseBytes(i));
    }

    /** Writes {@code value} big-endian at {@code index}. */
    public static void put64(ByteBuffer buffer, int index, long value) {
        buffer.putLong(index, buffer.order() == ByteOrder.BIG_ENDIAN ? value : Long.reverseBytes(value));
    }

    /**
     * Checks that {@code [offset, offset + length)} lies inside {@code [0, capacity)}.
     *
     * @throws IndexOutOfBoundsException naming {@code what}, the range and the capacity
     */
    public static void checkRange(String what, int offset, int length, int capacity) {
        if (offset < 0 || length < 0 || offset > capacity - length) {
            throw new IndexOutOfBoundsException(what + ": range [" + offset + ", " + ((long) offset + length)
                    + ") is outside the buffer's capacity " + capacity);
        }
    }
}

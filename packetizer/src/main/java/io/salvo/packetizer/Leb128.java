package io.salvo.packetizer;

import java.nio.ByteBuffer;

/**
 * Unsigned LEB128 as AV1 uses it (AV1 §4.10.5): little-endian groups of 7 bits, the high bit of
 * each byte set when another byte follows; at most 8 bytes, values up to 2<sup>32</sup> − 1.
 *
 * <p>{@link #read} returns value and length packed into one {@code long} so that parsing
 * allocates nothing: {@link #value(long)} and {@link #length(long)} unpack it.
 */
public final class Leb128 {
    /** Longest encoding AV1 allows. */
    public static final int MAX_LENGTH = 8;
    /** Largest value AV1 allows: {@code (1 << 32) - 1}. */
    public static final long MAX_VALUE = 0xFFFF_FFFFL;
    /** {@link #read} result for a value that runs past the end of the buffer range. */
    public static final long TRUNCATED = -1;
    /** {@link #read} result for a value longer than 8 bytes or above {@link #MAX_VALUE}. */
    public static final long TOO_LARGE = -2;

    private Leb128() {
    }

    /** Bytes of the minimal encoding of {@code value} (1 for 0). */
    public static int encodedLength(long value) {
        checkValue(value);
        int length = 1;
        while (value >= 0x80) {
            value >>>= 7;
            length++;
        }
        return length;
    }

    /**
     * Writes the minimal encoding of {@code value} at absolute index {@code index}.
     *
     * @return the number of bytes written
     */
    public static int write(ByteBuffer buffer, int index, long value) {
        checkValue(value);
        int start = index;
        while (value >= 0x80) {
            buffer.put(index++, (byte) (0x80 | (value & 0x7F)));
            value >>>= 7;
        }
        buffer.put(index++, (byte) value);
        return index - start;
    }

    /**
     * Reads a value starting at absolute index {@code index}, not reading at or beyond {@code end}.
     *
     * @return value and length packed (see {@link #value}, {@link #length}), or {@link #TRUNCATED}
     *         or {@link #TOO_LARGE}
     */
    public static long read(ByteBuffer buffer, int index, int end) {
        long value = 0;
        for (int i = 0; i < MAX_LENGTH; i++) {
            if (index + i >= end) {
                return TRUNCATED;
            }
            int b = buffer.get(index + i) & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value > MAX_VALUE ? TOO_LARGE : value | ((long) (i + 1) << 32);
            }
        }
        return TOO_LARGE;
    }

    /** The value of a successful {@link #read} result. */
    public static long value(long packed) {
        return packed & MAX_VALUE;
    }

    /** The encoded length of a successful {@link #read} result. */
    public static int length(long packed) {
        return (int) (packed >>> 32);
    }

    private static void checkValue(long value) {
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("LEB128 value must be 0.." + MAX_VALUE + ", was " + value);
        }
    }
}

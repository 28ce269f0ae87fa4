package io.salvo.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A fuzzer's bytes laid out as a received datagram inside a larger buffer, for the fuzz targets of
 * the parsers: byte 0 picks the datagram's offset (its low 5 bits, 0..31), the other bytes are the
 * datagram. The buffer's limit is set to the datagram's end, so an absolute read past the datagram
 * throws {@link IndexOutOfBoundsException} even though the capacity goes on.
 *
 * <p>{@link #parseTwice} runs a parser over two copies: a heap buffer in big-endian order with
 * 0xEE around the datagram, and a direct buffer in little-endian order with 0x81 around it (0x81
 * reads as the first byte of an RTCP header, V=2, RC=1). Whatever the parser reports must be the
 * same for both: a parser that read a byte before the datagram, or depended on the buffer's
 * order or kind, would tell them apart. The buffers are reused from one input to the next.
 */
public final class FuzzedDatagram {
    /** Bytes of filler after the datagram's limit (inside the capacity). */
    private static final int SLACK = 8;
    private static final int MAX_OFFSET = 31;
    private static ByteBuffer heap = ByteBuffer.allocate(0);
    private static ByteBuffer direct = ByteBuffer.allocateDirect(0);

    /** What a parser reports about a datagram, folded into one number (see {@link Digest}). */
    @FunctionalInterface
    public interface Parser {
        long parse(ByteBuffer buffer, int offset, int length);
    }

    private FuzzedDatagram() {
    }

    /**
     * Parses {@code input} (byte 0: offset, then the datagram) with {@code parser} in both buffers
     * and checks that the two digests agree.
     */
    public static void parseTwice(byte[] input, Parser parser) {
        int offset = input.length == 0 ? 0 : input[0] & MAX_OFFSET;
        int length = Math.max(0, input.length - 1);
        heap = place(heap, input, offset, length, (byte) 0xEE, false, ByteOrder.BIG_ENDIAN);
        direct = place(direct, input, offset, length, (byte) 0x81, true, ByteOrder.LITTLE_ENDIAN);
        long fromHeap = parser.parse(heap, offset, length);
        long fromDirect = parser.parse(direct, offset, length);
        assertEquals(fromHeap, fromDirect, "the parser saw something besides the datagram's bytes");
    }

    private static ByteBuffer place(ByteBuffer buffer, byte[] input, int offset, int length, byte filler,
                                    boolean isDirect, ByteOrder order) {
        int capacity = offset + length + SLACK;
        if (buffer.capacity() < capacity) {
            int grown = Math.max(capacity, 2 * buffer.capacity());
            buffer = isDirect ? ByteBuffer.allocateDirect(grown) : ByteBuffer.allocate(grown);
        }
        buffer.clear().order(order);
        for (int i = 0; i < offset; i++) {
            buffer.put(i, filler);
        }
        if (length > 0) {
            buffer.put(offset, input, 1, length);
        }
        for (int i = offset + length; i < capacity; i++) {
            buffer.put(i, filler);
        }
        buffer.limit(offset + length);
        return buffer;
    }

    /** Folds values into one number, so two parses can be compared field by field at little cost. */
    public static final class Digest {
        private long value = 17;

        /** Adds {@code v}; returns this. */
        public Digest add(long v) {
            value = value * 1_000_003L + v;
            return this;
        }

        /** Adds a text (an error message). */
        public Digest add(String text) {
            return add(text.hashCode());
        }

        /** The digest so far. */
        public long value() {
            return value;
        }
    }
}

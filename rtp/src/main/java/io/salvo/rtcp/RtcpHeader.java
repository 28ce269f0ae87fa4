package io.salvo.rtcp;

import io.salvo.rtp.Bytes;
import java.nio.ByteBuffer;

/**
 * The 4-byte header every RTCP packet starts with (RFC 3550 §6.4.1), read and written by static
 * methods at absolute indexes, big-endian, never moving the buffer's position:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  count  |      PT       |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>count is RC, SC, FMT or subtype depending on PT; length is the packet's size in 32-bit
 * words minus one, header and padding included. These methods do not validate: use
 * {@link RtcpCompound} on untrusted datagrams.
 */
public final class RtcpHeader {
    /** RTP/RTCP version carried in every packet. */
    public static final int VERSION = 2;
    /** Length of the common header. */
    public static final int HEADER_LENGTH = 4;
    /** Largest count (5 bits). */
    public static final int MAX_COUNT = 31;

    private RtcpHeader() {
    }

    /** Version field (2 bits) of the header at {@code offset}. */
    public static int version(ByteBuffer buffer, int offset) {
        return Bytes.u8(buffer, offset) >>> 6;
    }

    /** Padding bit: the packet ends with padding whose count is its last byte. */
    public static boolean padding(ByteBuffer buffer, int offset) {
        return (Bytes.u8(buffer, offset) & 0x20) != 0;
    }

    /** The 5-bit count: RC (SR, RR), SC (SDES, BYE), FMT (feedback) or subtype (APP). */
    public static int count(ByteBuffer buffer, int offset) {
        return Bytes.u8(buffer, offset) & 0x1F;
    }

    /** Packet type, e.g. {@link RtcpPacketType#SR}. */
    public static int packetType(ByteBuffer buffer, int offset) {
        return Bytes.u8(buffer, offset + 1);
    }

    /** The raw length field: the packet's size in 32-bit words minus one. */
    public static int lengthWords(ByteBuffer buffer, int offset) {
        return Bytes.u16(buffer, offset + 2);
    }

    /** The packet's size in bytes as its length field gives it, padding included. */
    public static int packetLength(ByteBuffer buffer, int offset) {
        return 4 * (lengthWords(buffer, offset) + 1);
    }

    /**
     * Writes a header with V=2, P=0 at absolute index {@code offset}.
     *
     * @return {@link #HEADER_LENGTH}
     * @throws IllegalArgumentException  if count is not 0..31, packetType not 0..255 or
     *                                   lengthWords not 0..65535
     * @throws IndexOutOfBoundsException if the header does not fit the buffer
     */
    public static int write(ByteBuffer buffer, int offset, int count, int packetType, int lengthWords) {
        if (count < 0 || count > MAX_COUNT) {
            throw new IllegalArgumentException("RTCP count must be 0..31, was " + count);
        }
        if (packetType < 0 || packetType > 255) {
            throw new IllegalArgumentException("RTCP packet type must be 0..255, was " + packetType);
        }
        if (lengthWords < 0 || lengthWords > 0xFFFF) {
            throw new IllegalArgumentException("RTCP length must be 0..65535 words, was " + lengthWords);
        }
        Bytes.checkRange("RTCP header", offset, HEADER_LENGTH, buffer.capacity());
        Bytes.put32(buffer, offset, (VERSION << 30) | (count << 24) | (packetType << 16) | lengthWords);
        return HEADER_LENGTH;
    }

    /** The first 32-bit word of the header at {@code offset}, for the decoders below: one read, not four. */
    static int word(ByteBuffer buffer, int offset) {
        return Bytes.i32(buffer, offset);
    }

    /** Version field of a header word. */
    static int version(int word) {
        return word >>> 30;
    }

    /** Padding bit of a header word. */
    static boolean padding(int word) {
        return (word & 0x2000_0000) != 0;
    }

    /** Count field of a header word. */
    static int count(int word) {
        return (word >>> 24) & MAX_COUNT;
    }

    /** Packet type of a header word. */
    static int packetType(int word) {
        return (word >>> 16) & 0xFF;
    }

    /** Length field of a header word. */
    static int lengthWords(int word) {
        return word & 0xFFFF;
    }

    /** Writes the header of a packet of {@code packetLength} bytes (a multiple of 4, at least 4). */
    static int writeForLength(ByteBuffer buffer, int offset, int count, int packetType, int packetLength) {
        return write(buffer, offset, count, packetType, packetLength / 4 - 1);
    }
}

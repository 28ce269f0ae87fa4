package io.salvo.rtcp;

import io.salvo.rtp.Bytes;
import java.nio.ByteBuffer;

/**
 * Walks the packets of one RTCP datagram (a compound packet, RFC 3550 §6.1) in place. {@link #wrap}
 * first checks the whole chain of common headers as RFC 3550 A.2 suggests: version 2 in each,
 * every length inside the datagram and all of them together exactly the datagram, padding only on
 * the last packet and with a sane count. Then {@link #next()} steps through the packets:
 *
 * <pre>{@code
 * if (compound.wrap(buffer, offset, length) == RtcpParseError.OK) {
 *     while (compound.next()) {
 *         if (compound.packetType() == RtcpPacketType.RR) {
 *             receiverReport.wrap(buffer, compound.packetOffset(), compound.packetLength());
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>The first packet need not be an SR or RR (reduced-size RTCP, RFC 5506, is legal); see
 * {@link #startsWithReport()}. Packet types it does not know are walked over like the others.
 * Nothing is allocated, and nothing past {@code offset + length} is read, whatever the buffer
 * holds beyond. Reusable: {@link #wrap} again for the next datagram.
 */
public final class RtcpCompound {
    private ByteBuffer buffer;
    private int offset;
    private int end;
    private int packetCount;
    private RtcpParseError error = RtcpParseError.TOO_SHORT;
    private int errorPacket;
    private int errorOffset;
    private int errorDetail;
    private int errorDetail2;
    private int nextOffset;
    private int packetOffset = -1;
    private int packetType;
    private int count;
    private int packetLength;
    private int paddingLength;

    /**
     * Checks the {@code length} bytes at absolute index {@code offset} of {@code buffer} as one
     * compound RTCP datagram, and rewinds to before its first packet.
     *
     * @return {@link RtcpParseError#OK}, or the first thing wrong (see {@link #errorMessage()})
     * @throws IndexOutOfBoundsException if the range lies outside the buffer
     */
    public RtcpParseError wrap(ByteBuffer buffer, int offset, int length) {
        Bytes.checkRange("RTCP datagram", offset, length, buffer.capacity());
        this.buffer = buffer;
        this.offset = offset;
        this.end = offset + length;
        this.packetCount = 0;
        this.error = check();
        rewind();
        return error;
    }

    private RtcpParseError check() {
        int position = offset;
        do {
            packetCount++;
            int left = end - position;
            if (left < RtcpHeader.HEADER_LENGTH) {
                return fail(RtcpParseError.TOO_SHORT, position, left, 0);
            }
            int word = RtcpHeader.word(buffer, position);
            int version = RtcpHeader.version(word);
            if (version != RtcpHeader.VERSION) {
                return fail(RtcpParseError.BAD_VERSION, position, version, 0);
            }
            int size = 4 * (RtcpHeader.lengthWords(word) + 1);
            if (size > left) {
                return fail(RtcpParseError.LENGTH_OVERRUN, position, RtcpHeader.lengthWords(word), 0);
            }
            if (RtcpHeader.padding(word)) {
                if (size < left) {
                    return fail(RtcpParseError.PADDING_NOT_LAST, position, left - size, 0);
                }
                int padding = Bytes.u8(buffer, position + size - 1);
                if (padding == 0) {
                    return fail(RtcpParseError.PADDING_ZERO, position, 0, 0);
                }
                if (padding > size - RtcpHeader.HEADER_LENGTH) {
                    return fail(RtcpParseError.PADDING_OVERRUN, position, padding, size - RtcpHeader.HEADER_LENGTH);
                }
            }
            position += size;
        } while (position < end);
        return RtcpParseError.OK;
    }

    private RtcpParseError fail(RtcpParseError error, int position, int detail, int detail2) {
        errorPacket = packetCount;
        errorOffset = position - offset;
        errorDetail = detail;
        errorDetail2 = detail2;
        return error;
    }

    /** Goes back to before the first packet, to walk the datagram again. */
    public void rewind() {
        nextOffset = offset;
        packetOffset = -1;
        packetType = 0;
        count = 0;
        packetLength = 0;
        paddingLength = 0;
    }

    /**
     * Steps to the next packet.
     *
     * @return false when there is none left, or the datagram did not pass {@link #wrap}
     */
    public boolean next() {
        if (error != RtcpParseError.OK || nextOffset >= end) {
            return false;
        }
        int word = RtcpHeader.word(buffer, nextOffset);
        int size = 4 * (RtcpHeader.lengthWords(word) + 1);
        packetOffset = nextOffset;
        packetType = RtcpHeader.packetType(word);
        count = RtcpHeader.count(word);
        paddingLength = RtcpHeader.padding(word) ? Bytes.u8(buffer, packetOffset + size - 1) : 0;
        packetLength = size - paddingLength;
        nextOffset += size;
        return true;
    }

    /** The result of the last {@link #wrap}. */
    public RtcpParseError error() {
        return error;
    }

    /**
     * A sentence describing the last wrap's error with the packet, its byte offset in the
     * datagram and the numbers, e.g. "packet 2 at byte 28: length field 7 words runs past the end
     * of the 40-byte datagram"; "well-formed RTCP compound of 2 packets" when OK.
     */
    public String errorMessage() {
        String at = "packet " + errorPacket + " at byte " + errorOffset + ": ";
        switch (error) {
            case OK:
                return "well-formed RTCP compound of " + packetCount + " packets";
            case TOO_SHORT:
                return at + errorDetail + " bytes left, fewer than the 4 of a common header";
            case BAD_VERSION:
                return at + "version is " + errorDetail + ", not 2";
            case LENGTH_OVERRUN:
                return at + "length field " + errorDetail + " words runs past the end of the "
                        + (end - offset) + "-byte datagram";
            case PADDING_NOT_LAST:
                return at + "P bit set but " + errorDetail
                        + " bytes of other packets follow; only the last packet may be padded";
            case PADDING_ZERO:
                return at + "P bit set but the padding count is 0";
            case PADDING_OVERRUN:
                return at + "padding count " + errorDetail + " is larger than the " + errorDetail2
                        + " bytes after the common header";
            default:
                return at + error.description();
        }
    }

    /** True when the datagram is well-formed and its first packet is an SR or RR (RFC 3550 §6.1). */
    public boolean startsWithReport() {
        if (error != RtcpParseError.OK) {
            return false;
        }
        int type = RtcpHeader.packetType(buffer, offset);
        return type == RtcpPacketType.SR || type == RtcpPacketType.RR;
    }

    /** Number of packets in a well-formed datagram (after a failed wrap: up to the bad one). */
    public int packetCount() {
        return packetCount;
    }

    /** The wrapped buffer. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Packet type of the current packet, e.g. {@link RtcpPacketType#SR} (0 before the first {@link #next()}). */
    public int packetType() {
        return packetType;
    }

    /** The current packet's 5-bit count: RC, SC, FMT or subtype depending on its type. */
    public int count() {
        return count;
    }

    /** Absolute index of the current packet's first byte. */
    public int packetOffset() {
        return packetOffset;
    }

    /** Length of the current packet in bytes, common header included, padding excluded. */
    public int packetLength() {
        return packetLength;
    }

    /** Padding bytes at the end of the current packet (0 unless it is a padded last packet). */
    public int paddingLength() {
        return paddingLength;
    }
}

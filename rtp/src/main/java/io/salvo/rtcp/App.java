package io.salvo.rtcp;

import io.salvo.rtp.Bytes;
import java.nio.ByteBuffer;

/**
 * Parses and writes an RTCP application-defined packet (APP, PT 204, RFC 3550 §6.7) in place:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| subtype |   PT=APP=204  |             length            |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           SSRC/CSRC                           |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          name (ASCII)                         |  8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   application-dependent data                ...  12
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>{@link #wrap} returns an {@link RtcpParseError} rather than throwing; the accessors are
 * valid after it returned {@link RtcpParseError#OK}.
 */
public final class App {
    /** Length of the header, SSRC and name: where the data starts. */
    public static final int DATA_OFFSET = 12;

    private static final int SSRC_OFFSET = 4;
    private static final int NAME_OFFSET = 8;

    private final PacketCheck packet = new PacketCheck("RTCP APP");

    /**
     * Parses the APP packet of {@code length} bytes at absolute index {@code offset}, as
     * {@link RtcpCompound#packetOffset()} and {@link RtcpCompound#packetLength()} give it.
     *
     * @return {@link RtcpParseError#OK}, or what is wrong (see {@link #errorMessage()})
     * @throws IndexOutOfBoundsException if the range lies outside the buffer
     */
    public RtcpParseError wrap(ByteBuffer buffer, int offset, int length) {
        RtcpParseError error = packet.wrap(buffer, offset, length, RtcpPacketType.APP, PacketCheck.ANY_FORMAT);
        if (error == RtcpParseError.OK && packet.length < DATA_OFFSET) {
            return packet.fail(RtcpParseError.APP_TRUNCATED, packet.length, 0);
        }
        return error;
    }

    /** The result of the last {@link #wrap}. */
    public RtcpParseError error() {
        return packet.error();
    }

    /** A sentence describing the last wrap's error with its numbers. */
    public String errorMessage() {
        if (packet.error() == RtcpParseError.APP_TRUNCATED) {
            return "RTCP APP of " + packet.detail() + " bytes is shorter than its 12 bytes of header, SSRC and name";
        }
        return packet.message();
    }

    /** Absolute index of the packet's first byte. */
    public int offset() {
        return packet.offset;
    }

    /** Length of the packet in bytes, padding excluded. */
    public int length() {
        return packet.length;
    }

    /** The application's subtype (0..31), in place of the count. */
    public int subtype() {
        return packet.count;
    }

    /** SSRC or CSRC of the sender. */
    public long ssrc() {
        return Bytes.u32(packet.buffer, packet.offset + SSRC_OFFSET);
    }

    /** The 4 ASCII bytes of the name as a big-endian int (see {@link #name(String)}). */
    public int name() {
        return Bytes.i32(packet.buffer, packet.offset + NAME_OFFSET);
    }

    /** Absolute index of the application-dependent data. */
    public int dataOffset() {
        return packet.offset + DATA_OFFSET;
    }

    /** Length of the application-dependent data in bytes. */
    public int dataLength() {
        return packet.length - DATA_OFFSET;
    }

    /**
     * The name field of a 4-character ASCII name, e.g. {@code name("SALV") == 0x53414C56}.
     *
     * @throws IllegalArgumentException if the name is not 4 ASCII characters
     */
    public static int name(String ascii) {
        if (ascii.length() != 4 || !ascii.chars().allMatch(c -> c < 0x80)) {
            throw new IllegalArgumentException("APP name must be 4 ASCII characters, was \"" + ascii + "\"");
        }
        return ascii.charAt(0) << 24 | ascii.charAt(1) << 16 | ascii.charAt(2) << 8 | ascii.charAt(3);
    }

    /** Bytes of an APP packet with {@code dataLength} bytes of data. */
    public static int length(int dataLength) {
        return DATA_OFFSET + dataLength;
    }

    /**
     * Writes an APP packet at absolute index {@code offset}, copying the {@code dataLength} bytes
     * at absolute index {@code dataOffset} of {@code data} (which may be null when dataLength is 0).
     *
     * @return the packet's length in bytes
     * @throws IllegalArgumentException  if subtype is not 0..31 or dataLength not a multiple of 4
     * @throws IndexOutOfBoundsException if the data range lies outside {@code data} or the packet
     *                                   does not fit the buffer
     */
    public static int write(ByteBuffer buffer, int offset, int subtype, long ssrc, int name,
                            ByteBuffer data, int dataOffset, int dataLength) {
        if (subtype < 0 || subtype > RtcpHeader.MAX_COUNT) {
            throw new IllegalArgumentException("APP subtype must be 0..31, was " + subtype);
        }
        if (dataLength % 4 != 0) {
            throw new IllegalArgumentException("APP data must be a multiple of 4 bytes, was " + dataLength);
        }
        if (data != null) {
            Bytes.checkRange("APP data", dataOffset, dataLength, data.capacity());
        } else if (dataLength != 0) {
            throw new NullPointerException("APP data is null but dataLength is " + dataLength);
        }
        int length = length(dataLength);
        Bytes.checkRange("RTCP APP", offset, length, buffer.capacity());
        RtcpHeader.writeForLength(buffer, offset, subtype, RtcpPacketType.APP, length);
        Bytes.put32(buffer, offset + SSRC_OFFSET, ssrc);
        Bytes.put32(buffer, offset + NAME_OFFSET, name);
        if (dataLength > 0) {
            buffer.put(offset + DATA_OFFSET, data, dataOffset, dataLength);
        }
        return length;
    }
}

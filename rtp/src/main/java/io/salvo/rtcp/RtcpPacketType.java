package io.salvo.rtcp;

import io.salvo.rtp.Bytes;
import java.nio.ByteBuffer;

/**
 * RTCP packet types (the second byte of the common header) and feedback message types (the FMT
 * field in place of the count), plus the RFC 5761 §4 test that tells RTCP from RTP when both
 * share one port (rtcp-mux).
 */
public final class RtcpPacketType {
    /** Sender report, RFC 3550 §6.4.1. */
    public static final int SR = 200;
    /** Receiver report, RFC 3550 §6.4.2. */
    public static final int RR = 201;
    /** Source description, RFC 3550 §6.5. */
    public static final int SDES = 202;
    /** Goodbye, RFC 3550 §6.6. */
    public static final int BYE = 203;
    /** Application-defined, RFC 3550 §6.7. */
    public static final int APP = 204;
    /** Transport-layer feedback, RFC 4585 §6.2. */
    public static final int RTPFB = 205;
    /** Payload-specific feedback, RFC 4585 §6.3. */
    public static final int PSFB = 206;

    /** FMT of a generic NACK in an {@link #RTPFB} packet, RFC 4585 §6.2.1. */
    public static final int GENERIC_NACK = 1;
    /** FMT of a picture loss indication in a {@link #PSFB} packet, RFC 4585 §6.3.1. */
    public static final int PLI = 1;
    /** FMT of a full intra request in a {@link #PSFB} packet, RFC 5104 §4.3.1. */
    public static final int FIR = 4;

    /** Lowest second byte that marks RTCP on a multiplexed port (RTP payload type 64 with M=1). */
    public static final int MUX_FIRST = 192;
    /** Highest second byte that marks RTCP on a multiplexed port (RTP payload type 95 with M=1). */
    public static final int MUX_LAST = 223;

    private RtcpPacketType() {
    }

    /**
     * True when the datagram of {@code length} bytes at absolute index {@code offset} is RTCP
     * rather than RTP, by RFC 5761 §4: at least a common header long and its second byte (RTCP
     * packet type, or RTP marker bit and payload type) in 192..223. RTP sessions sharing the port
     * must not use payload types 64..95.
     *
     * @throws IndexOutOfBoundsException if the range lies outside the buffer
     */
    public static boolean isRtcp(ByteBuffer buffer, int offset, int length) {
        Bytes.checkRange("datagram", offset, length, buffer.capacity());
        if (length < RtcpHeader.HEADER_LENGTH) {
            return false;
        }
        int second = Bytes.u8(buffer, offset + 1);
        return second >= MUX_FIRST && second <= MUX_LAST;
    }

    /** The short name of a packet type ("SR", "RTPFB", …), or its number for others. */
    public static String name(int packetType) {
        switch (packetType) {
            case SR:
                return "SR";
            case RR:
                return "RR";
            case SDES:
                return "SDES";
            case BYE:
                return "BYE";
            case APP:
                return "APP";
            case RTPFB:
                return "RTPFB";
            case PSFB:
                return "PSFB";
            default:
                return Integer.toString(packetType);
        }
    }
}

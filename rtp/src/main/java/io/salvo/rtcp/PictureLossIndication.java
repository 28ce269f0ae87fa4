package io.salvo.rtcp;

import java.nio.ByteBuffer;

/**
 * Parses and writes a picture loss indication (PLI, PSFB FMT 1, RFC 4585 §6.3.1): a receiver
 * lost part of a picture and asks the sender of {@link #mediaSsrc()} for a new key frame. It is
 * the common feedback header with no FCI:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=1  |  PT=PSFB=206  |          length=2             |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |  8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>{@link #wrap} returns an {@link RtcpParseError} rather than throwing; the accessors are
 * valid after it returned {@link RtcpParseError#OK}.
 */
public final class PictureLossIndication {
    /** Length of a PLI. */
    public static final int LENGTH = 12;

    private final PacketCheck packet = new PacketCheck("RTCP PLI");

    /**
     * Parses the PLI of {@code length} bytes at absolute index {@code offset}, as
     * {@link RtcpCompound#packetOffset()} and {@link RtcpCompound#packetLength()} give it.
     *
     * @return {@link RtcpParseError#OK}, or what is wrong (see {@link #errorMessage()})
     * @throws IndexOutOfBoundsException if the range lies outside the buffer
     */
    public RtcpParseError wrap(ByteBuffer buffer, int offset, int length) {
        RtcpParseError error = Feedback.wrap(packet, buffer, offset, length, RtcpPacketType.PSFB, RtcpPacketType.PLI);
        if (error == RtcpParseError.OK && packet.length > LENGTH) {
            return packet.fail(RtcpParseError.PLI_HAS_FCI, packet.length - LENGTH, 0);
        }
        return error;
    }

    /** The result of the last {@link #wrap}. */
    public RtcpParseError error() {
        return packet.error();
    }

    /** A sentence describing the last wrap's error with its numbers. */
    public String errorMessage() {
        return Feedback.message(packet);
    }

    /** Absolute index of the packet's first byte. */
    public int offset() {
        return packet.offset;
    }

    /** SSRC of the receiver sending this PLI. */
    public long senderSsrc() {
        return Feedback.senderSsrc(packet);
    }

    /** SSRC of the media source that should send a key frame. */
    public long mediaSsrc() {
        return Feedback.mediaSsrc(packet);
    }

    /**
     * Writes a PLI at absolute index {@code offset}.
     *
     * @return {@link #LENGTH}
     * @throws IndexOutOfBoundsException if the packet does not fit the buffer
     */
    public static int write(ByteBuffer buffer, int offset, long senderSsrc, long mediaSsrc) {
        Feedback.write(buffer, offset, "RTCP PLI", RtcpPacketType.PSFB, RtcpPacketType.PLI, LENGTH,
                senderSsrc, mediaSsrc);
        return LENGTH;
    }
}

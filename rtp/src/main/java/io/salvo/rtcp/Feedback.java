package io.salvo.rtcp;

import io.salvo.rtp.Bytes;
import java.nio.ByteBuffer;

/**
 * The common packet format of RTCP feedback messages (RFC 4585 §6.1), shared by
 * {@link GenericNack}, {@link PictureLossIndication} and {@link FullIntraRequest}:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|   FMT   |       PT      |          length               |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |  8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :            Feedback Control Information (FCI)                 :  12
 * </pre>
 */
final class Feedback {
    /** Length of the header and the two SSRCs: where the FCI starts. */
    static final int FCI_OFFSET = 12;
    static final int SENDER_SSRC_OFFSET = 4;
    static final int MEDIA_SSRC_OFFSET = 8;

    private Feedback() {
    }

    /** Checks the common header for {@code packetType}/{@code format} and the two SSRCs. */
    static RtcpParseError wrap(PacketCheck packet, ByteBuffer buffer, int offset, int length,
                               int packetType, int format) {
        RtcpParseError error = packet.wrap(buffer, offset, length, packetType, format);
        if (error == RtcpParseError.OK && packet.length < FCI_OFFSET) {
            return packet.fail(RtcpParseError.FEEDBACK_TRUNCATED, packet.length, 0);
        }
        return error;
    }

    /** Checks that the FCI is one or more whole entries of {@code entryLength} bytes. */
    static RtcpParseError checkEntries(PacketCheck packet, int entryLength, RtcpParseError none) {
        int fci = packet.length - FCI_OFFSET;
        if (fci == 0) {
            return packet.fail(none, 0, 0);
        }
        if (fci % entryLength != 0) {
            return packet.fail(RtcpParseError.FCI_TRUNCATED, fci, entryLength);
        }
        return RtcpParseError.OK;
    }

    /** The message for the feedback errors, and the common-header ones. */
    static String message(PacketCheck packet) {
        switch (packet.error()) {
            case FEEDBACK_TRUNCATED:
                return packet.name() + " of " + packet.detail() + " bytes is shorter than its 12 bytes of header and SSRCs";
            case NACK_NO_FCI:
                return packet.name() + " has no FCI entry; it needs at least one PID and BLP";
            case FIR_NO_FCI:
                return packet.name() + " has no FCI entry; it needs at least one SSRC and sequence number";
            case FCI_TRUNCATED:
                return packet.name() + " FCI of " + packet.detail() + " bytes is not a whole number of "
                        + packet.detail2() + "-byte entries";
            case PLI_HAS_FCI:
                return packet.name() + " carries " + packet.detail() + " bytes of FCI; its length field must be 2";
            default:
                return packet.message();
        }
    }

    /** SSRC of the packet sender. */
    static long senderSsrc(PacketCheck packet) {
        return Bytes.u32(packet.buffer, packet.offset + SENDER_SSRC_OFFSET);
    }

    /** SSRC of the media source. */
    static long mediaSsrc(PacketCheck packet) {
        return Bytes.u32(packet.buffer, packet.offset + MEDIA_SSRC_OFFSET);
    }

    /** Checks the range and writes the header and SSRCs of a feedback packet of {@code length} bytes. */
    static void write(ByteBuffer buffer, int offset, String what, int packetType, int format, int length,
                      long senderSsrc, long mediaSsrc) {
        Bytes.checkRange(what, offset, length, buffer.capacity());
        RtcpHeader.writeForLength(buffer, offset, format, packetType, length);
        Bytes.put32(buffer, offset + SENDER_SSRC_OFFSET, senderSsrc);
        Bytes.put32(buffer, offset + MEDIA_SSRC_OFFSET, mediaSsrc);
    }

    /** Throws when {@code index} is not below {@code count}. */
    static void checkEntryIndex(String what, int index, int count) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException(what + " entry " + index + " of " + count);
        }
    }
}

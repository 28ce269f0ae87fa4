package io.salvo.rtcp;

import io.salvo.rtp.Bytes;
import java.nio.ByteBuffer;

/**
 * The checks every single-packet parser starts with, and the state they leave: the common header
 * (version, packet type, FMT), the length field against the bytes given, and the padding. Holds
 * the packet's bounds and the error with its numbers for the parser's {@code errorMessage()}.
 *
 * <p>The bytes given may be the whole packet (its length field then decides where it ends, and
 * its padding is checked and left out) or, for a padded packet, the length without padding that
 * {@link RtcpCompound#packetLength()} reports; nothing past {@code offset + length} is read.
 */
final class PacketCheck {
    /** Any FMT or count is acceptable. */
    static final int ANY_FORMAT = -1;
    private static final int MAX_PADDING = 255;

    private final String name;
    ByteBuffer buffer;
    int offset;
    /** Bytes of the packet without padding, from the common header on. */
    int length;
    /** The header's 5-bit count (RC, SC, FMT or subtype); 0 until the header is read. */
    int count;
    private int given;
    private int expectedType;
    private int expectedFormat;
    private RtcpParseError error = RtcpParseError.TOO_SHORT;
    private int detail;
    private int detail2;

    /** A check whose messages name the packet {@code name}, e.g. "RTCP SR". */
    PacketCheck(String name) {
        this.name = name;
    }

    /** Checks the common header at {@code offset}; on OK, {@link #length} is the unpadded size. */
    RtcpParseError wrap(ByteBuffer buffer, int offset, int length, int packetType, int format) {
        Bytes.checkRange(name, offset, length, buffer.capacity());
        this.buffer = buffer;
        this.offset = offset;
        this.given = length;
        this.length = 0;
        this.count = 0;
        this.expectedType = packetType;
        this.expectedFormat = format;
        if (length < RtcpHeader.HEADER_LENGTH) {
            return fail(RtcpParseError.TOO_SHORT, length, 0);
        }
        int word = RtcpHeader.word(buffer, offset);
        int version = RtcpHeader.version(word);
        if (version != RtcpHeader.VERSION) {
            return fail(RtcpParseError.BAD_VERSION, version, 0);
        }
        int type = RtcpHeader.packetType(word);
        if (type != packetType) {
            return fail(RtcpParseError.WRONG_TYPE, type, 0);
        }
        int count = RtcpHeader.count(word);
        if (format != ANY_FORMAT && count != format) {
            return fail(RtcpParseError.WRONG_FORMAT, count, 0);
        }
        this.count = count;
        int declared = 4 * (RtcpHeader.lengthWords(word) + 1);
        boolean padded = RtcpHeader.padding(word);
        if (declared > length) {
            if (!padded || declared - length > MAX_PADDING) {
                return fail(RtcpParseError.LENGTH_OVERRUN, RtcpHeader.lengthWords(word), 0);
            }
            this.length = length;
            return ok();
        }
        int padding = padded ? Bytes.u8(buffer, offset + declared - 1) : 0;
        if (padded && padding == 0) {
            return fail(RtcpParseError.PADDING_ZERO, 0, 0);
        }
        if (padding > declared - RtcpHeader.HEADER_LENGTH) {
            return fail(RtcpParseError.PADDING_OVERRUN, padding, declared - RtcpHeader.HEADER_LENGTH);
        }
        this.length = declared - padding;
        return ok();
    }

    private RtcpParseError ok() {
        error = RtcpParseError.OK;
        return error;
    }

    /** Records {@code error} with up to two numbers for the message, and returns it. */
    RtcpParseError fail(RtcpParseError error, int detail, int detail2) {
        this.error = error;
        this.detail = detail;
        this.detail2 = detail2;
        return error;
    }

    /** The result of the last check. */
    RtcpParseError error() {
        return error;
    }

    /** First number recorded with the error. */
    int detail() {
        return detail;
    }

    /** Second number recorded with the error. */
    int detail2() {
        return detail2;
    }

    /** The packet's name in messages, e.g. "RTCP SR". */
    String name() {
        return name;
    }

    /** The message for the common-header errors (and a generic one for the others). */
    String message() {
        switch (error) {
            case OK:
                return "well-formed " + name;
            case TOO_SHORT:
                return name + " of " + detail + " bytes is shorter than the 4-byte common header";
            case BAD_VERSION:
                return name + " version is " + detail + ", not 2";
            case WRONG_TYPE:
                return name + " expects packet type " + expectedType + ", was " + detail
                        + " (" + RtcpPacketType.name(detail) + ")";
            case WRONG_FORMAT:
                return name + " expects FMT " + expectedFormat + ", was " + detail;
            case LENGTH_OVERRUN:
                return name + " length field " + detail + " words (" + 4 * (detail + 1)
                        + " bytes) runs past the " + given + " bytes given";
            case PADDING_ZERO:
                return name + " padding count is 0";
            case PADDING_OVERRUN:
                return name + " padding count " + detail + " is larger than the " + detail2
                        + " bytes after the common header";
            default:
                return name + ": " + error.description();
        }
    }
}

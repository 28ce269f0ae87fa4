package io.salvo.srtp;

import io.salvo.rtp.Bytes;
import io.salvo.rtp.RtpHeader;
import java.nio.ByteBuffer;

/**
 * The length of an RTP header (fixed part, CSRCs, extension) as SRTP sees it: everything before
 * the payload is authenticated but left in clear (RFC 3711 §3.1).
 */
final class RtpHeaders {
    private RtpHeaders() {
    }

    /**
     * The header length of the packet at {@code offset}, which has {@code available} bytes before
     * its payload could start to be anything else (the tag), or the negative code of
     * {@link SrtpStatus#TOO_SHORT}, {@link SrtpStatus#BAD_VERSION} or
     * {@link SrtpStatus#MALFORMED_HEADER}.
     */
    static int length(ByteBuffer buffer, int offset, int available) {
        if (available < RtpHeader.FIXED_LENGTH) {
            return SrtpStatus.TOO_SHORT.code();
        }
        int first = Bytes.u8(buffer, offset);
        if (first >>> 6 != RtpHeader.VERSION) {
            return SrtpStatus.BAD_VERSION.code();
        }
        int length = RtpHeader.FIXED_LENGTH + 4 * (first & 0x0F);
        if ((first & 0x10) != 0) {
            if (length + RtpHeader.EXTENSION_HEADER_LENGTH > available) {
                return SrtpStatus.MALFORMED_HEADER.code();
            }
            length += RtpHeader.EXTENSION_HEADER_LENGTH + 4 * Bytes.u16(buffer, offset + length + 2);
        }
        return length <= available ? length : SrtpStatus.MALFORMED_HEADER.code();
    }

    /** A sentence for the caller of a protect method whose header {@link #length} rejected. */
    static String describe(ByteBuffer buffer, int offset, int available, int code) {
        SrtpStatus status = SrtpStatus.of(code);
        switch (status) {
            case TOO_SHORT:
                return "RTP packet of " + available + " bytes is shorter than the 12-byte fixed header";
            case BAD_VERSION:
                return "RTP version must be 2, was " + (Bytes.u8(buffer, offset) >>> 6);
            default:
                int first = Bytes.u8(buffer, offset);
                return "RTP header with " + (first & 0x0F) + " CSRCs" + ((first & 0x10) != 0 ? " and an extension" : "")
                        + " runs past the end of the " + available + "-byte packet";
        }
    }
}

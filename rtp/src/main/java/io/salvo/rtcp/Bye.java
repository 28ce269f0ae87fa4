package io.salvo.rtcp;

import io.salvo.rtp.Bytes;
import io.salvo.rtp.RtpHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes an RTCP BYE packet (RFC 3550 §6.6), which tells receivers such as ffmpeg's RTP demuxer
 * that a source has left (ffmpeg ends the stream on it):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    SC   |   PT=BYE=203  |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           SSRC/CSRC                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     length    |               reason for leaving            ...   (optional)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>length is the packet's size in 32-bit words minus one; the reason is padded with zero
 * bytes to a 32-bit boundary. ffmpeg (5.1) drops RTP/RTCP datagrams shorter than 12 bytes, so
 * give it a BYE with a reason.
 */
public final class Bye {
    /** RTCP packet type of BYE. */
    public static final int PACKET_TYPE = 203;
    /** Longest reason (one length byte). */
    public static final int MAX_REASON_LENGTH = 255;

    private Bye() {
    }

    /** Bytes of a BYE for one SSRC with a reason of {@code reasonBytes} UTF-8 bytes (0 for none). */
    public static int length(int reasonBytes) {
        return 8 + (reasonBytes == 0 ? 0 : (1 + reasonBytes + 3) & ~3);
    }

    /**
     * Writes a BYE for {@code ssrc} at absolute index {@code offset}, with an optional
     * {@code reason} (null or empty for none).
     *
     * @return the packet's length in bytes
     * @throws IllegalArgumentException  if the reason exceeds 255 UTF-8 bytes
     * @throws IndexOutOfBoundsException if the packet does not fit the buffer
     */
    public static int write(ByteBuffer buffer, int offset, long ssrc, String reason) {
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("BYE reason must be at most 255 UTF-8 bytes, was " + text.length);
        }
        int length = length(text.length);
        Bytes.checkRange("RTCP BYE", offset, length, buffer.capacity());
        Bytes.put8(buffer, offset, (RtpHeader.VERSION << 6) | 1);
        Bytes.put8(buffer, offset + 1, PACKET_TYPE);
        Bytes.put16(buffer, offset + 2, length / 4 - 1);
        Bytes.put32(buffer, offset + 4, ssrc);
        if (text.length > 0) {
            Bytes.put8(buffer, offset + 8, text.length);
            for (int i = 0; i < text.length; i++) {
                buffer.put(offset + 9 + i, text[i]);
            }
            for (int i = 9 + text.length; i < length; i++) {
                buffer.put(offset + i, (byte) 0);
            }
        }
        return length;
    }
}

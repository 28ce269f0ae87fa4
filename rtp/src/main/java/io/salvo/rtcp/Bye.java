package io.salvo.rtcp;

import io.salvo.rtp.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Parses and writes an RTCP BYE packet (PT 203, RFC 3550 §6.6), which tells receivers such as
 * ffmpeg's RTP demuxer that sources have left (ffmpeg ends the stream on it):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    SC   |   PT=BYE=203  |             length            |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           SSRC/CSRC                           |  4, SC of them
 * :                              ...                              :
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |     length    |               reason for leaving            ...   (optional)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The reason is padded with zero bytes to a 32-bit boundary. ffmpeg (5.1) drops RTP/RTCP
 * datagrams shorter than 12 bytes, so give it a BYE with a reason. {@link #wrap} returns an
 * {@link RtcpParseError} rather than throwing; the accessors are valid after it returned OK.
 */
public final class Bye {
    /** RTCP packet type of BYE. */
    public static final int PACKET_TYPE = RtcpPacketType.BYE;
    /** Longest reason (one length byte). */
    public static final int MAX_REASON_LENGTH = 255;

    private static final int SSRCS_OFFSET = 4;

    private final PacketCheck packet = new PacketCheck("RTCP BYE");

    /**
     * Parses the BYE of {@code length} bytes at absolute index {@code offset}, as
     * {@link RtcpCompound#packetOffset()} and {@link RtcpCompound#packetLength()} give it.
     *
     * @return {@link RtcpParseError#OK}, or what is wrong (see {@link #errorMessage()})
     * @throws IndexOutOfBoundsException if the range lies outside the buffer
     */
    public RtcpParseError wrap(ByteBuffer buffer, int offset, int length) {
        RtcpParseError error = packet.wrap(buffer, offset, length, RtcpPacketType.BYE, PacketCheck.ANY_FORMAT);
        if (error != RtcpParseError.OK) {
            return error;
        }
        int reason = SSRCS_OFFSET + 4 * ssrcCount();
        if (reason > packet.length) {
            return packet.fail(RtcpParseError.BYE_SSRC_OVERRUN, ssrcCount(), packet.length);
        }
        if (reason < packet.length && reason + 1 + Bytes.u8(buffer, offset + reason) > packet.length) {
            return packet.fail(RtcpParseError.BYE_REASON_OVERRUN, Bytes.u8(buffer, offset + reason), reason);
        }
        return RtcpParseError.OK;
    }

    /** The result of the last {@link #wrap}. */
    public RtcpParseError error() {
        return packet.error();
    }

    /** A sentence describing the last wrap's error with its numbers. */
    public String errorMessage() {
        switch (packet.error()) {
            case BYE_SSRC_OVERRUN:
                return "RTCP BYE SC " + packet.detail() + " needs " + (SSRCS_OFFSET + 4 * packet.detail())
                        + " bytes, packet has " + packet.detail2();
            case BYE_REASON_OVERRUN:
                return "RTCP BYE reason of " + packet.detail() + " bytes at byte " + packet.detail2()
                        + " runs past the end of the " + packet.length + "-byte packet";
            default:
                return packet.message();
        }
    }

    /** Absolute index of the packet's first byte. */
    public int offset() {
        return packet.offset;
    }

    /** Length of the packet in bytes, padding excluded. */
    public int length() {
        return packet.length;
    }

    /** Number of sources leaving (SC, 0..31). */
    public int ssrcCount() {
        return packet.count;
    }

    /**
     * SSRC or CSRC {@code index} of the sources leaving.
     *
     * @throws IndexOutOfBoundsException if index is not below {@link #ssrcCount()}
     */
    public long ssrc(int index) {
        int count = ssrcCount();
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("SSRC " + index + " of a BYE with SC " + count);
        }
        return Bytes.u32(packet.buffer, packet.offset + SSRCS_OFFSET + 4 * index);
    }

    /** True when the packet carries a reason field after its SSRCs (possibly of length 0). */
    public boolean hasReason() {
        return packet.length > SSRCS_OFFSET + 4 * ssrcCount();
    }

    /** Absolute index of the reason's first byte (after its length byte); valid when {@link #hasReason()}. */
    public int reasonOffset() {
        return packet.offset + SSRCS_OFFSET + 4 * ssrcCount() + 1;
    }

    /** Length of the reason in bytes (UTF-8), 0 without one. */
    public int reasonLength() {
        return hasReason() ? Bytes.u8(packet.buffer, reasonOffset() - 1) : 0;
    }

    /** Bytes of a BYE for one SSRC with a reason of {@code reasonBytes} UTF-8 bytes (0 for none). */
    public static int length(int reasonBytes) {
        return length(1, reasonBytes);
    }

    /** Bytes of a BYE for {@code ssrcCount} SSRCs with a reason of {@code reasonBytes} bytes (0 for none). */
    public static int length(int ssrcCount, int reasonBytes) {
        return SSRCS_OFFSET + 4 * ssrcCount + (reasonBytes == 0 ? 0 : (1 + reasonBytes + 3) & ~3);
    }

    /**
     * Writes a BYE for {@code ssrc} at absolute index {@code offset}, with an optional
     * {@code reason} (null or empty for none). Allocates the reason's UTF-8 bytes; see
     * {@link #write(ByteBuffer, int, long, byte[])} for a form that does not.
     *
     * @return the packet's length in bytes
     * @throws IllegalArgumentException  if the reason exceeds 255 UTF-8 bytes
     * @throws IndexOutOfBoundsException if the packet does not fit the buffer
     */
    public static int write(ByteBuffer buffer, int offset, long ssrc, String reason) {
        return write(buffer, offset, ssrc, reason == null ? null : reason.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a BYE for {@code ssrc} at absolute index {@code offset}, with an optional reason of
     * UTF-8 bytes (null or empty for none).
     *
     * @return the packet's length in bytes
     * @throws IllegalArgumentException  if the reason exceeds 255 bytes
     * @throws IndexOutOfBoundsException if the packet does not fit the buffer
     */
    public static int write(ByteBuffer buffer, int offset, long ssrc, byte[] reason) {
        int length = checkedLength(buffer, offset, 1, reason);
        Bytes.put32(buffer, offset + SSRCS_OFFSET, ssrc);
        return finish(buffer, offset, 1, reason, length);
    }

    /**
     * Writes a BYE without reason for the first {@code count} of {@code ssrcs} at absolute index
     * {@code offset}.
     *
     * @return the packet's length in bytes
     * @throws IllegalArgumentException  if count is not 0..31
     * @throws IndexOutOfBoundsException if count exceeds the array or the packet does not fit the buffer
     */
    public static int write(ByteBuffer buffer, int offset, long[] ssrcs, int count) {
        return write(buffer, offset, ssrcs, count, null);
    }

    /**
     * Writes a BYE for the first {@code count} of {@code ssrcs} at absolute index {@code offset},
     * with an optional reason of UTF-8 bytes (null or empty for none).
     *
     * @return the packet's length in bytes
     * @throws IllegalArgumentException  if count is not 0..31 or the reason exceeds 255 bytes
     * @throws IndexOutOfBoundsException if count exceeds the array or the packet does not fit the buffer
     */
    public static int write(ByteBuffer buffer, int offset, long[] ssrcs, int count, byte[] reason) {
        if (count < 0 || count > RtcpHeader.MAX_COUNT) {
            throw new IllegalArgumentException("BYE SSRC count must be 0..31, was " + count);
        }
        if (count > ssrcs.length) {
            throw new IndexOutOfBoundsException("BYE of " + count + " SSRCs from an array of " + ssrcs.length);
        }
        int length = checkedLength(buffer, offset, count, reason);
        for (int i = 0; i < count; i++) {
            Bytes.put32(buffer, offset + SSRCS_OFFSET + 4 * i, ssrcs[i]);
        }
        return finish(buffer, offset, count, reason, length);
    }

    private static int checkedLength(ByteBuffer buffer, int offset, int count, byte[] reason) {
        int reasonLength = reason == null ? 0 : reason.length;
        if (reasonLength > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("BYE reason must be at most 255 UTF-8 bytes, was " + reasonLength);
        }
        int length = length(count, reasonLength);
        Bytes.checkRange("RTCP BYE", offset, length, buffer.capacity());
        return length;
    }

    private static int finish(ByteBuffer buffer, int offset, int count, byte[] reason, int length) {
        RtcpHeader.writeForLength(buffer, offset, count, RtcpPacketType.BYE, length);
        int at = offset + SSRCS_OFFSET + 4 * count;
        if (reason != null && reason.length > 0) {
            Bytes.put8(buffer, at, reason.length);
            buffer.put(at + 1, reason);
            for (int i = at + 1 + reason.length; i < offset + length; i++) {
                buffer.put(i, (byte) 0);
            }
        }
        return length;
    }
}

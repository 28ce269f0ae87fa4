package io.salvo.rtcp;

import io.salvo.rtp.Bytes;
import java.nio.ByteBuffer;

/**
 * Parses and writes an RTCP sender report (SR, PT 200, RFC 3550 §6.4.1) in place:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    RC   |   PT=SR=200   |             length            |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         SSRC of sender                        |  4
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |              NTP timestamp, most significant word             |  8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             NTP timestamp, least significant word             | 12
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         RTP timestamp                         | 16
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     sender's packet count                     | 20
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      sender's octet count                     | 24
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 RC report blocks of 24 bytes                  | 28
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                  profile-specific extensions                  |
 * </pre>
 *
 * <p>{@link #wrap} returns an {@link RtcpParseError} rather than throwing, and reads nothing past
 * the bytes given; the accessors are valid after it returned {@link RtcpParseError#OK}.
 */
public final class SenderReport {
    /** Length of the header, SSRC and sender info: where the report blocks start. */
    public static final int REPORT_BLOCKS_OFFSET = 28;

    private static final int SSRC_OFFSET = 4;
    private static final int NTP_OFFSET = 8;
    private static final int RTP_TIMESTAMP_OFFSET = 16;
    private static final int PACKET_COUNT_OFFSET = 20;
    private static final int OCTET_COUNT_OFFSET = 24;

    private final PacketCheck packet = new PacketCheck("RTCP SR");

    /**
     * Parses the SR of {@code length} bytes at absolute index {@code offset}, as
     * {@link RtcpCompound#packetOffset()} and {@link RtcpCompound#packetLength()} give it.
     *
     * @return {@link RtcpParseError#OK}, or what is wrong (see {@link #errorMessage()})
     * @throws IndexOutOfBoundsException if the range lies outside the buffer
     */
    public RtcpParseError wrap(ByteBuffer buffer, int offset, int length) {
        RtcpParseError error = packet.wrap(buffer, offset, length, RtcpPacketType.SR, PacketCheck.ANY_FORMAT);
        if (error != RtcpParseError.OK) {
            return error;
        }
        if (packet.length < REPORT_BLOCKS_OFFSET) {
            return packet.fail(RtcpParseError.SENDER_INFO_TRUNCATED, packet.length, 0);
        }
        int count = reportCount();
        if (length(count) > packet.length) {
            return packet.fail(RtcpParseError.REPORT_BLOCKS_OVERRUN, count, packet.length);
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
            case SENDER_INFO_TRUNCATED:
                return "RTCP SR of " + packet.detail() + " bytes is shorter than its 28 bytes of header, SSRC and sender info";
            case REPORT_BLOCKS_OVERRUN:
                return "RTCP SR report count " + packet.detail() + " needs " + length(packet.detail())
                        + " bytes, packet has " + packet.detail2();
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

    /** SSRC of the sender. */
    public long ssrc() {
        return Bytes.u32(packet.buffer, packet.offset + SSRC_OFFSET);
    }

    /** NTP timestamp of this report: seconds since 1900 in the high 32 bits, fraction in the low. */
    public long ntpTimestamp() {
        return Bytes.i64(packet.buffer, packet.offset + NTP_OFFSET);
    }

    /** RTP timestamp of the same instant as {@link #ntpTimestamp()}, in the media clock. */
    public long rtpTimestamp() {
        return Bytes.u32(packet.buffer, packet.offset + RTP_TIMESTAMP_OFFSET);
    }

    /** RTP packets sent since the start of transmission (wraps at 2^32). */
    public long packetCount() {
        return Bytes.u32(packet.buffer, packet.offset + PACKET_COUNT_OFFSET);
    }

    /** RTP payload octets sent since the start of transmission (wraps at 2^32). */
    public long octetCount() {
        return Bytes.u32(packet.buffer, packet.offset + OCTET_COUNT_OFFSET);
    }

    /** Number of report blocks (RC, 0..31). */
    public int reportCount() {
        return packet.count;
    }

    /**
     * Points {@code into} at report block {@code index} and returns it.
     *
     * @throws IndexOutOfBoundsException if index is not below {@link #reportCount()}
     */
    public ReportBlock reportBlock(int index, ReportBlock into) {
        ReceiverReport.checkBlockIndex("SR", index, reportCount());
        return into.wrap(packet.buffer, packet.offset + REPORT_BLOCKS_OFFSET + ReportBlock.LENGTH * index);
    }

    /** Absolute index of the profile-specific extension after the report blocks. */
    public int profileExtensionOffset() {
        return packet.offset + length(reportCount());
    }

    /** Length of the profile-specific extension (0 when the packet ends with its blocks). */
    public int profileExtensionLength() {
        return packet.length - length(reportCount());
    }

    /** Bytes of an SR with {@code reportCount} blocks: 28 + 24 × reportCount. */
    public static int length(int reportCount) {
        return REPORT_BLOCKS_OFFSET + ReportBlock.LENGTH * reportCount;
    }

    /**
     * Writes the header and sender info of an SR at absolute index {@code offset}; its length
     * field counts {@code reportCount} blocks, which the caller writes right after with
     * {@link ReportBlock#write}. The 32-bit fields take the low 32 bits of their argument.
     *
     * @return {@value #REPORT_BLOCKS_OFFSET}, the offset of the first block
     * @throws IllegalArgumentException  if reportCount is not 0..31
     * @throws IndexOutOfBoundsException if the SR with its blocks does not fit the buffer
     */
    public static int write(ByteBuffer buffer, int offset, long ssrc, long ntpTimestamp, long rtpTimestamp,
                            long packetCount, long octetCount, int reportCount) {
        ReceiverReport.checkReportCount(reportCount);
        int length = length(reportCount);
        Bytes.checkRange("RTCP SR", offset, length, buffer.capacity());
        RtcpHeader.writeForLength(buffer, offset, reportCount, RtcpPacketType.SR, length);
        Bytes.put32(buffer, offset + SSRC_OFFSET, ssrc);
        Bytes.put64(buffer, offset + NTP_OFFSET, ntpTimestamp);
        Bytes.put32(buffer, offset + RTP_TIMESTAMP_OFFSET, rtpTimestamp);
        Bytes.put32(buffer, offset + PACKET_COUNT_OFFSET, packetCount);
        Bytes.put32(buffer, offset + OCTET_COUNT_OFFSET, octetCount);
        return REPORT_BLOCKS_OFFSET;
    }
}

package io.salvo.rtcp;

import io.salvo.rtp.Bytes;
import java.nio.ByteBuffer;

/**
 * Parses and writes an RTCP receiver report (RR, PT 201, RFC 3550 §6.4.2) in place:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    RC   |   PT=RR=201   |             length            |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     SSRC of packet sender                     |  4
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 RC report blocks of 24 bytes                  |  8
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                  profile-specific extensions                  |
 * </pre>
 *
 * <p>{@link #wrap} returns an {@link RtcpParseError} rather than throwing, and reads nothing past
 * the bytes given; the accessors are valid after it returned {@link RtcpParseError#OK}.
 */
public final class ReceiverReport {
    /** Length of the header and SSRC: where the report blocks start. */
    public static final int REPORT_BLOCKS_OFFSET = 8;

    private static final int SSRC_OFFSET = 4;

    private final PacketCheck packet = new PacketCheck("RTCP RR");

    /**
     * Parses the RR of {@code length} bytes at absolute index {@code offset}, as
     * {@link RtcpCompound#packetOffset()} and {@link RtcpCompound#packetLength()} give it.
     *
     * @return {@link RtcpParseError#OK}, or what is wrong (see {@link #errorMessage()})
     * @throws IndexOutOfBoundsException if the range lies outside the buffer
     */
    public RtcpParseError wrap(ByteBuffer buffer, int offset, int length) {
        RtcpParseError error = packet.wrap(buffer, offset, length, RtcpPacketType.RR, PacketCheck.ANY_FORMAT);
        if (error != RtcpParseError.OK) {
            return error;
        }
        if (packet.length < REPORT_BLOCKS_OFFSET) {
            return packet.fail(RtcpParseError.SSRC_TRUNCATED, packet.length, 0);
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
            case SSRC_TRUNCATED:
                return "RTCP RR of " + packet.detail() + " bytes ends before its reporter SSRC (8 bytes)";
            case REPORT_BLOCKS_OVERRUN:
                return "RTCP RR report count " + packet.detail() + " needs " + length(packet.detail())
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

    /** SSRC of the receiver sending this report. */
    public long ssrc() {
        return Bytes.u32(packet.buffer, packet.offset + SSRC_OFFSET);
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
        checkBlockIndex("RR", index, reportCount());
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

    /** Bytes of an RR with {@code reportCount} blocks: 8 + 24 × reportCount. */
    public static int length(int reportCount) {
        return REPORT_BLOCKS_OFFSET + ReportBlock.LENGTH * reportCount;
    }

    /**
     * Writes the header and SSRC of an RR at absolute index {@code offset}; its length field
     * counts {@code reportCount} blocks, which the caller writes right after with
     * {@link ReportBlock#write}.
     *
     * @return {@value #REPORT_BLOCKS_OFFSET}, the offset of the first block
     * @throws IllegalArgumentException  if reportCount is not 0..31
     * @throws IndexOutOfBoundsException if the RR with its blocks does not fit the buffer
     */
    public static int write(ByteBuffer buffer, int offset, long ssrc, int reportCount) {
        checkReportCount(reportCount);
        int length = length(reportCount);
        Bytes.checkRange("RTCP RR", offset, length, buffer.capacity());
        RtcpHeader.writeForLength(buffer, offset, reportCount, RtcpPacketType.RR, length);
        Bytes.put32(buffer, offset + SSRC_OFFSET, ssrc);
        return REPORT_BLOCKS_OFFSET;
    }

    static void checkReportCount(int reportCount) {
        if (reportCount < 0 || reportCount > RtcpHeader.MAX_COUNT) {
            throw new IllegalArgumentException("report count must be 0..31, was " + reportCount);
        }
    }

    static void checkBlockIndex(String report, int index, int count) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("report block " + index + " of an " + report + " with RC " + count);
        }
    }
}

package io.salvo.rtcp;

import io.salvo.rtp.Bytes;
import java.nio.ByteBuffer;

/**
 * Flyweight over one 24-byte reception report block of an SR or RR (RFC 3550 §6.4.1):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_n (SSRC of source n)                     |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |  8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      | 12
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         | 16
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  | 20
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 *
 * <p>{@link #wrap} does not validate: {@link SenderReport} and {@link ReceiverReport} checked that
 * their blocks fit. Unsigned 32-bit fields are returned as {@code long}.
 */
public final class ReportBlock {
    /** Length of a report block. */
    public static final int LENGTH = 24;
    /** Largest cumulative loss the signed 24-bit field holds. */
    public static final int MAX_CUMULATIVE_LOST = 0x7F_FFFF;
    /** Smallest cumulative loss (more duplicates than losses) the signed 24-bit field holds. */
    public static final int MIN_CUMULATIVE_LOST = -0x80_0000;

    private static final int LOST_OFFSET = 4;
    private static final int HIGHEST_SEQUENCE_OFFSET = 8;
    private static final int JITTER_OFFSET = 12;
    private static final int LSR_OFFSET = 16;
    private static final int DLSR_OFFSET = 20;

    private ByteBuffer buffer;
    private int offset;

    /** Points this flyweight at the block at absolute index {@code offset}, and returns it. */
    public ReportBlock wrap(ByteBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** Absolute index of the block's first byte. */
    public int offset() {
        return offset;
    }

    /** SSRC of the source this block reports on. */
    public long ssrc() {
        return Bytes.u32(buffer, offset);
    }

    /** Packets lost since the previous report, as a fraction of 256 (0..255). */
    public int fractionLost() {
        return Bytes.u8(buffer, offset + LOST_OFFSET);
    }

    /** Packets lost since reception began, signed 24 bits (negative when duplicates arrived). */
    public int cumulativeLost() {
        return Bytes.i32(buffer, offset + LOST_OFFSET) << 8 >> 8;
    }

    /** Sequence-number cycles (high 16 bits) and highest sequence number received (low 16 bits). */
    public long extendedHighestSequence() {
        return Bytes.u32(buffer, offset + HIGHEST_SEQUENCE_OFFSET);
    }

    /** Interarrival jitter, in RTP timestamp units. */
    public long jitter() {
        return Bytes.u32(buffer, offset + JITTER_OFFSET);
    }

    /** LSR: the middle 32 bits of the NTP timestamp of the last SR received (0 if none). */
    public long lastSenderReport() {
        return Bytes.u32(buffer, offset + LSR_OFFSET);
    }

    /** DLSR: time from receiving the last SR to sending this block, in 1/65536 s (0 if none). */
    public long delaySinceLastSenderReport() {
        return Bytes.u32(buffer, offset + DLSR_OFFSET);
    }

    /**
     * Writes a report block at absolute index {@code offset}. {@code cumulativeLost} is clamped to
     * the signed 24-bit range {@value #MIN_CUMULATIVE_LOST}..{@value #MAX_CUMULATIVE_LOST}; the
     * 32-bit fields take the low 32 bits of their argument.
     *
     * @return {@link #LENGTH}
     * @throws IllegalArgumentException  if fractionLost is not 0..255
     * @throws IndexOutOfBoundsException if the block does not fit the buffer
     */
    public static int write(ByteBuffer buffer, int offset, long ssrc, int fractionLost, int cumulativeLost,
                            long extendedHighestSequence, long jitter, long lastSenderReport,
                            long delaySinceLastSenderReport) {
        if (fractionLost < 0 || fractionLost > 255) {
            throw new IllegalArgumentException("fraction lost must be 0..255, was " + fractionLost);
        }
        Bytes.checkRange("RTCP report block", offset, LENGTH, buffer.capacity());
        int lost = Math.max(MIN_CUMULATIVE_LOST, Math.min(MAX_CUMULATIVE_LOST, cumulativeLost));
        Bytes.put32(buffer, offset, ssrc);
        Bytes.put32(buffer, offset + LOST_OFFSET, (fractionLost << 24) | (lost & 0xFF_FFFF));
        Bytes.put32(buffer, offset + HIGHEST_SEQUENCE_OFFSET, extendedHighestSequence);
        Bytes.put32(buffer, offset + JITTER_OFFSET, jitter);
        Bytes.put32(buffer, offset + LSR_OFFSET, lastSenderReport);
        Bytes.put32(buffer, offset + DLSR_OFFSET, delaySinceLastSenderReport);
        return LENGTH;
    }
}

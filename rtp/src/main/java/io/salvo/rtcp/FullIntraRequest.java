package io.salvo.rtcp;

import io.salvo.rtp.Bytes;
import java.nio.ByteBuffer;

/**
 * Parses and writes a full intra request (FIR, PSFB FMT 4, RFC 5104 §4.3.1): a request for a key
 * frame (decoder refresh point) from each source named in the FCI entries. The media source SSRC
 * of the common header is 0; each entry names its target:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=4  |  PT=PSFB=206  |          length               |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source (0)                     |  8
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                              SSRC                             |  12, one 8-byte entry
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+     per target
 * | Seq nr.       |    Reserved                                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The sequence number goes up by one (mod 256) with each new request, so the media sender can
 * tell a repeat from a new one. {@link #wrap} returns an {@link RtcpParseError} rather than
 * throwing; the accessors are valid after it returned {@link RtcpParseError#OK}.
 */
public final class FullIntraRequest {
    /** Length of one FCI entry. */
    public static final int ENTRY_LENGTH = 8;

    private final PacketCheck packet = new PacketCheck("RTCP FIR");

    /**
     * Parses the FIR of {@code length} bytes at absolute index {@code offset}, as
     * {@link RtcpCompound#packetOffset()} and {@link RtcpCompound#packetLength()} give it.
     *
     * @return {@link RtcpParseError#OK}, or what is wrong (see {@link #errorMessage()})
     * @throws IndexOutOfBoundsException if the range lies outside the buffer
     */
    public RtcpParseError wrap(ByteBuffer buffer, int offset, int length) {
        RtcpParseError error = Feedback.wrap(packet, buffer, offset, length, RtcpPacketType.PSFB, RtcpPacketType.FIR);
        if (error != RtcpParseError.OK) {
            return error;
        }
        return Feedback.checkEntries(packet, ENTRY_LENGTH, RtcpParseError.FIR_NO_FCI);
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

    /** Length of the packet in bytes, padding excluded. */
    public int length() {
        return packet.length;
    }

    /** SSRC of the receiver sending this FIR. */
    public long senderSsrc() {
        return Feedback.senderSsrc(packet);
    }

    /** The common header's media source SSRC (0 by RFC 5104; the targets are in the entries). */
    public long mediaSsrc() {
        return Feedback.mediaSsrc(packet);
    }

    /** Number of FCI entries (1 or more). */
    public int entryCount() {
        return (packet.length - Feedback.FCI_OFFSET) / ENTRY_LENGTH;
    }

    /**
     * SSRC of the media sender entry {@code index} asks for a key frame.
     *
     * @throws IndexOutOfBoundsException if index is not below {@link #entryCount()}
     */
    public long entrySsrc(int index) {
        return Bytes.u32(packet.buffer, entry(index));
    }

    /**
     * Command sequence number (0..255) of entry {@code index}.
     *
     * @throws IndexOutOfBoundsException if index is not below {@link #entryCount()}
     */
    public int entrySequenceNumber(int index) {
        return Bytes.u8(packet.buffer, entry(index) + 4);
    }

    private int entry(int index) {
        Feedback.checkEntryIndex("FIR", index, entryCount());
        return packet.offset + Feedback.FCI_OFFSET + ENTRY_LENGTH * index;
    }

    /** Bytes of a FIR with {@code entryCount} entries. */
    public static int length(int entryCount) {
        return Feedback.FCI_OFFSET + ENTRY_LENGTH * entryCount;
    }

    /**
     * Writes a FIR with one entry asking {@code targetSsrc} for a key frame, at absolute index
     * {@code offset}; the media source SSRC is 0 and the reserved bytes are 0.
     *
     * @return the packet's length, 20
     * @throws IllegalArgumentException  if sequenceNumber is not 0..255
     * @throws IndexOutOfBoundsException if the packet does not fit the buffer
     */
    public static int write(ByteBuffer buffer, int offset, long senderSsrc, long targetSsrc, int sequenceNumber) {
        if (sequenceNumber < 0 || sequenceNumber > 255) {
            throw new IllegalArgumentException("FIR sequence number must be 0..255, was " + sequenceNumber);
        }
        int length = length(1);
        Feedback.write(buffer, offset, "RTCP FIR", RtcpPacketType.PSFB, RtcpPacketType.FIR, length, senderSsrc, 0);
        Bytes.put32(buffer, offset + Feedback.FCI_OFFSET, targetSsrc);
        Bytes.put32(buffer, offset + Feedback.FCI_OFFSET + 4, sequenceNumber << 24);
        return length;
    }
}

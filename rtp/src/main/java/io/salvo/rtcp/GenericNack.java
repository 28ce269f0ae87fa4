package io.salvo.rtcp;

import io.salvo.rtp.Bytes;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Parses and writes a generic NACK (RTPFB FMT 1, RFC 4585 §6.2.1): a receiver asks the sender
 * of {@link #mediaSsrc()} to retransmit lost RTP packets. Each 4-byte FCI entry names a packet
 * ID (PID, a sequence number) and a bitmask of the 16 that follow it (BLP, bit i set: PID + i + 1
 * lost too):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=1  |  PT=RTPFB=205 |          length               |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |  8
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            PID                |             BLP               |  12, one or more
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>{@link #wrap} returns an {@link RtcpParseError} rather than throwing; the accessors are
 * valid after it returned {@link RtcpParseError#OK}. Nothing here allocates.
 */
public final class GenericNack {
    /** Length of one FCI entry (PID and BLP). */
    public static final int ENTRY_LENGTH = 4;
    /** Sequence numbers one entry can name: its PID and the 16 BLP bits after it. */
    public static final int ENTRY_SPAN = 17;

    private final PacketCheck packet = new PacketCheck("RTCP NACK");

    /**
     * Parses the NACK of {@code length} bytes at absolute index {@code offset}, as
     * {@link RtcpCompound#packetOffset()} and {@link RtcpCompound#packetLength()} give it.
     *
     * @return {@link RtcpParseError#OK}, or what is wrong (see {@link #errorMessage()})
     * @throws IndexOutOfBoundsException if the range lies outside the buffer
     */
    public RtcpParseError wrap(ByteBuffer buffer, int offset, int length) {
        RtcpParseError error = Feedback.wrap(packet, buffer, offset, length, RtcpPacketType.RTPFB,
                RtcpPacketType.GENERIC_NACK);
        if (error != RtcpParseError.OK) {
            return error;
        }
        return Feedback.checkEntries(packet, ENTRY_LENGTH, RtcpParseError.NACK_NO_FCI);
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

    /** SSRC of the receiver sending this NACK. */
    public long senderSsrc() {
        return Feedback.senderSsrc(packet);
    }

    /** SSRC of the media source whose packets were lost. */
    public long mediaSsrc() {
        return Feedback.mediaSsrc(packet);
    }

    /** Number of PID/BLP entries (1 or more). */
    public int fciCount() {
        return (packet.length - Feedback.FCI_OFFSET) / ENTRY_LENGTH;
    }

    /**
     * Packet ID (a lost sequence number) of entry {@code index}.
     *
     * @throws IndexOutOfBoundsException if index is not below {@link #fciCount()}
     */
    public int pid(int index) {
        return Bytes.u16(packet.buffer, entry(index));
    }

    /**
     * Bitmask of following lost packets of entry {@code index}: bit i set means PID + i + 1 lost.
     *
     * @throws IndexOutOfBoundsException if index is not below {@link #fciCount()}
     */
    public int blp(int index) {
        return Bytes.u16(packet.buffer, entry(index) + 2);
    }

    private int entry(int index) {
        Feedback.checkEntryIndex("NACK", index, fciCount());
        return packet.offset + Feedback.FCI_OFFSET + ENTRY_LENGTH * index;
    }

    /**
     * Number of sequence numbers requested: each entry's PID plus its set BLP bits. Within an
     * entry they are distinct; an entry that repeats a number another entry names counts it
     * again (this writer never produces such entries).
     */
    public int lostCount() {
        int count = 0;
        int at = packet.offset + Feedback.FCI_OFFSET;
        for (int i = fciCount(); i > 0; i--, at += ENTRY_LENGTH) {
            count += 1 + Integer.bitCount(Bytes.u16(packet.buffer, at + 2));
        }
        return count;
    }

    /**
     * Expands the entries into the sequence numbers they request, in packet order (each PID, then
     * its BLP bits from bit 0), stopping when {@code into} is full.
     *
     * @return how many were written, at most {@code into.length}
     */
    public int lostSequenceNumbers(int[] into) {
        int n = 0;
        int at = packet.offset + Feedback.FCI_OFFSET;
        for (int i = fciCount(); i > 0 && n < into.length; i--, at += ENTRY_LENGTH) {
            int pid = Bytes.u16(packet.buffer, at);
            int blp = Bytes.u16(packet.buffer, at + 2);
            into[n++] = pid;
            for (int bit = 0; blp != 0 && n < into.length; bit++, blp >>>= 1) {
                if ((blp & 1) != 0) {
                    into[n++] = (pid + bit + 1) & 0xFFFF;
                }
            }
        }
        return n;
    }

    /** Most bytes a NACK for {@code count} sequence numbers takes: one entry each. */
    public static int maxLength(int count) {
        return Feedback.FCI_OFFSET + ENTRY_LENGTH * count;
    }

    /**
     * Bytes of the NACK {@link #write} makes of these sequence numbers.
     *
     * @throws IllegalArgumentException  as {@link #write} does
     * @throws IndexOutOfBoundsException if from/count lie outside the array
     */
    public static int length(int[] sequenceNumbers, int from, int count) {
        return Feedback.FCI_OFFSET + ENTRY_LENGTH * entries(sequenceNumbers, from, count);
    }

    /**
     * Writes a NACK at absolute index {@code offset} for the {@code count} sequence numbers at
     * {@code sequenceNumbers[from]}, packed into the fewest PID/BLP entries. They must ascend
     * (mod 2^16: 65535 may be followed by 0), each step less than 32768.
     *
     * @return the packet's length in bytes, at most {@link #maxLength(int)}
     * @throws IllegalArgumentException  if count is 0, a number is not 0..65535 or they do not ascend
     * @throws IndexOutOfBoundsException if from/count lie outside the array or the packet does
     *                                   not fit the buffer
     */
    public static int write(ByteBuffer buffer, int offset, long senderSsrc, long mediaSsrc,
                            int[] sequenceNumbers, int from, int count) {
        int length = length(sequenceNumbers, from, count);
        Feedback.write(buffer, offset, "RTCP NACK", RtcpPacketType.RTPFB, RtcpPacketType.GENERIC_NACK, length,
                senderSsrc, mediaSsrc);
        int at = offset + Feedback.FCI_OFFSET;
        int pid = sequenceNumbers[from];
        int blp = 0;
        for (int i = from + 1; i < from + count; i++) {
            int distance = (sequenceNumbers[i] - pid) & 0xFFFF;
            if (distance < ENTRY_SPAN) {
                blp |= 1 << (distance - 1);
            } else {
                Bytes.put32(buffer, at, (pid << 16) | blp);
                at += ENTRY_LENGTH;
                pid = sequenceNumbers[i];
                blp = 0;
            }
        }
        Bytes.put32(buffer, at, (pid << 16) | blp);
        return length;
    }

    /** Checks the sequence numbers and counts the entries they pack into. */
    private static int entries(int[] sequenceNumbers, int from, int count) {
        Objects.checkFromIndexSize(from, count, sequenceNumbers.length);
        if (count == 0) {
            throw new IllegalArgumentException("a NACK needs at least one sequence number");
        }
        int entries = 1;
        int pid = checkSequenceNumber(sequenceNumbers, from);
        int previous = pid;
        for (int i = from + 1; i < from + count; i++) {
            int sequenceNumber = checkSequenceNumber(sequenceNumbers, i);
            int step = (sequenceNumber - previous) & 0xFFFF;
            if (step == 0 || step >= 0x8000) {
                throw new IllegalArgumentException("NACK sequence numbers must ascend (mod 2^16): "
                        + sequenceNumber + " at index " + i + " follows " + previous);
            }
            if (((sequenceNumber - pid) & 0xFFFF) >= ENTRY_SPAN) {
                entries++;
                pid = sequenceNumber;
            }
            previous = sequenceNumber;
        }
        return entries;
    }

    private static int checkSequenceNumber(int[] sequenceNumbers, int index) {
        int sequenceNumber = sequenceNumbers[index];
        if (sequenceNumber < 0 || sequenceNumber > 0xFFFF) {
            throw new IllegalArgumentException("NACK sequence number must be 0..65535, was "
                    + sequenceNumber + " at index " + index);
        }
        return sequenceNumber;
    }
}

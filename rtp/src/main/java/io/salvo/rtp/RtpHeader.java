package io.salvo.rtp;

import java.nio.ByteBuffer;

/**
 * Flyweight over an RTP fixed header (RFC 3550 §5.1) at any offset of a {@link ByteBuffer}:
 * reads and writes fields in place, big-endian, never moving the buffer's position.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |  8
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             | 12
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      defined by profile       |           length              | 12 + 4 * CC, if X
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        header extension                       |
 * |                             ....                              |
 * </pre>
 *
 * <p>Accessors share one name: {@code marker()} reads, {@code marker(true)} writes and returns
 * this header for chaining. Unsigned 32-bit fields are returned as {@code long}. The flyweight
 * does not validate what it reads; use {@link RtpPacketView} to parse untrusted datagrams.
 */
public final class RtpHeader {
    /** RTP version carried in every packet. */
    public static final int VERSION = 2;
    /** Length of the fixed header, without CSRCs or extension. */
    public static final int FIXED_LENGTH = 12;
    /** Largest CSRC count (4 bits). */
    public static final int MAX_CSRC_COUNT = 15;
    /** Length of the extension header word (profile + length). */
    public static final int EXTENSION_HEADER_LENGTH = 4;

    public static final int FLAGS_OFFSET = 0;
    public static final int MARKER_PAYLOAD_TYPE_OFFSET = 1;
    public static final int SEQUENCE_NUMBER_OFFSET = 2;
    public static final int TIMESTAMP_OFFSET = 4;
    public static final int SSRC_OFFSET = 8;
    public static final int CSRC_OFFSET = 12;

    private ByteBuffer buffer;
    private int offset;

    /** A flyweight not yet wrapped around a buffer. */
    public RtpHeader() {
    }

    /** A flyweight over the header at {@code offset} of {@code buffer}. */
    public RtpHeader(ByteBuffer buffer, int offset) {
        wrap(buffer, offset);
    }

    /** Points this flyweight at the header at absolute index {@code offset} of {@code buffer}. */
    public RtpHeader wrap(ByteBuffer buffer, int offset) {
        Bytes.checkRange("RTP header", offset, FIXED_LENGTH, buffer.capacity());
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** The wrapped buffer. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Absolute index of the header's first byte. */
    public int offset() {
        return offset;
    }

    /**
     * Writes a fresh fixed header: V=2, P=0, X=0, the given CSRC count (the CSRC words themselves
     * are written with {@link #csrc(int, long)}), marker, payload type, sequence number, timestamp
     * and SSRC.
     */
    public RtpHeader writeFixed(int csrcCount, boolean marker, int payloadType, int sequenceNumber,
                                long timestamp, long ssrc) {
        checkCsrcCount(csrcCount);
        checkPayloadType(payloadType);
        write(buffer, offset, csrcCount, marker, payloadType, sequenceNumber, timestamp, ssrc);
        return this;
    }

    /** Static form of {@link #writeFixed}: no range checks on the values (low bits are taken). */
    public static void write(ByteBuffer buffer, int offset, int csrcCount, boolean marker, int payloadType,
                             int sequenceNumber, long timestamp, long ssrc) {
        int word0 = (VERSION << 30) | ((csrcCount & 0x0F) << 24) | (marker ? 1 << 23 : 0)
                | ((payloadType & 0x7F) << 16) | (sequenceNumber & 0xFFFF);
        Bytes.put32(buffer, offset, word0);
        Bytes.put32(buffer, offset + TIMESTAMP_OFFSET, timestamp);
        Bytes.put32(buffer, offset + SSRC_OFFSET, ssrc);
    }

    /** Version field (2 bits); 2 for every valid RTP packet. */
    public int version() {
        return Bytes.u8(buffer, offset) >>> 6;
    }

    /** Sets the version field (0..3). */
    public RtpHeader version(int version) {
        if (version < 0 || version > 3) {
            throw new IllegalArgumentException("RTP version must be 0..3, was " + version);
        }
        setBits(FLAGS_OFFSET, 0xC0, version << 6);
        return this;
    }

    /** Padding bit: the payload ends with padding whose count is its last byte. */
    public boolean padding() {
        return (Bytes.u8(buffer, offset) & 0x20) != 0;
    }

    /** Sets the padding bit. */
    public RtpHeader padding(boolean padding) {
        setBits(FLAGS_OFFSET, 0x20, padding ? 0x20 : 0);
        return this;
    }

    /** Extension bit: a header extension follows the CSRC list. */
    public boolean extension() {
        return (Bytes.u8(buffer, offset) & 0x10) != 0;
    }

    /** Sets the extension bit. */
    public RtpHeader extension(boolean extension) {
        setBits(FLAGS_OFFSET, 0x10, extension ? 0x10 : 0);
        return this;
    }

    /** Number of CSRC identifiers that follow the fixed header (0..15). */
    public int csrcCount() {
        return Bytes.u8(buffer, offset) & 0x0F;
    }

    /** Sets the CSRC count (0..15). */
    public RtpHeader csrcCount(int count) {
        checkCsrcCount(count);
        setBits(FLAGS_OFFSET, 0x0F, count);
        return this;
    }

    /** Marker bit (for video: last packet of a frame). */
    public boolean marker() {
        return marker(buffer, offset);
    }

    /** Sets the marker bit. */
    public RtpHeader marker(boolean marker) {
        marker(buffer, offset, marker);
        return this;
    }

    /** Payload type (7 bits). */
    public int payloadType() {
        return Bytes.u8(buffer, offset + MARKER_PAYLOAD_TYPE_OFFSET) & 0x7F;
    }

    /** Sets the payload type (0..127). */
    public RtpHeader payloadType(int payloadType) {
        checkPayloadType(payloadType);
        setBits(MARKER_PAYLOAD_TYPE_OFFSET, 0x7F, payloadType);
        return this;
    }

    /** Sequence number (16 bits, unsigned). */
    public int sequenceNumber() {
        return sequenceNumber(buffer, offset);
    }

    /** Sets the sequence number (low 16 bits are taken). */
    public RtpHeader sequenceNumber(int sequenceNumber) {
        sequenceNumber(buffer, offset, sequenceNumber);
        return this;
    }

    /** Timestamp (32 bits, unsigned). */
    public long timestamp() {
        return timestamp(buffer, offset);
    }

    /** Sets the timestamp (low 32 bits are taken). */
    public RtpHeader timestamp(long timestamp) {
        timestamp(buffer, offset, timestamp);
        return this;
    }

    /** Synchronization source identifier (32 bits, unsigned). */
    public long ssrc() {
        return ssrc(buffer, offset);
    }

    /** Sets the SSRC (low 32 bits are taken). */
    public RtpHeader ssrc(long ssrc) {
        ssrc(buffer, offset, ssrc);
        return this;
    }

    /** CSRC identifier {@code index} (0-based, below {@link #csrcCount()}). */
    public long csrc(int index) {
        checkCsrcIndex(index);
        return Bytes.u32(buffer, offset + CSRC_OFFSET + 4 * index);
    }

    /** Sets CSRC identifier {@code index} (0-based, below {@link #csrcCount()}). */
    public RtpHeader csrc(int index, long csrc) {
        checkCsrcIndex(index);
        Bytes.put32(buffer, offset + CSRC_OFFSET + 4 * index, csrc);
        return this;
    }

    /** Offset from the header start to the extension header word (valid when {@link #extension()}). */
    public int extensionOffset() {
        return CSRC_OFFSET + 4 * csrcCount();
    }

    /** The extension's "defined by profile" field ({@code 0xBEDE} for RFC 8285 one-byte form). */
    public int extensionProfile() {
        return Bytes.u16(buffer, offset + extensionOffset());
    }

    /** The extension's length field: number of 32-bit words after the extension header word. */
    public int extensionLengthWords() {
        return Bytes.u16(buffer, offset + extensionOffset() + 2);
    }

    /**
     * Length of the whole header: fixed part, CSRCs and, when the X bit is set, the extension
     * header word plus its data. Reads the extension length from the buffer.
     */
    public int headerLength() {
        int length = CSRC_OFFSET + 4 * csrcCount();
        if (extension()) {
            length += EXTENSION_HEADER_LENGTH + 4 * extensionLengthWords();
        }
        return length;
    }

    /**
     * Length of the whole header at {@code offset}, as {@link #headerLength()}: trusted bytes
     * only (use {@link RtpPacketView} for untrusted ones).
     */
    public static int headerLength(ByteBuffer buffer, int offset) {
        int flags = Bytes.u8(buffer, offset);
        int length = CSRC_OFFSET + 4 * (flags & 0x0F);
        if ((flags & 0x10) != 0) {
            length += EXTENSION_HEADER_LENGTH + 4 * Bytes.u16(buffer, offset + length + 2);
        }
        return length;
    }

    /** Marker bit of the header at {@code offset}. */
    public static boolean marker(ByteBuffer buffer, int offset) {
        return (Bytes.u8(buffer, offset + MARKER_PAYLOAD_TYPE_OFFSET) & 0x80) != 0;
    }

    /** Sets the marker bit of the header at {@code offset}. */
    public static void marker(ByteBuffer buffer, int offset, boolean marker) {
        int index = offset + MARKER_PAYLOAD_TYPE_OFFSET;
        int b = Bytes.u8(buffer, index);
        buffer.put(index, (byte) (marker ? b | 0x80 : b & 0x7F));
    }

    /** Sequence number of the header at {@code offset}. */
    public static int sequenceNumber(ByteBuffer buffer, int offset) {
        return Bytes.u16(buffer, offset + SEQUENCE_NUMBER_OFFSET);
    }

    /** Sets the sequence number of the header at {@code offset}. */
    public static void sequenceNumber(ByteBuffer buffer, int offset, int sequenceNumber) {
        Bytes.put16(buffer, offset + SEQUENCE_NUMBER_OFFSET, sequenceNumber);
    }

    /** Timestamp of the header at {@code offset}. */
    public static long timestamp(ByteBuffer buffer, int offset) {
        return Bytes.u32(buffer, offset + TIMESTAMP_OFFSET);
    }

    /** Sets the timestamp of the header at {@code offset}. */
    public static void timestamp(ByteBuffer buffer, int offset, long timestamp) {
        Bytes.put32(buffer, offset + TIMESTAMP_OFFSET, timestamp);
    }

    /** SSRC of the header at {@code offset}. */
    public static long ssrc(ByteBuffer buffer, int offset) {
        return Bytes.u32(buffer, offset + SSRC_OFFSET);
    }

    /** Sets the SSRC of the header at {@code offset}. */
    public static void ssrc(ByteBuffer buffer, int offset, long ssrc) {
        Bytes.put32(buffer, offset + SSRC_OFFSET, ssrc);
    }

    private void setBits(int fieldOffset, int mask, int bits) {
        int index = offset + fieldOffset;
        int b = Bytes.u8(buffer, index);
        buffer.put(index, (byte) ((b & ~mask) | (bits & mask)));
    }

    private void checkCsrcIndex(int index) {
        int count = csrcCount();
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("CSRC " + index + " of a header with CSRC count " + count);
        }
    }

    private static void checkCsrcCount(int count) {
        if (count < 0 || count > MAX_CSRC_COUNT) {
            throw new IllegalArgumentException("CSRC count must be 0..15, was " + count);
        }
    }

    private static void checkPayloadType(int payloadType) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type must be 0..127, was " + payloadType);
        }
    }
}

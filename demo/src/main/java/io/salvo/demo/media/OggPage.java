package io.salvo.demo.media;

import java.nio.ByteBuffer;

/**
 * Flyweight over one Ogg page header in a buffer (RFC 3533 §6); multi-byte fields little-endian:
 * <pre>
 *   0  capture pattern 'OggS'
 *   4  stream_structure_version (u8) = 0
 *   5  header_type_flag (u8): 0x01 continued packet, 0x02 first page (bos), 0x04 last page (eos)
 *   6  granule_position (i64; -1: no packet ends on this page)
 *  14  bitstream_serial_number (u32)
 *  18  page_sequence_number (u32)
 *  22  CRC_checksum (u32)
 *  26  number_page_segments (u8)
 *  27  segment_table: one lacing value (u8) per segment; a value below 255 ends a packet
 * </pre>
 * The body (the segments' bytes) follows the segment table.
 */
final class OggPage {
    static final String CAPTURE_PATTERN = "OggS";
    /** Bytes before the segment table. */
    static final int MIN_HEADER_LENGTH = 27;
    static final int CONTINUED = 0x01;
    static final int BEGINNING_OF_STREAM = 0x02;
    static final int END_OF_STREAM = 0x04;
    /** A lacing value of 255 means the packet goes on in the next segment. */
    static final int FULL_SEGMENT = 255;
    static final int VERSION_OFFSET = 4;
    static final int HEADER_TYPE_OFFSET = 5;
    static final int GRANULE_POSITION_OFFSET = 6;
    static final int SERIAL_NUMBER_OFFSET = 14;
    static final int SEQUENCE_NUMBER_OFFSET = 18;
    static final int CHECKSUM_OFFSET = 22;
    static final int SEGMENT_COUNT_OFFSET = 26;

    private ByteBuffer buffer;
    private int offset;

    /** Points this flyweight at the page starting at {@code offset}; returns this. */
    OggPage wrap(ByteBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** Offset of the page in the buffer. */
    int offset() {
        return offset;
    }

    int version() {
        return buffer.get(offset + VERSION_OFFSET) & 0xFF;
    }

    int headerType() {
        return buffer.get(offset + HEADER_TYPE_OFFSET) & 0xFF;
    }

    boolean continued() {
        return (headerType() & CONTINUED) != 0;
    }

    boolean beginningOfStream() {
        return (headerType() & BEGINNING_OF_STREAM) != 0;
    }

    boolean endOfStream() {
        return (headerType() & END_OF_STREAM) != 0;
    }

    long granulePosition() {
        return LittleEndian.i64(buffer, offset + GRANULE_POSITION_OFFSET);
    }

    long serialNumber() {
        return LittleEndian.u32(buffer, offset + SERIAL_NUMBER_OFFSET);
    }

    long sequenceNumber() {
        return LittleEndian.u32(buffer, offset + SEQUENCE_NUMBER_OFFSET);
    }

    long checksum() {
        return LittleEndian.u32(buffer, offset + CHECKSUM_OFFSET);
    }

    int segmentCount() {
        return buffer.get(offset + SEGMENT_COUNT_OFFSET) & 0xFF;
    }

    /** Lacing value of segment {@code i}. */
    int lacingValue(int i) {
        return buffer.get(offset + MIN_HEADER_LENGTH + i) & 0xFF;
    }

    /** Header bytes: 27 plus the segment table. */
    int headerLength() {
        return MIN_HEADER_LENGTH + segmentCount();
    }

    /** Body bytes: the sum of the lacing values. */
    int bodyLength() {
        int sum = 0;
        for (int i = 0, n = segmentCount(); i < n; i++) {
            sum += lacingValue(i);
        }
        return sum;
    }

    /** The CRC of the page as it should be stored (the page must be complete in the buffer). */
    long computeChecksum() {
        int end = offset + headerLength() + bodyLength();
        int crc = OggCrc.update(0, buffer, offset, offset + CHECKSUM_OFFSET);
        crc = OggCrc.updateZeros(crc, 4);
        crc = OggCrc.update(crc, buffer, offset + SEGMENT_COUNT_OFFSET, end);
        return crc & 0xFFFF_FFFFL;
    }
}

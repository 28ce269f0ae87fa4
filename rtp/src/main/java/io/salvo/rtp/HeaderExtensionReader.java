package io.salvo.rtp;

import java.nio.ByteBuffer;

/**
 * Iterates the RFC 8285 elements of a header extension block in place: each element's value is
 * an offset and length into the packet's own buffer, nothing is copied.
 *
 * <pre>{@code
 * HeaderExtensionReader reader = view.extensions();
 * while (reader.next()) {
 *     handle(reader.id(), buffer, reader.valueOffset(), reader.valueLength());
 * }
 * }</pre>
 *
 * <p>A block with another profile than the one- or two-byte form has no elements to iterate; its
 * raw data is still at {@link #dataOffset()}.
 */
public final class HeaderExtensionReader {
    private ByteBuffer buffer;
    private int profile;
    private int dataOffset;
    private int dataEnd;
    private int cursor;
    private int id;
    private int valueOffset;
    private int valueLength;

    /**
     * Points the reader at the extension block whose 4-byte header is at absolute index
     * {@code offset}, its data ending at or before {@code limit}, and checks every element.
     *
     * @return {@link RtpParseError#OK}, or what runs past the end
     */
    public RtpParseError wrap(ByteBuffer buffer, int offset, int limit) {
        this.buffer = buffer;
        this.id = 0;
        if (limit - offset < RtpHeader.EXTENSION_HEADER_LENGTH) {
            this.dataOffset = this.dataEnd = this.cursor = limit;
            return RtpParseError.EXTENSION_HEADER_OVERRUN;
        }
        this.profile = Bytes.u16(buffer, offset);
        int words = Bytes.u16(buffer, offset + 2);
        this.dataOffset = offset + RtpHeader.EXTENSION_HEADER_LENGTH;
        this.dataEnd = dataOffset + 4 * words;
        this.cursor = dataOffset;
        if (dataEnd > limit) {
            this.dataEnd = this.cursor = limit;
            return RtpParseError.EXTENSION_OVERRUN;
        }
        RtpParseError error = validateElements();
        this.cursor = dataOffset;
        return error;
    }

    /** The block's "defined by profile" field. */
    public int profile() {
        return profile;
    }

    /** True for the one-byte form ({@code 0xBEDE}). */
    public boolean isOneByte() {
        return profile == HeaderExtensions.ONE_BYTE_PROFILE;
    }

    /** True for the two-byte form ({@code 0x100} followed by 4 appbits). */
    public boolean isTwoByte() {
        return (profile & 0xFFF0) == HeaderExtensions.TWO_BYTE_PROFILE;
    }

    /** Absolute index of the block's data, after the 4-byte header. */
    public int dataOffset() {
        return dataOffset;
    }

    /** Length of the block's data in bytes (the length field × 4). */
    public int dataLength() {
        return dataEnd - dataOffset;
    }

    /**
     * Moves to the next element, skipping padding bytes.
     *
     * @return false when there are no more elements (or the profile is neither RFC 8285 form)
     */
    public boolean next() {
        boolean oneByte = isOneByte();
        if (!oneByte && !isTwoByte()) {
            return false;
        }
        while (cursor < dataEnd) {
            int first = Bytes.u8(buffer, cursor);
            if (first == 0) {
                cursor++;
                continue;
            }
            if (oneByte) {
                int elementId = first >>> 4;
                if (elementId == 15) {
                    cursor = dataEnd;
                    return false;
                }
                id = elementId;
                valueLength = (first & 0x0F) + 1;
                valueOffset = cursor + 1;
            } else {
                id = first;
                valueLength = Bytes.u8(buffer, cursor + 1);
                valueOffset = cursor + 2;
            }
            cursor = valueOffset + valueLength;
            return true;
        }
        return false;
    }

    /**
     * Finds element {@code id} from the start of the block.
     *
     * @return true with {@link #valueOffset()} and {@link #valueLength()} set, false if absent
     */
    public boolean find(int id) {
        cursor = dataOffset;
        while (next()) {
            if (this.id == id) {
                return true;
            }
        }
        return false;
    }

    /** Rewinds to the first element. */
    public void rewind() {
        cursor = dataOffset;
        id = 0;
    }

    /** Id of the current element. */
    public int id() {
        return id;
    }

    /** Absolute index of the current element's value in the packet buffer. */
    public int valueOffset() {
        return valueOffset;
    }

    /** Length of the current element's value. */
    public int valueLength() {
        return valueLength;
    }

    private RtpParseError validateElements() {
        boolean oneByte = isOneByte();
        if (!oneByte && !isTwoByte()) {
            return RtpParseError.OK;
        }
        int index = dataOffset;
        while (index < dataEnd) {
            int first = Bytes.u8(buffer, index);
            if (first == 0) {
                index++;
                continue;
            }
            int end;
            if (oneByte) {
                if (first >>> 4 == 15) {
                    return RtpParseError.OK;
                }
                end = index + 1 + (first & 0x0F) + 1;
            } else {
                if (index + 2 > dataEnd) {
                    return RtpParseError.EXTENSION_ELEMENT_OVERRUN;
                }
                end = index + 2 + Bytes.u8(buffer, index + 1);
            }
            if (end > dataEnd) {
                return RtpParseError.EXTENSION_ELEMENT_OVERRUN;
            }
            index = end;
        }
        return RtpParseError.OK;
    }
}

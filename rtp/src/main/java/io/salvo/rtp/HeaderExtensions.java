package io.salvo.rtp;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * RTP header extension elements (RFC 8285) to write after the CSRC list, in the one-byte form
 * ({@code 0xBEDE}) when every id is 1..14 and every value 1..16 bytes long, else in the two-byte
 * form ({@code 0x100}, appbits 0). The block is padded with zero bytes to a 32-bit boundary.
 *
 * <pre>
 * one-byte form                           two-byte form
 * +---------------+---------------+       +---------------+---------------+
 * |     0xBE      |     0xDE      |       |  0x10 | appbits              |
 * +---------------+---------------+       +---------------+---------------+
 * |        length (32-bit words)  |       |        length (32-bit words)  |
 * +-------+-------+---------------+       +---------------+---------------+
 * |  ID   | len-1 | data ...              |      ID       |    length     | data ...
 * +-------+-------+                       +---------------+---------------+
 * </pre>
 *
 * <p>Element values are copied in when added (header extensions are small) and can be updated in
 * place per packet with {@link #set(int, long)}, so a packetizer writes them without allocating.
 */
public final class HeaderExtensions {
    /** "defined by profile" value of the one-byte form. */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** "defined by profile" value of the two-byte form with appbits 0 ({@code 0x100} then 4 bits). */
    public static final int TWO_BYTE_PROFILE = 0x1000;
    /** Largest id of the one-byte form (15 is reserved). */
    public static final int MAX_ONE_BYTE_ID = 14;
    /** Largest value length of the one-byte form. */
    public static final int MAX_ONE_BYTE_LENGTH = 16;
    /** Largest value length of the two-byte form. */
    public static final int MAX_TWO_BYTE_LENGTH = 255;

    private int[] ids = new int[4];
    private int[] valueOffsets = new int[4];
    private int[] valueLengths = new int[4];
    private byte[] values = new byte[64];
    private int count;
    private int valueBytes;

    /** An empty set of elements (writes nothing). */
    public HeaderExtensions() {
    }

    /**
     * Adds an element with the given id (1..255) and value (0..255 bytes; the one-byte form needs
     * 1..16).
     *
     * @throws IllegalArgumentException for an id or length outside those ranges, or a repeated id
     */
    public HeaderExtensions add(int id, byte[] value) {
        return add(id, ByteBuffer.wrap(value), 0, value.length);
    }

    /** Adds an element whose value is {@code length} bytes of {@code source} at {@code offset}. */
    public HeaderExtensions add(int id, ByteBuffer source, int offset, int length) {
        if (id < 1 || id > 255) {
            throw new IllegalArgumentException("header extension id must be 1..255, was " + id);
        }
        if (length < 0 || length > MAX_TWO_BYTE_LENGTH) {
            throw new IllegalArgumentException("header extension " + id + ": value length must be 0..255, was " + length);
        }
        if (indexOf(id) >= 0) {
            throw new IllegalArgumentException("header extension id " + id + " added twice");
        }
        Bytes.checkRange("header extension " + id + " value", offset, length, source.capacity());
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
            valueOffsets = Arrays.copyOf(valueOffsets, count * 2);
            valueLengths = Arrays.copyOf(valueLengths, count * 2);
        }
        if (valueBytes + length > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, valueBytes + length));
        }
        for (int i = 0; i < length; i++) {
            values[valueBytes + i] = source.get(offset + i);
        }
        ids[count] = id;
        valueOffsets[count] = valueBytes;
        valueLengths[count] = length;
        valueBytes += length;
        count++;
        return this;
    }

    /**
     * Overwrites the value of element {@code id} with the low bytes of {@code value}, big-endian,
     * keeping its length (for per-packet values such as a transport-wide sequence number).
     *
     * @throws IllegalArgumentException if no element has that id
     */
    public HeaderExtensions set(int id, long value) {
        int index = indexOf(id);
        if (index < 0) {
            throw new IllegalArgumentException("no header extension with id " + id);
        }
        int length = valueLengths[index];
        int base = valueOffsets[index];
        for (int i = length - 1; i >= 0; i--) {
            values[base + i] = (byte) value;
            value >>>= 8;
        }
        return this;
    }

    /** Removes every element. */
    public HeaderExtensions clear() {
        count = 0;
        valueBytes = 0;
        return this;
    }

    /** Number of elements. */
    public int count() {
        return count;
    }

    /** True when there is no element (no extension is written). */
    public boolean isEmpty() {
        return count == 0;
    }

    /** The form the elements are written in: {@link #ONE_BYTE_PROFILE} or {@link #TWO_BYTE_PROFILE}. */
    public int profile() {
        for (int i = 0; i < count; i++) {
            int length = valueLengths[i];
            if (ids[i] > MAX_ONE_BYTE_ID || length < 1 || length > MAX_ONE_BYTE_LENGTH) {
                return TWO_BYTE_PROFILE;
            }
        }
        return ONE_BYTE_PROFILE;
    }

    /**
     * Bytes {@link #write} puts after the CSRC list: the 4-byte extension header, the elements and
     * the padding to a 32-bit boundary; 0 when there are no elements.
     */
    public int encodedLength() {
        return count == 0 ? 0 : encodedLength(profile());
    }

    private int encodedLength(int profile) {
        int elementHeader = profile == ONE_BYTE_PROFILE ? 1 : 2;
        int data = count * elementHeader + valueBytes;
        return RtpHeader.EXTENSION_HEADER_LENGTH + ((data + 3) & ~3);
    }

    /**
     * Writes the extension block at absolute index {@code offset} and returns its length
     * ({@link #encodedLength()}). Does not touch the X bit of the RTP header: the caller sets it.
     */
    public int write(ByteBuffer buffer, int offset) {
        if (count == 0) {
            return 0;
        }
        int profile = profile();
        int length = encodedLength(profile);
        Bytes.checkRange("header extension block", offset, length, buffer.capacity());
        boolean oneByte = profile == ONE_BYTE_PROFILE;
        Bytes.put16(buffer, offset, profile);
        Bytes.put16(buffer, offset + 2, (length - RtpHeader.EXTENSION_HEADER_LENGTH) / 4);
        int index = offset + RtpHeader.EXTENSION_HEADER_LENGTH;
        for (int i = 0; i < count; i++) {
            int valueLength = valueLengths[i];
            if (oneByte) {
                Bytes.put8(buffer, index++, (ids[i] << 4) | (valueLength - 1));
            } else {
                Bytes.put8(buffer, index++, ids[i]);
                Bytes.put8(buffer, index++, valueLength);
            }
            int base = valueOffsets[i];
            for (int j = 0; j < valueLength; j++) {
                buffer.put(index++, values[base + j]);
            }
        }
        while (index < offset + length) {
            buffer.put(index++, (byte) 0);
        }
        return length;
    }

    private int indexOf(int id) {
        for (int i = 0; i < count; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }
}

package io.salvo.packetizer;

import io.salvo.rtp.Bytes;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The NAL units of one access unit as views: buffer, absolute offset and length of each unit
 * (start codes and length prefixes excluded). Filled by {@link #scanAnnexB} or
 * {@link #scanLengthPrefixed}, which validate the framing; reused from frame to frame, so its
 * arrays grow to the largest unit count seen and nothing is allocated after that.
 *
 * <p>The Annex B scan reads eight bytes at a time ({@link ByteBuffer#getLong(int)}) and looks
 * for a pair of zero bytes with a SWAR test; only words holding such a pair are examined byte by
 * byte, so ordinary slice data (where {@code 00 00} is rare thanks to emulation prevention) is
 * skipped at word speed.
 */
public final class NalUnitList {
    private static final long LOW_SEVEN = 0x7F7F_7F7F_7F7F_7F7FL;
    private static final int WORD_STEP = 7;

    private ByteBuffer[] buffers = new ByteBuffer[16];
    private int[] offsets = new int[16];
    private int[] lengths = new int[16];
    private int size;

    /** Number of units. */
    public int size() {
        return size;
    }

    /** Buffer of unit {@code index}. */
    public ByteBuffer buffer(int index) {
        return buffers[index];
    }

    /** Absolute offset of unit {@code index}'s first byte (its NAL header) in its buffer. */
    public int offset(int index) {
        return offsets[index];
    }

    /** Length of unit {@code index} in bytes. */
    public int length(int index) {
        return lengths[index];
    }

    /** First byte of unit {@code index} (the first NAL header byte). */
    public int firstByte(int index) {
        return buffers[index].get(offsets[index]) & 0xFF;
    }

    /** Second byte of unit {@code index}, or 0 for a one-byte unit. */
    public int secondByte(int index) {
        return lengths[index] > 1 ? buffers[index].get(offsets[index] + 1) & 0xFF : 0;
    }

    /** Forgets every unit (and the buffers it referred to). */
    public void clear() {
        Arrays.fill(buffers, 0, size, null);
        size = 0;
    }

    /** Appends a unit. */
    public void add(ByteBuffer buffer, int offset, int length) {
        insert(size, buffer, offset, length);
    }

    /** Inserts a unit before unit {@code index} ({@code index == size()} appends). */
    public void insert(int index, ByteBuffer buffer, int offset, int length) {
        if (index < 0 || index > size) {
            throw new IndexOutOfBoundsException("insert at " + index + " of " + size + " units");
        }
        if (size == buffers.length) {
            int grown = size * 2;
            buffers = Arrays.copyOf(buffers, grown);
            offsets = Arrays.copyOf(offsets, grown);
            lengths = Arrays.copyOf(lengths, grown);
        }
        int moved = size - index;
        if (moved > 0) {
            System.arraycopy(buffers, index, buffers, index + 1, moved);
            System.arraycopy(offsets, index, offsets, index + 1, moved);
            System.arraycopy(lengths, index, lengths, index + 1, moved);
        }
        buffers[index] = buffer;
        offsets[index] = offset;
        lengths[index] = length;
        size++;
    }

    /**
     * Replaces the content with the NAL units of an Annex B access unit: {@code length} bytes at
     * absolute index {@code offset} of {@code frame}, starting with optional zero bytes and a
     * 3- or 4-byte start code. Trailing zero bytes of a unit (trailing_zero_8bits, the zero_byte
     * of the next 4-byte start code) are not part of it.
     *
     * @param codec name used in error messages, e.g. {@code H.264}
     * @throws MalformedFrameException if there is no start code at the beginning or a unit is
     *                                 empty; offsets in the message count from {@code offset}
     */
    public NalUnitList scanAnnexB(ByteBuffer frame, int offset, int length, String codec) {
        Bytes.checkRange(codec + " frame", offset, length, frame.capacity());
        clear();
        int end = offset + length;
        int start = offset;
        while (start < end && frame.get(start) == 0) {
            start++;
        }
        if (start - offset < 2 || start == end || frame.get(start) != 1) {
            throw new MalformedFrameException(0, codec + " frame of " + length
                    + " bytes does not begin with a start code (00 00 01) at offset 0");
        }
        int nal = start + 1;
        while (true) {
            int next = findStartCode(frame, nal, end);
            int nalEnd = next < 0 ? end : next;
            while (nalEnd > nal && frame.get(nalEnd - 1) == 0) {
                nalEnd--;
            }
            if (nalEnd == nal) {
                throw new MalformedFrameException(nal - offset, codec + " NAL at offset " + (nal - offset)
                        + " has zero length");
            }
            add(frame, nal, nalEnd - nal);
            if (next < 0) {
                return this;
            }
            nal = next + 3;
        }
    }

    /**
     * Replaces the content with the NAL units of a length-prefixed (AVCC/HVCC) access unit, each
     * preceded by a big-endian length of {@code lengthSize} bytes (1, 2, 3 or 4).
     *
     * @throws MalformedFrameException if a prefix is cut off, says zero, or runs past the end
     */
    public NalUnitList scanLengthPrefixed(ByteBuffer frame, int offset, int length, int lengthSize, String codec) {
        Bytes.checkRange(codec + " frame", offset, length, frame.capacity());
        if (lengthSize < 1 || lengthSize > 4) {
            throw new IllegalArgumentException("NAL length size must be 1..4 bytes, was " + lengthSize);
        }
        clear();
        int end = offset + length;
        int index = offset;
        if (length == 0) {
            throw new MalformedFrameException(0, codec + " frame is empty");
        }
        while (index < end) {
            if (end - index < lengthSize) {
                throw new MalformedFrameException(index - offset, codec + " NAL length prefix at offset "
                        + (index - offset) + " needs " + lengthSize + " bytes, only " + (end - index) + " remain");
            }
            long nalLength = 0;
            for (int i = 0; i < lengthSize; i++) {
                nalLength = (nalLength << 8) | (frame.get(index + i) & 0xFF);
            }
            index += lengthSize;
            if (nalLength == 0) {
                throw new MalformedFrameException(index - lengthSize - offset, codec + " NAL at offset "
                        + (index - offset) + " has zero length");
            }
            if (nalLength > end - index) {
                throw new MalformedFrameException(index - lengthSize - offset, codec + " NAL length prefix at offset "
                        + (index - lengthSize - offset) + " says " + nalLength + " bytes, but only "
                        + (end - index) + " remain in the frame");
            }
            add(frame, index, (int) nalLength);
            index += (int) nalLength;
        }
        return this;
    }

    /**
     * Absolute index of the first start code prefix {@code 00 00 01} that begins in
     * {@code [from, end)} and lies wholly before {@code end}, or -1 if there is none.
     */
    public static int findStartCode(ByteBuffer buffer, int from, int end) {
        int i = from;
        // Each word read at i covers the byte pairs starting at i..i+6; the next word starts at i+7.
        int lastWord = end - 8;
        while (i <= lastWord) {
            long word = Bytes.i64(buffer, i);
            // 0x80 in every zero byte, exactly (no borrow between bytes).
            long zero = ~(((word & LOW_SEVEN) + LOW_SEVEN) | word | LOW_SEVEN);
            long pair = zero & (zero << 8);
            if (pair == 0) {
                i += WORD_STEP;
                continue;
            }
            while (pair != 0) {
                int at = i + (Long.numberOfLeadingZeros(pair) >>> 3);
                if (at + 2 < end && buffer.get(at + 2) == 1) {
                    return at;
                }
                pair ^= Long.highestOneBit(pair);
            }
            i += WORD_STEP;
        }
        for (; i + 2 < end; i++) {
            if (buffer.get(i) == 0 && buffer.get(i + 1) == 0 && buffer.get(i + 2) == 1) {
                return i;
            }
        }
        return -1;
    }
}

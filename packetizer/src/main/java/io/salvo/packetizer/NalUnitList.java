package io.salvo.packetizer;

import io.salvo.rtp.Bytes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The NAL units of one access unit as views: buffer, absolute offset and length of each unit
 * (start codes and length prefixes excluded). Filled by {@link #scanAnnexB} or
 * {@link #scanLengthPrefixed}, which validate the framing; reused from frame to frame, so its
 * arrays grow to the largest unit count seen and nothing is allocated after that.
 *
 * <p>The Annex B scan ({@link #findStartCode}) reads sixteen bytes at a time with two
 * {@link ByteBuffer#getLong(int)} and a SWAR test for two zero bytes in a row, so slice data
 * is skipped at word speed; the rare windows holding such a pair are resolved byte by byte.
 */
public final class NalUnitList {
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    private static final int WINDOW = 16;
    /** Pairs a window tests: bytes 0..14 each with its successor (byte 15 waits for the next window). */
    private static final int PAIRS_PER_WINDOW = WINDOW - 1;
    /** Forces the pair flag of a word's last byte (memory order) off. */
    private static final long LAST_BYTE_BIG_ENDIAN = 0xFFL;
    private static final long LAST_BYTE_LITTLE_ENDIAN = 0xFFL << 56;

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
        checkFrame(frame, offset, length, codec);
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
        checkFrame(frame, offset, length, codec);
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

    private static void checkFrame(ByteBuffer frame, int offset, int length, String codec) {
        if (offset < 0 || length < 0 || offset > frame.capacity() - length) {
            Bytes.checkRange(codec + " frame", offset, length, frame.capacity());
        }
    }

    /**
     * Absolute index of the first start code prefix {@code 00 00 01} that begins in
     * {@code [from, end)} and lies wholly before {@code end}, or -1 if there is none.
     *
     * <p>Reads two {@code getLong} words per step and ORs each byte with the byte after it, so a
     * byte of the result is zero only where two zero bytes in a row begin; the SWAR has-zero-byte
     * test on that finds the {@code 00 00} every start code starts with. Emulation prevention
     * makes such pairs rare inside NAL units (they occur only before an {@code 03} or a start
     * code), so the step almost always moves on by the 15 pair positions it covered; a window
     * that holds a pair is resolved byte by byte.
     */
    public static int findStartCode(ByteBuffer buffer, int from, int end) {
        boolean bigEndian = buffer.order() == ByteOrder.BIG_ENDIAN;
        int i = from;
        int lastWindow = end - WINDOW;
        while (i <= lastWindow) {
            long a = buffer.getLong(i);
            long b = buffer.getLong(i + 8);
            // byte k of x (memory order) is zero iff bytes i+k and i+k+1 are; y covers i+8..i+14
            long x;
            long y;
            if (bigEndian) {
                x = a | (a << 8) | (b >>> 56);
                y = b | (b << 8) | LAST_BYTE_BIG_ENDIAN;
            } else {
                x = a | (a >>> 8) | (b << 56);
                y = b | (b >>> 8) | LAST_BYTE_LITTLE_ENDIAN;
            }
            if (((((x - ONES) & ~x) | ((y - ONES) & ~y)) & HIGHS) != 0) {
                int found = startCodeIn(buffer, i, Math.min(i + PAIRS_PER_WINDOW, end - 2));
                if (found >= 0) {
                    return found;
                }
            }
            i += PAIRS_PER_WINDOW;
        }
        return startCodeIn(buffer, i, end - 2);
    }

    /** The first {@code k} in {@code [from, to)} with {@code 00 00 01} at {@code k}, or -1. */
    private static int startCodeIn(ByteBuffer buffer, int from, int to) {
        for (int k = from; k < to; k++) {
            if (buffer.get(k) == 0 && buffer.get(k + 1) == 0 && buffer.get(k + 2) == 1) {
                return k;
            }
        }
        return -1;
    }
}

package io.salvo.packetizer;

import java.nio.ByteBuffer;

/**
 * Reads the bits of a NAL unit's payload (RBSP) in order: fixed-width fields, exp-Golomb codes
 * {@code ue(v)} and {@code se(v)}, skipping emulation prevention bytes ({@code 03} after
 * {@code 00 00}) as H.264 §7.4.1 and H.265 §7.4.2 define. Reusable: {@link #wrap} again.
 */
public final class RbspReader {
    private ByteBuffer buffer;
    private int start;
    private int position;
    private int end;
    private int zeros;
    private int current;
    private int bitsLeft;

    /**
     * Starts reading at absolute index {@code offset} of {@code buffer}; reading stops at
     * {@code offset + length}.
     */
    public RbspReader wrap(ByteBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.start = offset;
        this.position = offset;
        this.end = offset + length;
        this.zeros = 0;
        this.bitsLeft = 0;
        return this;
    }

    /** Reads one bit. */
    public boolean flag() {
        return bits(1) == 1;
    }

    /** Reads {@code count} (0..32) bits as an unsigned value, most significant first. */
    public long bits(int count) {
        if (count < 0 || count > 32) {
            throw new IllegalArgumentException("can read 0..32 bits at once, asked for " + count);
        }
        long value = 0;
        int needed = count;
        while (needed > 0) {
            if (bitsLeft == 0) {
                current = nextByte();
                bitsLeft = 8;
            }
            int take = Math.min(needed, bitsLeft);
            int shifted = (current >>> (bitsLeft - take)) & ((1 << take) - 1);
            value = (value << take) | shifted;
            bitsLeft -= take;
            needed -= take;
        }
        return value;
    }

    /** Reads {@code count} bits (at most 31) as an int. */
    public int u(int count) {
        if (count > 31) {
            throw new IllegalArgumentException("u(" + count + ") does not fit an int");
        }
        return (int) bits(count);
    }

    /** Skips {@code count} bits. */
    public RbspReader skip(int count) {
        int left = count;
        while (left > 0) {
            int step = Math.min(left, 32);
            bits(step);
            left -= step;
        }
        return this;
    }

    /** Reads an unsigned exp-Golomb code {@code ue(v)} (up to 2<sup>32</sup> - 2). */
    public long ue() {
        int leadingZeros = 0;
        while (bits(1) == 0) {
            leadingZeros++;
            if (leadingZeros > 31) {
                throw new IllegalArgumentException("exp-Golomb code with more than 31 leading zeros at byte "
                        + (position - start) + " of the RBSP");
            }
        }
        return ((1L << leadingZeros) - 1) + bits(leadingZeros);
    }

    /** Reads {@code ue(v)} and checks it is at most {@code max}, naming {@code field} otherwise. */
    public int ue(String field, int max) {
        long value = ue();
        if (value > max) {
            throw new IllegalArgumentException(field + " is " + value + ", more than the largest allowed " + max);
        }
        return (int) value;
    }

    /** Reads a signed exp-Golomb code {@code se(v)}. */
    public long se() {
        long code = ue();
        return (code & 1) == 1 ? (code + 1) / 2 : -(code / 2);
    }

    /** Bytes consumed so far, emulation prevention bytes included. */
    public int bytesRead() {
        return position - start;
    }

    private int nextByte() {
        if (position >= end) {
            throw new IllegalArgumentException("RBSP ends after " + (end - start) + " bytes while reading a field");
        }
        int value = buffer.get(position++) & 0xFF;
        if (zeros >= 2 && value == 3) {
            zeros = 0;
            if (position >= end) {
                throw new IllegalArgumentException("RBSP ends after an emulation prevention byte at byte "
                        + (position - 1 - start));
            }
            value = buffer.get(position++) & 0xFF;
        }
        zeros = value == 0 ? zeros + 1 : 0;
        return value;
    }
}

package io.salvo.packetizer;

import java.nio.ByteBuffer;

/**
 * Reads bits most-significant first from a byte range of a buffer, for the few header fields a
 * packetizer needs (VP9 uncompressed header, AV1 sequence and frame headers). Reading past the
 * end yields zeros and sets {@link #overrun()}, so a parser checks once at the end instead of
 * catching exceptions. Reusable: {@link #wrap} again.
 */
final class BitReader {
    private ByteBuffer buffer;
    private int start;
    private long bitPosition;
    private long bitLimit;
    private boolean overrun;

    BitReader wrap(ByteBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.start = offset;
        this.bitPosition = 0;
        this.bitLimit = 8L * length;
        this.overrun = false;
        return this;
    }

    /** The next {@code count} (0..32) bits as an unsigned value. */
    long bits(int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
            value = (value << 1) | bit();
        }
        return value;
    }

    /** The next bit. */
    int bit() {
        if (bitPosition >= bitLimit) {
            overrun = true;
            bitPosition++;
            return 0;
        }
        int b = buffer.get(start + (int) (bitPosition >>> 3));
        int value = (b >>> (7 - (int) (bitPosition & 7))) & 1;
        bitPosition++;
        return value;
    }

    /** Whether the next bit is set. */
    boolean flag() {
        return bit() == 1;
    }

    /** AV1 {@code uvlc()}: leading zeros, a one, then that many bits. */
    long uvlc() {
        int leadingZeros = 0;
        while (bit() == 0 && !overrun) {
            leadingZeros++;
        }
        if (leadingZeros >= 32) {
            return 0xFFFF_FFFFL;
        }
        return bits(leadingZeros) + (1L << leadingZeros) - 1;
    }

    void skip(int count) {
        bitPosition += count;
        if (bitPosition > bitLimit) {
            overrun = true;
        }
    }

    /** True when a read went past the end of the range. */
    boolean overrun() {
        return overrun;
    }
}

package io.salvo.rtp;

/**
 * Turns wrapping 16-bit sequence numbers or 32-bit timestamps into 64-bit extended values that
 * keep counting across wraps, as RFC 3550 A.1 extends sequence numbers with a cycle count.
 *
 * <p>Each value is placed at the signed shortest distance from the highest value seen so far, so
 * a late (reordered) packet from before a wrap gets its old cycle and one after the wrap the new.
 * The first value is returned as is; values before it may come out below it (even negative).
 */
public final class Unwrapper {
    private final int bits;
    private final long modulus;
    private long highest;
    private boolean started;

    private Unwrapper(int bits) {
        this.bits = bits;
        this.modulus = 1L << bits;
    }

    /** An unwrapper for 16-bit sequence numbers. */
    public static Unwrapper sequenceNumbers() {
        return new Unwrapper(16);
    }

    /** An unwrapper for 32-bit timestamps. */
    public static Unwrapper timestamps() {
        return new Unwrapper(32);
    }

    /** The extended value of {@code value} (its low 16 or 32 bits are used). */
    public long unwrap(long value) {
        long raw = value & (modulus - 1);
        if (!started) {
            started = true;
            highest = raw;
            return raw;
        }
        long delta = (raw - highest) & (modulus - 1);
        if (delta >= modulus / 2) {
            delta -= modulus;
        }
        long extended = highest + delta;
        if (extended > highest) {
            highest = extended;
        }
        return extended;
    }

    /** The highest extended value so far (undefined before the first {@link #unwrap}). */
    public long highest() {
        return highest;
    }

    /** Number of times the values have wrapped, the "cycles" of RFC 3550 A.1. */
    public long cycles() {
        return Math.floorDiv(highest, modulus);
    }

    /** Forgets every value seen. */
    public void reset() {
        started = false;
        highest = 0;
    }

    /** Width of the wrapping values, 16 or 32. */
    public int bits() {
        return bits;
    }
}

package io.salvo.rtp;

/**
 * Arithmetic on 16-bit RTP sequence numbers, modulo 2<sup>16</sup>. Values are ints holding the
 * unsigned number (0..65535); results are taken modulo 2<sup>16</sup> again.
 */
public final class SequenceNumbers {
    /** Number of distinct sequence numbers. */
    public static final int MODULUS = 1 << 16;
    private static final int MASK = MODULUS - 1;

    private SequenceNumbers() {
    }

    /** {@code sequenceNumber + 1}, wrapping 65535 to 0. */
    public static int next(int sequenceNumber) {
        return (sequenceNumber + 1) & MASK;
    }

    /** {@code sequenceNumber + delta} modulo 2<sup>16</sup> ({@code delta} may be negative). */
    public static int add(int sequenceNumber, int delta) {
        return (sequenceNumber + delta) & MASK;
    }

    /**
     * Signed distance from {@code b} to {@code a} over the shorter way round, in
     * -32768..32767: {@code diff(2, 65534) == 4}, {@code diff(65534, 2) == -4}.
     */
    public static int diff(int a, int b) {
        return (short) (a - b);
    }

    /**
     * True when {@code a} comes after {@code b} (the forward distance is below half the space; at
     * exactly half, the larger raw value is newer so that exactly one of the two is).
     */
    public static boolean isNewer(int a, int b) {
        int forward = (a - b) & MASK;
        if (forward == MODULUS / 2) {
            return (a & MASK) > (b & MASK);
        }
        return forward != 0 && forward < MODULUS / 2;
    }
}

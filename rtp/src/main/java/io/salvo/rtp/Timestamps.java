package io.salvo.rtp;

/**
 * Arithmetic on 32-bit RTP timestamps, modulo 2<sup>32</sup>. Values are longs holding the
 * unsigned number (0..2<sup>32</sup>-1); results are taken modulo 2<sup>32</sup> again.
 */
public final class Timestamps {
    /** Number of distinct timestamps. */
    public static final long MODULUS = 1L << 32;
    private static final long MASK = MODULUS - 1;

    private Timestamps() {
    }

    /** {@code timestamp + delta} modulo 2<sup>32</sup> ({@code delta} may be negative). */
    public static long add(long timestamp, long delta) {
        return (timestamp + delta) & MASK;
    }

    /**
     * Signed distance from {@code b} to {@code a} over the shorter way round, in
     * -2<sup>31</sup>..2<sup>31</sup>-1: {@code diff(10, 0xFFFF_FFF0L) == 26}.
     */
    public static long diff(long a, long b) {
        return (int) (a - b);
    }

    /** True when {@code a} comes after {@code b} (ties at half the space go to the larger value). */
    public static boolean isNewer(long a, long b) {
        long forward = (a - b) & MASK;
        if (forward == MODULUS / 2) {
            return (a & MASK) > (b & MASK);
        }
        return forward != 0 && forward < MODULUS / 2;
    }
}

package io.salvo.srtp;

import java.util.Arrays;

/**
 * A sliding replay window (RFC 3711 §3.3.2) over 64-bit indexes: the highest index accepted and a
 * bit per index for the {@link #SIZE} indexes up to it, kept as a ring of bits (index i at bit
 * i mod SIZE), so sliding forward clears bits instead of shifting words.
 *
 * <p>{@link #check} before authenticating, {@link #accept} after: a forged packet never moves the
 * window.
 */
final class ReplayWindow {
    /** Indexes remembered behind the highest (RFC 3711 asks for at least 64; libsrtp uses 128, WebRTC 1024). */
    static final int SIZE = 1024;
    private static final int WORDS = SIZE / 64;

    private final long[] seen = new long[WORDS];
    private long highest = -1;

    /** The highest index accepted, or -1 before the first. */
    long highest() {
        return highest;
    }

    /** {@link SrtpStatus#OK} if {@code index} may be accepted, else REPLAYED or TOO_OLD. */
    SrtpStatus check(long index) {
        if (highest < 0 || index > highest) {
            return SrtpStatus.OK;
        }
        if (highest - index >= SIZE) {
            return SrtpStatus.TOO_OLD;
        }
        return (seen[word(index)] & bit(index)) != 0 ? SrtpStatus.REPLAYED : SrtpStatus.OK;
    }

    /** Records {@code index} (which {@link #check} passed), sliding the window if it is the newest. */
    void accept(long index) {
        if (highest < 0) {
            highest = index;
        } else if (index > highest) {
            long ahead = index - highest;
            if (ahead >= SIZE) {
                Arrays.fill(seen, 0);
            } else {
                for (long i = highest + 1; i <= index; i++) {
                    seen[word(i)] &= ~bit(i);
                }
            }
            highest = index;
        }
        seen[word(index)] |= bit(index);
    }

    private static int word(long index) {
        return (int) ((index >>> 6) & (WORDS - 1));
    }

    private static long bit(long index) {
        return 1L << (index & 63);
    }
}

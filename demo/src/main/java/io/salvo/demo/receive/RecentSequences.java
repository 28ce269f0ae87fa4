package io.salvo.demo.receive;

import java.util.Arrays;

/**
 * The extended sequence numbers seen among the last {@link #WINDOW} of one stream, as a sliding
 * bitmap: tells a duplicate from a late packet without allocating. Slot {@code seq mod WINDOW}
 * holds whether {@code seq} arrived, for {@code seq} in {@code (highest - WINDOW, highest]}.
 */
final class RecentSequences {
    /** How far behind the highest sequence number a duplicate is still recognised. */
    static final int WINDOW = 1024;
    private static final int MASK = WINDOW - 1;

    private final long[] bits = new long[WINDOW / Long.SIZE];
    private long highest;
    private boolean started;

    /**
     * Records {@code sequence}.
     *
     * @return false when it was already recorded (a duplicate); true when it is new, or too far
     *         behind the highest to tell
     */
    boolean add(long sequence) {
        if (!started || sequence > highest) {
            advanceTo(sequence);
            set(sequence);
            return true;
        }
        if (highest - sequence >= WINDOW) {
            return true;
        }
        if (isSet(sequence)) {
            return false;
        }
        set(sequence);
        return true;
    }

    private void advanceTo(long sequence) {
        if (!started || sequence - highest >= WINDOW) {
            Arrays.fill(bits, 0L);
        } else {
            for (long skipped = highest + 1; skipped < sequence; skipped++) {
                int slot = slot(skipped);
                bits[slot >>> 6] &= ~bit(slot);
            }
        }
        started = true;
        highest = sequence;
    }

    private boolean isSet(long sequence) {
        int slot = slot(sequence);
        return (bits[slot >>> 6] & bit(slot)) != 0;
    }

    private void set(long sequence) {
        int slot = slot(sequence);
        bits[slot >>> 6] |= bit(slot);
    }

    private static long bit(int slot) {
        return 1L << (slot & (Long.SIZE - 1));
    }

    private static int slot(long sequence) {
        return (int) (sequence & MASK);
    }
}

package io.salvo.packetizer;

/**
 * Splits {@code total} bytes into the fewest fragments of at most {@code capacity} bytes, all but
 * the last of exactly equal size and the last never larger than the others, so that a unit's
 * fragments make equal-size datagrams (one UDP GSO run). The greedy alternative fills every
 * fragment to capacity.
 */
public final class EqualSplit {
    private EqualSplit() {
    }

    /** Number of fragments: {@code ceil(total / capacity)}, at least 1. */
    public static int count(int total, int capacity) {
        checkArguments(total, capacity);
        return Math.max(1, (total + capacity - 1) / capacity);
    }

    /**
     * Size of every fragment but the last: {@code ceil(total / count)}, which is at most
     * {@code capacity}; the last fragment gets {@code total - (count - 1) × size}.
     */
    public static int size(int total, int capacity) {
        int count = count(total, capacity);
        return (total + count - 1) / count;
    }

    private static void checkArguments(int total, int capacity) {
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0, was " + total);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("fragment capacity must be >= 1, was " + capacity);
        }
    }
}

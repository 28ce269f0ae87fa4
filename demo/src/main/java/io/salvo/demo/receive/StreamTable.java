package io.salvo.demo.receive;

import java.util.Arrays;

/**
 * The {@link StreamStats} of every SSRC seen, in first-seen order, found by an open-addressing
 * hash on the SSRC: no boxing, no allocation per lookup (only when a new stream arrives and the
 * table grows). Holds at most {@code maxStreams}; more SSRCs are refused.
 */
final class StreamTable {
    private static final int INITIAL_CAPACITY = 16;

    private final int maxStreams;
    private final int clockRateOverride;
    private long[] keys = new long[INITIAL_CAPACITY];
    private StreamStats[] slots = new StreamStats[INITIAL_CAPACITY];
    private StreamStats[] ordered = new StreamStats[INITIAL_CAPACITY];
    private int size;

    /**
     * A table of at most {@code maxStreams} streams whose clock rate is {@code clockRateOverride}
     * Hz, or chosen by {@link ClockRates#forPayloadType} when it is 0.
     */
    StreamTable(int maxStreams, int clockRateOverride) {
        if (maxStreams <= 0) {
            throw new IllegalArgumentException("maxStreams must be > 0, was " + maxStreams);
        }
        if (clockRateOverride < 0) {
            throw new IllegalArgumentException("clock rate must be >= 0 Hz (0: by payload type), was " + clockRateOverride);
        }
        this.maxStreams = maxStreams;
        this.clockRateOverride = clockRateOverride;
    }

    /**
     * The stats of {@code ssrc}, created for a first packet of {@code payloadType}; null when the
     * SSRC is new and the table already holds {@code maxStreams}.
     */
    StreamStats get(long ssrc, int payloadType) {
        int mask = keys.length - 1;
        for (int index = hash(ssrc) & mask; ; index = (index + 1) & mask) {
            StreamStats stats = slots[index];
            if (stats == null) {
                return size == maxStreams ? null : add(ssrc, payloadType);
            }
            if (keys[index] == ssrc) {
                return stats;
            }
        }
    }

    /** The stats of {@code ssrc}, or null when none of its packets arrived; never creates them. */
    StreamStats find(long ssrc) {
        int mask = keys.length - 1;
        for (int index = hash(ssrc) & mask; ; index = (index + 1) & mask) {
            StreamStats stats = slots[index];
            if (stats == null || keys[index] == ssrc) {
                return stats;
            }
        }
    }

    /** Number of streams. */
    int size() {
        return size;
    }

    /** The {@code index}-th stream in first-seen order. */
    StreamStats at(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("stream " + index + " of " + size);
        }
        return ordered[index];
    }

    private StreamStats add(long ssrc, int payloadType) {
        int rate = clockRateOverride != 0 ? clockRateOverride : ClockRates.forPayloadType(payloadType);
        StreamStats stats = new StreamStats(ssrc, rate);
        if (size == ordered.length) {
            ordered = Arrays.copyOf(ordered, size * 2);
        }
        ordered[size++] = stats;
        if (size * 2 > keys.length) {
            rehash(keys.length * 2);
        } else {
            place(keys, slots, ssrc, stats);
        }
        return stats;
    }

    private void rehash(int capacity) {
        long[] newKeys = new long[capacity];
        StreamStats[] newSlots = new StreamStats[capacity];
        for (int i = 0; i < size; i++) {
            place(newKeys, newSlots, ordered[i].ssrc(), ordered[i]);
        }
        keys = newKeys;
        slots = newSlots;
    }

    private static void place(long[] keys, StreamStats[] slots, long ssrc, StreamStats stats) {
        int mask = keys.length - 1;
        int index = hash(ssrc) & mask;
        while (slots[index] != null) {
            index = (index + 1) & mask;
        }
        keys[index] = ssrc;
        slots[index] = stats;
    }

    private static int hash(long ssrc) {
        return (int) ((ssrc * 0x9E37_79B9_7F4A_7C15L) >>> 32);
    }
}

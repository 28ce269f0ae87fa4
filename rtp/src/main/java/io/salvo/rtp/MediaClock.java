package io.salvo.rtp;

/**
 * An RTP media clock: converts between wall time (nanoseconds), container timescales and RTP
 * clock ticks without overflow, e.g. 90 kHz for video (RFC 6184 §5.1) and 48 kHz for Opus
 * (RFC 7587 §4.1).
 */
public final class MediaClock {
    /** Clock rate of every video payload format here. */
    public static final int VIDEO_RATE = 90_000;
    /** Clock rate of Opus, whatever the real sample rate. */
    public static final int OPUS_RATE = 48_000;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int rate;

    /**
     * A clock of {@code rate} ticks per second.
     *
     * @throws IllegalArgumentException if {@code rate} is not positive
     */
    public MediaClock(int rate) {
        if (rate <= 0) {
            throw new IllegalArgumentException("clock rate must be > 0 Hz, was " + rate);
        }
        this.rate = rate;
    }

    /** The 90 kHz video clock. */
    public static MediaClock video() {
        return new MediaClock(VIDEO_RATE);
    }

    /** The 48 kHz Opus clock. */
    public static MediaClock opus() {
        return new MediaClock(OPUS_RATE);
    }

    /** Ticks per second. */
    public int rate() {
        return rate;
    }

    /** Ticks in {@code nanos} nanoseconds, rounded down. */
    public long ticks(long nanos) {
        return rescale(nanos, NANOS_PER_SECOND, rate);
    }

    /** Nanoseconds in {@code ticks} ticks, rounded down. */
    public long nanos(long ticks) {
        return rescale(ticks, rate, NANOS_PER_SECOND);
    }

    /** Ticks in {@code value} units of a {@code timescale}-per-second clock (an MP4 or IVF time base). */
    public long ticks(long value, long timescale) {
        return rescale(value, timescale, rate);
    }

    /** The 32-bit RTP timestamp for {@code ticks} on this clock plus a random {@code offset}. */
    public static long rtpTimestamp(long ticks, long offset) {
        return Timestamps.add(ticks, offset);
    }

    /**
     * {@code value × to / from}, rounded toward negative infinity, exact for any {@code value}
     * as long as {@code from} and {@code to} are at most about 3·10<sup>9</sup>.
     */
    public static long rescale(long value, long from, long to) {
        if (from <= 0 || to <= 0) {
            throw new IllegalArgumentException("rates must be > 0, were " + from + " and " + to);
        }
        long whole = Math.floorDiv(value, from);
        long rest = Math.floorMod(value, from);
        return whole * to + rest * to / from;
    }
}

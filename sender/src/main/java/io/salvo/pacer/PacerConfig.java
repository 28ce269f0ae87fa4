package io.salvo.pacer;

/**
 * The pacer's settings: tick interval, rate (fixed, a factor of the measured media rate, or
 * unpaced), carry-over bound, queue-time limits, and whether audio bypasses the budget.
 * Immutable; build with {@link #builder()}.
 */
public final class PacerConfig {
    /** Default tick interval: 1 ms. */
    public static final long DEFAULT_TICK_NANOS = 1_000_000L;
    /** Default pacing factor over the measured media rate, as libwebrtc's. */
    public static final double DEFAULT_PACING_FACTOR = 2.5;
    /** Default lowest pacing rate in factor mode: 1 Mbit/s, so a first keyframe is not crawled out. */
    public static final long DEFAULT_MIN_RATE_BPS = 1_000_000L;
    /** Default queue-time limit: 2 s. */
    public static final long DEFAULT_QUEUE_TIME_LIMIT_NANOS = 2_000_000_000L;
    /** Default hard limit after which unsent frames are dropped whole: 4 s. */
    public static final long DEFAULT_DROP_AFTER_NANOS = 4_000_000_000L;
    /** {@link #dropAfterNanos()} of a pacer that never drops frames for their age. */
    public static final long NEVER_DROP = Long.MAX_VALUE;

    private final long tickNanos;
    private final long fixedRateBps;
    private final double pacingFactor;
    private final long minRateBps;
    private final boolean unpaced;
    private final int maxCarryTicks;
    private final long queueTimeLimitNanos;
    private final long dropAfterNanos;
    private final boolean audioBypassesBudget;
    private final double tickBurst;

    private PacerConfig(Builder b) {
        this.tickNanos = b.tickNanos;
        this.fixedRateBps = b.fixedRateBps;
        this.pacingFactor = b.pacingFactor;
        this.minRateBps = b.minRateBps;
        this.unpaced = b.unpaced;
        this.maxCarryTicks = b.maxCarryTicks;
        this.queueTimeLimitNanos = b.queueTimeLimitNanos;
        this.dropAfterNanos = b.dropAfterNanos;
        this.audioBypassesBudget = b.audioBypassesBudget;
        this.tickBurst = b.tickBurst;
    }

    /** A builder with the defaults: 1 ms ticks, 2.5 × media rate, 1 tick of carry, 2 s / 4 s limits, audio bypass on. */
    public static Builder builder() {
        return new Builder();
    }

    /** The default configuration. */
    public static PacerConfig defaults() {
        return builder().build();
    }

    /** Tick interval in nanoseconds. */
    public long tickNanos() {
        return tickNanos;
    }

    /** Fixed pacing rate in bits/s, or 0 in factor mode. */
    public long fixedRateBps() {
        return fixedRateBps;
    }

    /** Factor applied to the measured media rate when no fixed rate is set. */
    public double pacingFactor() {
        return pacingFactor;
    }

    /** Lowest rate in factor mode. */
    public long minRateBps() {
        return minRateBps;
    }

    /** True when packets leave as soon as they are queued (no budget). */
    public boolean unpaced() {
        return unpaced;
    }

    /** How many ticks' worth of unused budget may carry over (the burst bound after idle). */
    public int maxCarryTicks() {
        return maxCarryTicks;
    }

    /** Queue-time limit: the rate rises so that the queue drains within it. */
    public long queueTimeLimitNanos() {
        return queueTimeLimitNanos;
    }

    /**
     * Hard limit: frames older than this with no packet sent are dropped whole; {@link #NEVER_DROP}
     * when they wait as long as it takes.
     */
    public long dropAfterNanos() {
        return dropAfterNanos;
    }

    /** True when audio packets may leave even with the budget spent (they are still charged). */
    public boolean audioBypassesBudget() {
        return audioBypassesBudget;
    }

    /**
     * Most one tick may send, in ticks' worth of the rate (default 1.1): budget carried over to
     * make up for late ticks is spent over the following ticks, not in one, so a receiver sees at
     * most this times the pacing rate in any tick (plus one packet).
     */
    public double tickBurst() {
        return tickBurst;
    }

    /** Builds a {@link PacerConfig}. */
    public static final class Builder {
        private long tickNanos = DEFAULT_TICK_NANOS;
        private long fixedRateBps;
        private double pacingFactor = DEFAULT_PACING_FACTOR;
        private long minRateBps = DEFAULT_MIN_RATE_BPS;
        private boolean unpaced;
        private int maxCarryTicks = 1;
        private long queueTimeLimitNanos = DEFAULT_QUEUE_TIME_LIMIT_NANOS;
        private long dropAfterNanos = DEFAULT_DROP_AFTER_NANOS;
        private boolean audioBypassesBudget = true;
        private double tickBurst = 1.1;

        private Builder() {
        }

        /** Tick interval (> 0). */
        public Builder tickNanos(long nanos) {
            if (nanos <= 0) {
                throw new IllegalArgumentException("tick interval must be > 0 ns, was " + nanos);
            }
            this.tickNanos = nanos;
            return this;
        }

        /** A fixed pacing rate in bits/s (> 0). */
        public Builder rateBps(long bitsPerSecond) {
            if (bitsPerSecond <= 0) {
                throw new IllegalArgumentException("pacing rate must be > 0 bit/s, was " + bitsPerSecond);
            }
            this.fixedRateBps = bitsPerSecond;
            this.unpaced = false;
            return this;
        }

        /** Paces at {@code factor} × the measured media rate, at least {@code minRateBps}. */
        public Builder pacingFactor(double factor, long minRateBps) {
            if (!(factor > 0) || minRateBps <= 0) {
                throw new IllegalArgumentException("pacing factor and minimum rate must be > 0, were "
                        + factor + " and " + minRateBps);
            }
            this.pacingFactor = factor;
            this.minRateBps = minRateBps;
            this.fixedRateBps = 0;
            this.unpaced = false;
            return this;
        }

        /** No pacing: every queued packet may leave at once. */
        public Builder unpaced() {
            this.unpaced = true;
            return this;
        }

        /** Ticks' worth of unused budget that may carry over (>= 0). */
        public Builder maxCarryTicks(int ticks) {
            if (ticks < 0) {
                throw new IllegalArgumentException("carry-over must be >= 0 ticks, was " + ticks);
            }
            this.maxCarryTicks = ticks;
            return this;
        }

        /** Queue-time limit and the hard drop limit (drop >= queue limit > 0). */
        public Builder queueTimeLimits(long queueTimeLimitNanos, long dropAfterNanos) {
            if (queueTimeLimitNanos <= 0 || dropAfterNanos < queueTimeLimitNanos) {
                throw new IllegalArgumentException("need 0 < queue-time limit <= drop limit, were "
                        + queueTimeLimitNanos + " ns and " + dropAfterNanos + " ns");
            }
            this.queueTimeLimitNanos = queueTimeLimitNanos;
            this.dropAfterNanos = dropAfterNanos;
            return this;
        }

        /**
         * Frames are never dropped for their age, only sent: for a file sent as fast as the path
         * allows, where the producer waits for room instead (the transmitter's
         * {@code maxQueuedPackets}) and a slow link must not turn into lost frames. Keeps the
         * queue-time limit that raises a paced rate; {@link #queueTimeLimits} sets a hard limit again.
         */
        public Builder neverDropForAge() {
            this.dropAfterNanos = NEVER_DROP;
            return this;
        }

        /** Most one tick may send, in ticks' worth of the rate (>= 1; default 1.1). */
        public Builder tickBurst(double ticks) {
            if (!(ticks >= 1)) {
                throw new IllegalArgumentException("tick burst must be >= 1 tick's worth, was " + ticks);
            }
            this.tickBurst = ticks;
            return this;
        }

        /** Whether audio may leave when the budget is spent (default true). */
        public Builder audioBypassesBudget(boolean bypass) {
            this.audioBypassesBudget = bypass;
            return this;
        }

        /** The configuration. */
        public PacerConfig build() {
            return new PacerConfig(this);
        }
    }
}

package io.salvo.sender;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * How a stream answers NACKs (RFC 4585 generic NACK): not at all, by resending the original
 * packet unchanged, or as RTX (RFC 4588) on its own SSRC, payload type and sequence space, with
 * the original sequence number in the first two payload bytes. Sent packets stay in a history,
 * without a copy, for {@code max(minimum age, rttFactor × RTT)} and at most
 * {@code maxHistoryBytes}; a packet sent less than one RTT ago is not sent again; a token bucket
 * caps the retransmission rate at a share of the stream's rate. Immutable.
 *
 * <p>With retransmission on, a frame's release callback runs when its last packet leaves the
 * history (about a second after it was sent), not when it was sent: the payload is sent again
 * from the frame's own buffer.
 */
public final class RetransmissionConfig {
    /** What a stream does with a NACK. */
    public enum Mode {
        /** Nothing: NACKs are counted, no history is kept (frames are released when sent). */
        OFF,
        /** The original packet is sent again, unchanged (RFC 4585 without RTX). */
        ORIGINAL,
        /** The packet is sent as RTX (RFC 4588): own SSRC, payload type and sequence numbers. */
        RTX
    }

    private static final RetransmissionConfig OFF = new Builder(Mode.OFF).build();

    private final Mode mode;
    private final int rtxPayloadType;
    private final long rtxSsrc;
    private final int rtxFirstSequenceNumber;
    private final long minHistoryNanos;
    private final int rttFactor;
    private final long maxHistoryBytes;
    private final int maxHistoryPackets;
    private final double rateShare;
    private final long minRateBps;
    private final long burstNanos;

    private RetransmissionConfig(Builder b) {
        this.mode = b.mode;
        this.rtxPayloadType = b.rtxPayloadType;
        this.rtxSsrc = b.rtxSsrc;
        this.rtxFirstSequenceNumber = b.rtxFirstSequenceNumber;
        this.minHistoryNanos = b.minHistoryNanos;
        this.rttFactor = b.rttFactor;
        this.maxHistoryBytes = b.maxHistoryBytes;
        this.maxHistoryPackets = b.maxHistoryPackets;
        this.rateShare = b.rateShare;
        this.minRateBps = b.minRateBps;
        this.burstNanos = b.burstNanos;
    }

    /** No retransmission. */
    public static RetransmissionConfig off() {
        return OFF;
    }

    /** Resending original packets; the rest as the builder's defaults. */
    public static Builder original() {
        return new Builder(Mode.ORIGINAL);
    }

    /** RTX with payload type {@code payloadType} (0..127), a random SSRC and first sequence number. */
    public static Builder rtx(int payloadType) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("RTX payload type must be 0..127, was " + payloadType);
        }
        Builder b = new Builder(Mode.RTX);
        b.rtxPayloadType = payloadType;
        return b;
    }

    /** The mode. */
    public Mode mode() {
        return mode;
    }

    /** True unless the mode is {@link Mode#OFF}. */
    public boolean enabled() {
        return mode != Mode.OFF;
    }

    /** RTX payload type (RTX mode), else -1. */
    public int rtxPayloadType() {
        return rtxPayloadType;
    }

    /** RTX SSRC (RTX mode). */
    public long rtxSsrc() {
        return rtxSsrc;
    }

    /** The first RTX sequence number. */
    public int rtxFirstSequenceNumber() {
        return rtxFirstSequenceNumber;
    }

    /** Shortest time a sent packet stays in the history, ns (default 1 s). */
    public long minHistoryNanos() {
        return minHistoryNanos;
    }

    /** Packets stay at least this many RTTs (default 3). */
    public int rttFactor() {
        return rttFactor;
    }

    /** Most datagram bytes the history holds (default 32 MiB). */
    public long maxHistoryBytes() {
        return maxHistoryBytes;
    }

    /** Most packets the history holds, a power of two (default 16384). */
    public int maxHistoryPackets() {
        return maxHistoryPackets;
    }

    /** Retransmissions may use at most this share of the stream's measured rate (default 0.5). */
    public double rateShare() {
        return rateShare;
    }

    /** ...but always at least this rate, bits/s (default 200 kbit/s), so a slow stream can be repaired. */
    public long minRateBps() {
        return minRateBps;
    }

    /** The burst the rate limit allows, as time at that rate, ns (default 100 ms). */
    public long burstNanos() {
        return burstNanos;
    }

    @Override
    public String toString() {
        return "RetransmissionConfig[" + mode + (mode == Mode.RTX ? ", pt=" + rtxPayloadType + ", ssrc=" + rtxSsrc : "")
                + "]";
    }

    /** Builds a {@link RetransmissionConfig}. */
    public static final class Builder {
        private static final SecureRandom RANDOM = new SecureRandom();
        private final Mode mode;
        private int rtxPayloadType = -1;
        private long rtxSsrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
        private int rtxFirstSequenceNumber = RANDOM.nextInt(1 << 16);
        private long minHistoryNanos = TimeUnit.SECONDS.toNanos(1);
        private int rttFactor = 3;
        private long maxHistoryBytes = 32L << 20;
        private int maxHistoryPackets = 16_384;
        private double rateShare = 0.5;
        private long minRateBps = 200_000;
        private long burstNanos = TimeUnit.MILLISECONDS.toNanos(100);

        private Builder(Mode mode) {
            this.mode = mode;
        }

        /** Sets the RTX SSRC (low 32 bits). */
        public Builder rtxSsrc(long ssrc) {
            this.rtxSsrc = ssrc & 0xFFFF_FFFFL;
            return this;
        }

        /** Sets the first RTX sequence number (low 16 bits). */
        public Builder rtxFirstSequenceNumber(int sequenceNumber) {
            this.rtxFirstSequenceNumber = sequenceNumber & 0xFFFF;
            return this;
        }

        /** Sets the shortest time sent packets stay (> 0). */
        public Builder minHistory(long duration, TimeUnit unit) {
            this.minHistoryNanos = positive("history age", unit.toNanos(duration));
            return this;
        }

        /** Sets how many RTTs sent packets stay at least (1..100). */
        public Builder rttFactor(int factor) {
            if (factor < 1 || factor > 100) {
                throw new IllegalArgumentException("RTT factor must be 1..100, was " + factor);
            }
            this.rttFactor = factor;
            return this;
        }

        /** Sets the most datagram bytes the history holds (> 0). */
        public Builder maxHistoryBytes(long bytes) {
            this.maxHistoryBytes = positive("history bytes", bytes);
            return this;
        }

        /** Sets the most packets the history holds: a power of two, 256..32768. */
        public Builder maxHistoryPackets(int packets) {
            if (packets < 256 || packets > 32_768 || Integer.bitCount(packets) != 1) {
                throw new IllegalArgumentException("history packets must be a power of two in 256..32768, was "
                        + packets);
            }
            this.maxHistoryPackets = packets;
            return this;
        }

        /** Sets the share of the stream's rate retransmissions may use, in (0, 10]. */
        public Builder rateShare(double share) {
            if (!(share > 0 && share <= 10)) {
                throw new IllegalArgumentException("retransmission rate share must be in (0, 10], was " + share);
            }
            this.rateShare = share;
            return this;
        }

        /** Sets the retransmission rate that is always allowed, bits/s (>= 0). */
        public Builder minRateBps(long bps) {
            if (bps < 0) {
                throw new IllegalArgumentException("minimum retransmission rate must be >= 0, was " + bps);
            }
            this.minRateBps = bps;
            return this;
        }

        /** Sets the burst the rate limit allows, as time at the rate (> 0). */
        public Builder burst(long duration, TimeUnit unit) {
            this.burstNanos = positive("retransmission burst", unit.toNanos(duration));
            return this;
        }

        /** The configuration. */
        public RetransmissionConfig build() {
            return new RetransmissionConfig(this);
        }

        private static long positive(String what, long value) {
            if (value <= 0) {
                throw new IllegalArgumentException(what + " must be > 0, was " + value);
            }
            return value;
        }
    }

    static RetransmissionConfig requireNonNull(RetransmissionConfig config) {
        return Objects.requireNonNull(config, "retransmission");
    }
}

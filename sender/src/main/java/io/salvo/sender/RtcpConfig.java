package io.salvo.sender;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * How a {@link Transmitter} runs the RTCP side of its streams (RFC 3550 §6): whether it does at
 * all, where reports go (the destination's next port, or the RTP port itself with rtcp-mux, RFC
 * 5761), the CNAME, the minimum report intervals and where feedback is told. Immutable; built
 * with {@link #builder()}.
 *
 * <p>A stream takes part when its packetizer states its SSRC and clock rate
 * ({@link io.salvo.rtp.FramePacketizer#clockRate()}): every codec packetizer does, and an SR's
 * RTP timestamp cannot be extrapolated without the clock.
 */
public final class RtcpConfig {
    /** libwebrtc's minimum report interval for video. */
    public static final long DEFAULT_VIDEO_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** libwebrtc's (and RFC 3550's) minimum report interval for audio. */
    public static final long DEFAULT_AUDIO_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Least time between a stream's last media datagram and its BYE by default. */
    public static final long DEFAULT_BYE_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Longest CNAME: one SDES item. */
    public static final int MAX_CNAME_BYTES = 255;

    private static final RtcpConfig DISABLED = new Builder().enabled(false).build();

    private final boolean enabled;
    private final boolean mux;
    private final String cname;
    private final byte[] cnameBytes;
    private final long videoIntervalNanos;
    private final long audioIntervalNanos;
    private final double bandwidthShare;
    private final long receivePollNanos;
    private final int receiveBatch;
    private final RtcpListener listener;
    private final long keyframeRequestIntervalNanos;
    private final long byeDelayNanos;

    private RtcpConfig(Builder b) {
        this.enabled = b.enabled;
        this.mux = b.mux;
        this.cname = b.cname != null ? b.cname : randomCname();
        this.cnameBytes = cname.getBytes(StandardCharsets.UTF_8);
        this.videoIntervalNanos = b.videoIntervalNanos;
        this.audioIntervalNanos = b.audioIntervalNanos;
        this.bandwidthShare = b.bandwidthShare;
        this.receivePollNanos = b.receivePollNanos;
        this.receiveBatch = b.receiveBatch;
        this.listener = b.listener;
        this.keyframeRequestIntervalNanos = b.keyframeRequestIntervalNanos;
        this.byeDelayNanos = b.byeDelayNanos;
    }

    /** Defaults: enabled, RTCP to each destination's port + 1, a random CNAME, 1 s video / 5 s
     * audio, a BYE 100 ms after the last media. */
    public static Builder builder() {
        return new Builder();
    }

    /** No RTCP at all: no reports, no BYE, nothing read from the socket. */
    public static RtcpConfig disabled() {
        return DISABLED;
    }

    /** True when the transmitter sends reports and reads feedback. */
    public boolean enabled() {
        return enabled;
    }

    /** True when RTCP goes to the RTP port itself (RFC 5761) instead of the next one. */
    public boolean mux() {
        return mux;
    }

    /** The canonical name sent in SDES with every report (RFC 3550 §6.5.1, RFC 7022). */
    public String cname() {
        return cname;
    }

    byte[] cnameBytes() {
        return cnameBytes;
    }

    /** Minimum report interval of a video (or any non-audio) stream, ns. */
    public long videoIntervalNanos() {
        return videoIntervalNanos;
    }

    /** Minimum report interval of an audio stream, ns. */
    public long audioIntervalNanos() {
        return audioIntervalNanos;
    }

    /** Share of a stream's media rate that its RTCP may use (RFC 3550 §6.2: 5 %). */
    public double bandwidthShare() {
        return bandwidthShare;
    }

    /** How often the transmitter thread looks for incoming RTCP, ns. */
    public long receivePollNanos() {
        return receivePollNanos;
    }

    /** Most datagrams read in one receive call. */
    public int receiveBatch() {
        return receiveBatch;
    }

    /** Where keyframe requests and APP packets are told. */
    public RtcpListener listener() {
        return listener;
    }

    /**
     * Least time between two keyframe requests told to the listener for one stream, ns: PLIs
     * and FIRs that come sooner (several receivers, or one that repeats itself while the
     * keyframe is on its way) are counted, not told.
     */
    public long keyframeRequestIntervalNanos() {
        return keyframeRequestIntervalNanos;
    }

    /**
     * Least time between a stream's last media datagram and its BYE, ns. A receiver that stops
     * at a BYE may not have read the last media yet: ffmpeg looks at its RTCP socket before its
     * RTP socket and ends on the BYE, so a BYE right behind the last packets loses what still
     * waits in its RTP socket. A stream removed or a transmitter closed sooner waits this long
     * for its BYE ({@link Transmitter#close()} blocks for what is left of it).
     */
    public long byeDelayNanos() {
        return byeDelayNanos;
    }

    /** An RFC 7022 CNAME: 96 random bits, base64, short-term and unlinkable. */
    private static String randomCname() {
        byte[] bits = new byte[12];
        new SecureRandom().nextBytes(bits);
        return Base64.getEncoder().encodeToString(bits);
    }

    /** Builds an {@link RtcpConfig}. */
    public static final class Builder {
        private boolean enabled = true;
        private boolean mux;
        private String cname;
        private long videoIntervalNanos = DEFAULT_VIDEO_INTERVAL_NANOS;
        private long audioIntervalNanos = DEFAULT_AUDIO_INTERVAL_NANOS;
        private double bandwidthShare = 0.05;
        private long receivePollNanos = 250_000L;
        private int receiveBatch = 64;
        private RtcpListener listener = RtcpListener.NONE;
        private long keyframeRequestIntervalNanos = TimeUnit.MILLISECONDS.toNanos(300);
        private long byeDelayNanos = DEFAULT_BYE_DELAY_NANOS;

        private Builder() {
        }

        /** Turns RTCP on or off. */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** Sends RTCP to the RTP port (RFC 5761) instead of the next port. */
        public Builder mux(boolean mux) {
            this.mux = mux;
            return this;
        }

        /** Sets the CNAME (1..255 UTF-8 bytes); streams that share one are synchronized by receivers. */
        public Builder cname(String cname) {
            Objects.requireNonNull(cname, "cname");
            int bytes = cname.getBytes(StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > MAX_CNAME_BYTES) {
                throw new IllegalArgumentException("CNAME must be 1..255 UTF-8 bytes, was " + bytes);
            }
            this.cname = cname;
            return this;
        }

        /** Minimum report interval of video streams (> 0). */
        public Builder videoInterval(long duration, TimeUnit unit) {
            this.videoIntervalNanos = positive("video report interval", unit.toNanos(duration));
            return this;
        }

        /** Minimum report interval of audio streams (> 0). */
        public Builder audioInterval(long duration, TimeUnit unit) {
            this.audioIntervalNanos = positive("audio report interval", unit.toNanos(duration));
            return this;
        }

        /** Share of the media rate RTCP may use, in (0, 1]. */
        public Builder bandwidthShare(double share) {
            if (!(share > 0 && share <= 1)) {
                throw new IllegalArgumentException("RTCP bandwidth share must be in (0, 1], was " + share);
            }
            this.bandwidthShare = share;
            return this;
        }

        /** How often to look for incoming RTCP (> 0). */
        public Builder receivePoll(long duration, TimeUnit unit) {
            this.receivePollNanos = positive("RTCP receive poll interval", unit.toNanos(duration));
            return this;
        }

        /** Most datagrams per receive call, 1..1024. */
        public Builder receiveBatch(int datagrams) {
            if (datagrams < 1 || datagrams > 1024) {
                throw new IllegalArgumentException("RTCP receive batch must be 1..1024, was " + datagrams);
            }
            this.receiveBatch = datagrams;
            return this;
        }

        /** Where keyframe requests and APP packets are told (on the transmitter thread). */
        public Builder listener(RtcpListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Least time between keyframe requests told for one stream (>= 0; default 300 ms). */
        public Builder keyframeRequestInterval(long duration, TimeUnit unit) {
            long nanos = unit.toNanos(duration);
            if (nanos < 0) {
                throw new IllegalArgumentException("keyframe request interval must be >= 0, was " + nanos + " ns");
            }
            this.keyframeRequestIntervalNanos = nanos;
            return this;
        }

        /** Least time between a stream's last media datagram and its BYE (0..10 s; default 100 ms). */
        public Builder byeDelay(long duration, TimeUnit unit) {
            long nanos = unit.toNanos(duration);
            if (nanos < 0 || nanos > TimeUnit.SECONDS.toNanos(10)) {
                throw new IllegalArgumentException("BYE delay must be 0..10 s, was " + nanos + " ns");
            }
            this.byeDelayNanos = nanos;
            return this;
        }

        /** The configuration. */
        public RtcpConfig build() {
            return new RtcpConfig(this);
        }

        private static long positive(String what, long nanos) {
            if (nanos <= 0) {
                throw new IllegalArgumentException(what + " must be > 0, was " + nanos + " ns");
            }
            return nanos;
        }
    }
}

package io.salvo.demo.receive;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * How a {@link RtpReceiver} takes part in RTCP (RFC 3550 §6): whether at all, on which port, how
 * often it sends receiver reports, and the CNAME it sends with them.
 *
 * <pre>{@code
 * RtpReceiver.open(null, 5004, RtpReceiver.BY_PAYLOAD_TYPE, RtcpOptions.defaults());        // RTCP on 5005
 * RtpReceiver.open(null, 5004, RtpReceiver.BY_PAYLOAD_TYPE, RtcpOptions.defaults().withMux(true)); // on 5004
 * RtpReceiver.open(null, 5004, RtpReceiver.BY_PAYLOAD_TYPE, RtcpOptions.off());             // no RTCP
 * }</pre>
 *
 * @param enabled  false: no RTCP socket, nothing read as RTCP, nothing sent
 * @param mux      true: RTCP shares the RTP port (RFC 5761) instead of the port above it
 * @param interval mean time between receiver reports; each wait is drawn uniformly from 0.5 to
 *                 1.5 times it
 * @param cname    the CNAME sent in our SDES; null picks a random one per receiver (RFC 7022)
 */
public record RtcpOptions(boolean enabled, boolean mux, Duration interval, String cname) {
    /** The report interval unless told otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    /** Longest report interval accepted. */
    public static final Duration MAX_INTERVAL = Duration.ofHours(1);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CNAME_RANDOM_BYTES = 12; // 96 bits, RFC 7022 §5

    /**
     * Checks the options.
     *
     * @throws IllegalArgumentException if the interval is not above 0 and at most
     *                                  {@link #MAX_INTERVAL}, or the CNAME is empty or longer than
     *                                  255 UTF-8 bytes
     */
    public RtcpOptions {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero() || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("RTCP interval must be > 0 and at most 1 hour, was " + interval);
        }
        if (cname != null) {
            int bytes = cname.getBytes(StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > 255) {
                throw new IllegalArgumentException("CNAME must be 1..255 UTF-8 bytes, was " + bytes);
            }
        }
    }

    /** RTCP on the port above the RTP port, a report every second or so, a random CNAME. */
    public static RtcpOptions defaults() {
        return new RtcpOptions(true, false, DEFAULT_INTERVAL, null);
    }

    /** No RTCP at all. */
    public static RtcpOptions off() {
        return new RtcpOptions(false, false, DEFAULT_INTERVAL, null);
    }

    /** These options with RTCP on the RTP port (true) or the port above (false). */
    public RtcpOptions withMux(boolean mux) {
        return new RtcpOptions(enabled, mux, interval, cname);
    }

    /** These options with another mean report interval. */
    public RtcpOptions withInterval(Duration interval) {
        return new RtcpOptions(enabled, mux, interval, cname);
    }

    /** These options with another CNAME (null: random). */
    public RtcpOptions withCname(String cname) {
        return new RtcpOptions(enabled, mux, interval, cname);
    }

    /** True when RTCP needs a socket of its own: enabled and not multiplexed. */
    boolean separatePort() {
        return enabled && !mux;
    }

    /** The CNAME to send: the one given, or a fresh random one (96 random bits in base64, RFC 7022). */
    String cnameOrRandom() {
        if (cname != null) {
            return cname;
        }
        byte[] bits = new byte[CNAME_RANDOM_BYTES];
        RANDOM.nextBytes(bits);
        return Base64.getEncoder().encodeToString(bits);
    }
}

package io.salvo.sender;

/**
 * The RTCP report interval of RFC 3550 §6.3.1 and Appendix A.7, for a participant that sends:
 * the deterministic interval {@code T = max(Tmin, n × avg_rtcp_size / rtcp_bw)}, where senders
 * share a quarter of the RTCP bandwidth when they are at most a quarter of the members, then
 * randomized uniformly over {@code [0.5 T, 1.5 T]} so that reports of many sources do not
 * synchronize. {@code Tmin} is the configured minimum, halved before the second report. The
 * average packet size follows RFC 3550's 1/16 smoothing and counts IP and UDP headers.
 *
 * <p>Timer reconsideration (§6.3.3) matters for large multicast groups joining at once; a
 * sender with a handful of unicast receivers does not need it, and salvo leaves it out. The RFC
 * divides the randomized interval by {@code e − 3/2} only to make up for reconsideration's
 * lengthening, so without it salvo does not divide: the mean interval stays T, as in libwebrtc.
 */
final class RtcpInterval {    /** IPv4 + UDP headers counted in the average RTCP packet size. */
    static final int IP_UDP_OVERHEAD = 28;
    private static final double SENDER_SHARE = 0.25;

    private double averagePacketBytes;

    /** A fresh estimate, seeded with the first compound's size (wire bytes). */
    RtcpInterval(int firstPacketBytes) {
        this.averagePacketBytes = firstPacketBytes + IP_UDP_OVERHEAD;
    }

    /** Folds a sent compound of {@code packetBytes} (UDP payload) into the average. */
    void sent(int packetBytes) {
        averagePacketBytes += (packetBytes + IP_UDP_OVERHEAD - averagePacketBytes) / 16;
    }

    /** The smoothed average RTCP packet size, wire bytes. */
    double averagePacketBytes() {
        return averagePacketBytes;
    }

    /**
     * The deterministic interval, ns.
     *
     * @param members          participants known, this sender included
     * @param senders          senders known, this one included
     * @param rtcpBytesPerSecond the RTCP bandwidth (a share of the session's media rate)
     * @param minimumNanos     Tmin
     * @param initial          true before the first report: Tmin is halved
     */
    long deterministicNanos(int members, int senders, double rtcpBytesPerSecond, long minimumNanos, boolean initial) {
        double minimum = initial ? minimumNanos / 2.0 : minimumNanos;
        double bandwidth = rtcpBytesPerSecond;
        int n = members;
        if (senders <= members * SENDER_SHARE) {
            bandwidth *= SENDER_SHARE;
            n = senders;
        }
        double nanos = bandwidth > 0 ? averagePacketBytes * n / bandwidth * 1e9 : minimum;
        return (long) Math.max(minimum, nanos);
    }

    /** {@code deterministic} randomized with {@code uniform} in [0, 1): a value in {@code [0.5, 1.5) × deterministic}. */
    static long randomizedNanos(long deterministic, double uniform) {
        return (long) (deterministic * (uniform + 0.5));
    }
}

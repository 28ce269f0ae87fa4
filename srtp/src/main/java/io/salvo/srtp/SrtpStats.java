package io.salvo.srtp;

import java.util.Arrays;

/**
 * A snapshot of an SRTP context's counters, taken by {@link SrtpSender#stats()} or
 * {@link SrtpReceiver#stats()} from any thread. A sender counts what it protected; a receiver
 * what it accepted and, per {@link SrtpStatus}, what it rejected.
 */
public final class SrtpStats {
    private final long rtpPackets;
    private final long rtcpPackets;
    private final long[] rtpRejected;
    private final long[] rtcpRejected;
    private final long heapCopyBytes;
    private final long streams;

    SrtpStats(long rtpPackets, long rtcpPackets, long[] rtpRejected, long[] rtcpRejected, long heapCopyBytes,
              long streams) {
        this.rtpPackets = rtpPackets;
        this.rtcpPackets = rtcpPackets;
        this.rtpRejected = rtpRejected;
        this.rtcpRejected = rtcpRejected;
        this.heapCopyBytes = heapCopyBytes;
        this.streams = streams;
    }

    /** RTP packets protected (sender) or accepted (receiver). */
    public long rtpPackets() {
        return rtpPackets;
    }

    /** RTCP packets protected (sender) or accepted (receiver). */
    public long rtcpPackets() {
        return rtcpPackets;
    }

    /** SRTP packets rejected with {@code status} (0 for {@link SrtpStatus#OK} and on a sender). */
    public long rtpRejected(SrtpStatus status) {
        return rtpRejected[status.ordinal()];
    }

    /** SRTCP packets rejected with {@code status}. */
    public long rtcpRejected(SrtpStatus status) {
        return rtcpRejected[status.ordinal()];
    }

    /** SRTP and SRTCP packets rejected, for every reason. */
    public long rejected() {
        return Arrays.stream(rtpRejected).sum() + Arrays.stream(rtcpRejected).sum();
    }

    /**
     * Bytes copied between heap buffers and native memory so that libcrypto could reach them (the
     * OpenSSL backend given heap sources or outputs); 0 with direct buffers and with the JDK
     * backend, which works in heap arrays by design.
     */
    public long heapCopyBytes() {
        return heapCopyBytes;
    }

    /** SSRCs the context keeps state for (index, rollover counter, replay windows). */
    public long streams() {
        return streams;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("SrtpStats[rtp=").append(rtpPackets).append(", rtcp=").append(rtcpPackets)
                .append(", streams=").append(streams).append(", heapCopyBytes=").append(heapCopyBytes);
        for (SrtpStatus status : SrtpStatus.values()) {
            if (rtpRejected(status) != 0) {
                text.append(", rtp ").append(status).append('=').append(rtpRejected(status));
            }
            if (rtcpRejected(status) != 0) {
                text.append(", rtcp ").append(status).append('=').append(rtcpRejected(status));
            }
        }
        return text.append(']').toString();
    }
}

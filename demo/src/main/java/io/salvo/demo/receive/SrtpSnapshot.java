package io.salvo.demo.receive;

import io.salvo.srtp.SrtpReceiver;
import io.salvo.srtp.SrtpSender;
import io.salvo.srtp.SrtpStats;
import io.salvo.srtp.SrtpStatus;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a receiver's SRTP did, at one instant: the packets that authenticated and were decrypted
 * before being counted, those rejected by {@link SrtpStatus}, and our receiver reports protected.
 *
 * @param enabled       false when the receiver takes packets in clear (every other number is then 0)
 * @param profile       the SDP name of the profile, e.g. "AES_CM_128_HMAC_SHA1_80"
 * @param backend       what does the cryptography, e.g. "JDK javax.crypto (Java 17.0.15)"
 * @param rtpAccepted   SRTP packets authenticated and decrypted
 * @param rtpRejected   SRTP packets rejected, by why (no zero entries)
 * @param rtcpAccepted  SRTCP packets authenticated and decrypted
 * @param rtcpRejected  SRTCP packets rejected, by why (no zero entries)
 * @param rtcpProtected our RTCP compounds (receiver reports) sent as SRTCP
 */
public record SrtpSnapshot(boolean enabled, String profile, String backend, long rtpAccepted,
                           Map<SrtpStatus, Long> rtpRejected, long rtcpAccepted, Map<SrtpStatus, Long> rtcpRejected,
                           long rtcpProtected) {
    /** The snapshot of a receiver without SRTP. */
    public static final SrtpSnapshot OFF = new SrtpSnapshot(false, null, null, 0, Map.of(), 0, Map.of(), 0);

    /** A snapshot holding unmodifiable copies of the maps. */
    public SrtpSnapshot {
        rtpRejected = copy(rtpRejected);
        rtcpRejected = copy(rtcpRejected);
    }

    /** The counts of {@code in} (what arrived) and {@code out} (our reports; null without RTCP). */
    static SrtpSnapshot of(SrtpReceiver in, SrtpSender out) {
        SrtpStats stats = in.stats();
        Map<SrtpStatus, Long> rtp = new EnumMap<>(SrtpStatus.class);
        Map<SrtpStatus, Long> rtcp = new EnumMap<>(SrtpStatus.class);
        for (SrtpStatus status : SrtpStatus.values()) {
            if (stats.rtpRejected(status) != 0) {
                rtp.put(status, stats.rtpRejected(status));
            }
            if (stats.rtcpRejected(status) != 0) {
                rtcp.put(status, stats.rtcpRejected(status));
            }
        }
        return new SrtpSnapshot(true, in.profile().sdpName(), in.backend().description(), stats.rtpPackets(), rtp,
                stats.rtcpPackets(), rtcp, out == null ? 0 : out.stats().rtcpPackets());
    }

    /** SRTP packets rejected, whatever the reason. */
    public long rtpRejectedTotal() {
        return rtpRejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /** SRTCP packets rejected, whatever the reason. */
    public long rtcpRejectedTotal() {
        return rtcpRejected.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<SrtpStatus, Long> copy(Map<SrtpStatus, Long> counts) {
        return Collections.unmodifiableMap(counts.isEmpty() ? new EnumMap<>(SrtpStatus.class) : new EnumMap<>(counts));
    }
}

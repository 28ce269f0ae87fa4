package io.salvo.demo.receive;

import io.salvo.rtp.RtpParseError;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a receiver counted at one instant: one {@link StreamSnapshot} per SSRC in the order
 * they first arrived, and the datagrams that were not RTP packets of a tracked stream.
 *
 * @param elapsedNanos how long the receiver had been listening
 * @param streams      one entry per SSRC, first seen first
 * @param notRtp       datagrams that did not parse as RTP, by what was wrong (no zero entries)
 * @param rtcp         RTCP datagrams: every one on the RTCP port, and those on the RTP port whose
 *                     second byte is 192..223; not counted in any stream
 * @param untracked    RTP packets of SSRCs beyond the tracking limit
 * @param activeNanos  time from the first to the last RTP packet of any stream
 * @param rtcpSession  what RTCP read and sent, {@link RtcpSnapshot#OFF} without RTCP
 * @param srtp         what SRTP authenticated and rejected, {@link SrtpSnapshot#OFF} in clear; the
 *                     streams count only the packets it accepted
 */
public record ReceiveSnapshot(long elapsedNanos, List<StreamSnapshot> streams, Map<RtpParseError, Long> notRtp,
                              long rtcp, long untracked, long activeNanos, RtcpSnapshot rtcpSession,
                              SrtpSnapshot srtp) {

    /**
     * A snapshot holding unmodifiable copies of {@code streams} and {@code notRtp}; a null
     * rtcpSession or srtp is OFF.
     */
    public ReceiveSnapshot {
        streams = List.copyOf(streams);
        notRtp = Collections.unmodifiableMap(notRtp.isEmpty()
                ? new EnumMap<>(RtpParseError.class) : new EnumMap<>(notRtp));
        rtcpSession = rtcpSession == null ? RtcpSnapshot.OFF : rtcpSession;
        srtp = srtp == null ? SrtpSnapshot.OFF : srtp;
    }

    /** A snapshot of a receiver that takes packets in clear. */
    public ReceiveSnapshot(long elapsedNanos, List<StreamSnapshot> streams, Map<RtpParseError, Long> notRtp,
                           long rtcp, long untracked, long activeNanos, RtcpSnapshot rtcpSession) {
        this(elapsedNanos, streams, notRtp, rtcp, untracked, activeNanos, rtcpSession, SrtpSnapshot.OFF);
    }

    /** A snapshot of a receiver without RTCP. */
    public ReceiveSnapshot(long elapsedNanos, List<StreamSnapshot> streams, Map<RtpParseError, Long> notRtp,
                           long rtcp, long untracked, long activeNanos) {
        this(elapsedNanos, streams, notRtp, rtcp, untracked, activeNanos, RtcpSnapshot.OFF);
    }

    /** What RTCP said about {@code ssrc} (its SRs, CNAME, BYE), or null when nothing. */
    public SenderSnapshot sender(long ssrc) {
        return rtcpSession.sender(ssrc);
    }

    /** Number of SSRCs. */
    public int ssrcs() {
        return streams.size();
    }

    /** RTP packets of all streams, duplicates included. */
    public long packets() {
        return streams.stream().mapToLong(StreamSnapshot::packets).sum();
    }

    /** Lost packets of all streams. */
    public long lost() {
        return streams.stream().mapToLong(StreamSnapshot::lost).sum();
    }

    /** Expected packets of all streams. */
    public long expected() {
        return streams.stream().mapToLong(StreamSnapshot::expected).sum();
    }

    /** Duplicate packets of all streams. */
    public long duplicates() {
        return streams.stream().mapToLong(StreamSnapshot::duplicates).sum();
    }

    /** Reordered packets of all streams. */
    public long reordered() {
        return streams.stream().mapToLong(StreamSnapshot::reordered).sum();
    }

    /** UDP payload bytes of all streams' packets. */
    public long bytes() {
        return streams.stream().mapToLong(StreamSnapshot::bytes).sum();
    }

    /** RTP payload bytes of all streams' packets. */
    public long payloadBytes() {
        return streams.stream().mapToLong(StreamSnapshot::payloadBytes).sum();
    }

    /** The largest jitter of any stream, in milliseconds; 0 without streams. */
    public double maxJitterMillis() {
        return streams.stream().mapToDouble(StreamSnapshot::jitterMillis).max().orElse(0);
    }

    /** Datagrams that were not RTP, whatever the error. */
    public long notRtpTotal() {
        return notRtp.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Seconds from the first to the last RTP packet. */
    public double seconds() {
        return activeNanos / 1e9;
    }

    /** Mean bitrate of {@link #bytes} over {@link #seconds}, in Mbit/s. */
    public double mbps() {
        return Rates.mbps(bytes(), activeNanos);
    }

    /** Every datagram counted: RTP packets, untracked, RTCP, not RTP, and SRTP packets rejected. */
    public long datagrams() {
        return packets() + untracked + rtcp + notRtpTotal() + srtp.rtpRejectedTotal();
    }
}

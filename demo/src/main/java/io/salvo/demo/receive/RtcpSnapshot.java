package io.salvo.demo.receive;

import io.salvo.rtcp.RtcpParseError;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a receiver's RTCP did, at one instant: what it read, and the receiver reports it sent.
 *
 * @param enabled       false when the receiver runs without RTCP (every other number is then 0)
 * @param mux           true when RTCP shares the RTP port (RFC 5761)
 * @param port          the local port RTCP is read on and sent from; -1 without RTCP
 * @param ssrc          our own SSRC, the reporter's in our RRs (unsigned)
 * @param cname         our CNAME, sent in the SDES of every RR
 * @param datagrams     RTCP datagrams read, well-formed or not
 * @param malformed     malformed RTCP datagrams and packets, by what was wrong (no zero entries)
 * @param senderReports sender reports read
 * @param byes          BYE packets read
 * @param reportsSent   compound receiver reports sent (one per destination and interval)
 * @param bytesSent     bytes of those datagrams
 * @param sendErrors    reports the kernel refused or did not take
 * @param byeSent       true once our own BYE went out, when the receiver stopped
 * @param senders       every SSRC that RTCP told us about (SR, CNAME or BYE), first heard first
 */
public record RtcpSnapshot(boolean enabled, boolean mux, int port, long ssrc, String cname, long datagrams,
                           Map<RtcpParseError, Long> malformed, long senderReports, long byes, long reportsSent,
                           long bytesSent, long sendErrors, boolean byeSent, List<SenderSnapshot> senders) {
    /** The snapshot of a receiver without RTCP. */
    public static final RtcpSnapshot OFF = new RtcpSnapshot(false, false, -1, 0, null, 0, Map.of(), 0, 0, 0, 0, 0,
            false, List.of());

    /** A snapshot holding unmodifiable copies of {@code malformed} and {@code senders}. */
    public RtcpSnapshot {
        malformed = Collections.unmodifiableMap(malformed.isEmpty()
                ? new EnumMap<>(RtcpParseError.class) : new EnumMap<>(malformed));
        senders = List.copyOf(senders);
    }

    /** Malformed RTCP datagrams and packets, whatever was wrong. */
    public long malformedTotal() {
        return malformed.values().stream().mapToLong(Long::longValue).sum();
    }

    /** What RTCP said about {@code ssrc}, or null when it said nothing. */
    public SenderSnapshot sender(long ssrc) {
        for (SenderSnapshot sender : senders) {
            if (sender.ssrc() == (ssrc & 0xFFFF_FFFFL)) {
                return sender;
            }
        }
        return null;
    }
}

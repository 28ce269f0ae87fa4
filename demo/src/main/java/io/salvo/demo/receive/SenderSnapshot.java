package io.salvo.demo.receive;

import java.net.InetSocketAddress;

/**
 * What the RTCP of one SSRC said, at one instant: its sender reports (RFC 3550 §6.4.1), its CNAME
 * and whether it said BYE.
 *
 * @param ssrc               the SSRC (unsigned)
 * @param senderReports      SRs received
 * @param cname              the CNAME from its SDES, or null
 * @param lastSrNtp          NTP timestamp of the last SR (0 without one)
 * @param lastSrRtpTimestamp RTP timestamp of the last SR
 * @param senderPackets      the sender's packet count in the last SR: RTP packets it had sent
 * @param senderOctets       the sender's octet count in the last SR: RTP payload bytes it had sent
 * @param receivedAtLastSr   packets of this SSRC we had received (duplicates not counted) when the
 *                           last SR arrived, to hold against {@code senderPackets}
 * @param bye                true when it said BYE
 * @param rtcpSource         where its SRs came from (our reports go there), or null
 */
public record SenderSnapshot(long ssrc, long senderReports, String cname, long lastSrNtp,
                             long lastSrRtpTimestamp, long senderPackets, long senderOctets,
                             long receivedAtLastSr, boolean bye, InetSocketAddress rtcpSource) {
}

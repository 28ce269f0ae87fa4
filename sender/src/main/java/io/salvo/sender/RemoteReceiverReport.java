package io.salvo.sender;

import java.net.InetSocketAddress;

/**
 * What a remote receiver told about one of the transmitter's streams, as of a snapshot: the last
 * receiver report block (RFC 3550 §6.4.1), the round-trip time worked out from its LSR and DLSR,
 * and the feedback it sent (RFC 4585 NACK and PLI, RFC 5104 FIR).
 *
 * @param stream                  the stream's name
 * @param mediaSsrc               the stream's SSRC
 * @param reporterSsrc            the receiver's own SSRC
 * @param source                  where its RTCP came from (null before any arrived)
 * @param cname                   its SDES CNAME, or null
 * @param reports                 report blocks about this stream received from it
 * @param fractionLost            loss since its previous report, in 1/256 (0..255)
 * @param cumulativeLost          packets lost since the start (may be negative with duplicates)
 * @param extendedHighestSequence the highest sequence number received, with its cycle count
 * @param packetsExpected         packets the receiver expected by then: from the stream's first
 *                                sequence number to the highest, 0 when unknown
 * @param jitterMillis            interarrival jitter, ms
 * @param roundTripMillis         round-trip time from the last report, ms; NaN until a report
 *                                refers to one of our Sender Reports
 * @param nackPackets             generic NACK packets received
 * @param nackedSequenceNumbers   sequence numbers those NACKs asked for
 * @param pictureLossIndications  PLIs received
 * @param fullIntraRequests       FIRs received (repeats of one request counted once)
 * @param left                    it sent a BYE
 * @param secondsSinceHeard       seconds since its last RTCP packet, at the snapshot
 */
public record RemoteReceiverReport(String stream, long mediaSsrc, long reporterSsrc, InetSocketAddress source,
                                   String cname, long reports, int fractionLost, long cumulativeLost,
                                   long extendedHighestSequence, long packetsExpected, double jitterMillis, double roundTripMillis,
                                   long nackPackets, long nackedSequenceNumbers, long pictureLossIndications,
                                   long fullIntraRequests, boolean left, double secondsSinceHeard) {
    /** Loss since the start as a percentage of the packets expected; NaN when unknown. */
    public double lossPercent() {
        return packetsExpected > 0 ? cumulativeLost * 100.0 / packetsExpected : Double.NaN;
    }

    /** The fraction lost as a percentage (0..99.6). */
    public double fractionLostPercent() {
        return fractionLost * 100.0 / 256;
    }
}

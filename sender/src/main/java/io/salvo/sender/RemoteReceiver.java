package io.salvo.sender;

import java.net.InetSocketAddress;

/**
 * What one remote receiver last reported about one stream, kept by the transmitter thread and
 * copied into a {@link RemoteReceiverReport} by snapshots (under {@link RtcpCounters}' sequence
 * lock).
 */
final class RemoteReceiver {
    final RtcpStreamState stream;
    final long reporterSsrc;
    final long firstHeardNanos;
    long lastHeardNanos;
    InetSocketAddress source;
    String cname;
    long reports;
    int fractionLost;
    int cumulativeLost;
    long extendedHighestSequence;
    long jitter;
    long roundTripNanos = -1;
    long nackPackets;
    long nackedSequenceNumbers;
    long pictureLossIndications;
    long fullIntraRequests;
    int lastFirSequence = -1;
    boolean left;
    /** The stream destination this receiver is, for resends (-1: all; -2: not worked out yet). */
    int destinationIndex = -2;

    RemoteReceiver(RtcpStreamState stream, long reporterSsrc, long nowNanos) {
        this.stream = stream;
        this.reporterSsrc = reporterSsrc;
        this.firstHeardNanos = nowNanos;
        this.lastHeardNanos = nowNanos;
    }

    RemoteReceiverReport snapshot(long nowNanos) {
        long expected = extendedHighestSequence - stream.firstSequenceNumber + 1;
        if (expected <= 0 || expected > Integer.MAX_VALUE) {
            expected = 0; // a report from before the first packet arrived (GStreamer sends 2^32 - 1)
        }
        return new RemoteReceiverReport(stream.stream.name(), stream.ssrc, reporterSsrc, source, cname, reports,
                fractionLost, cumulativeLost, extendedHighestSequence, expected,
                jitter * 1000.0 / stream.clockRate,
                roundTripNanos < 0 ? Double.NaN : roundTripNanos / 1e6,
                nackPackets, nackedSequenceNumbers, pictureLossIndications, fullIntraRequests, left,
                (nowNanos - lastHeardNanos) / 1e9);
    }
}

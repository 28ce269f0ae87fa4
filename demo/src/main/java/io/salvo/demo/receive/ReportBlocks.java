package io.salvo.demo.receive;

import io.salvo.rtcp.ReportBlock;

import java.nio.ByteBuffer;

/**
 * Fills one reception report block (RFC 3550 §6.4.1) on a source from what arrived of its RTP
 * stream and what its last sender report said:
 *
 * <ul>
 * <li>fraction lost: since our previous report on it, see {@link LossInterval};</li>
 * <li>cumulative lost: expected minus received (duplicates not counted), clamped to 24 bits;</li>
 * <li>extended highest sequence number: cycles in the high 16 bits, the sequence number in the low;</li>
 * <li>interarrival jitter: {@link StreamStats#jitter()} in RTP timestamp units, rounded down;</li>
 * <li>LSR and DLSR: the middle 32 bits of the last SR's NTP timestamp, and the time since it
 *     arrived in 1/65536 s; both 0 without an SR.</li>
 * </ul>
 *
 * A source whose SR came before any of its RTP gets zeros for the reception fields.
 */
final class ReportBlocks {
    private ReportBlocks() {
    }

    /**
     * Writes the block on {@code source} at absolute index {@code offset}, as of {@code nowNanos},
     * and makes its counts the prior ones of the next report's fraction lost.
     *
     * @return {@link ReportBlock#LENGTH}
     */
    static int write(ByteBuffer buffer, int offset, RemoteSource source, long nowNanos) {
        StreamStats stream = source.stream();
        long expected = stream == null ? 0 : stream.expected();
        long received = stream == null ? 0 : stream.received();
        int fractionLost = source.loss().next(expected, received);
        return ReportBlock.write(buffer, offset, source.ssrc(), fractionLost,
                LossInterval.cumulativeLost(expected, received),
                stream == null || stream.packets() == 0 ? 0 : stream.highestSequence(),
                stream == null ? 0 : (long) stream.jitter(),
                source.lastSenderReport(),
                source.delaySinceLastSenderReport(nowNanos));
    }
}

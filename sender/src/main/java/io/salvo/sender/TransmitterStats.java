package io.salvo.sender;

import io.salvo.pacer.DropReason;
import org.HdrHistogram.Histogram;

import java.util.EnumMap;
import java.util.Map;

/**
 * A consistent snapshot of a {@link Transmitter}'s accounting, counted in datagrams (a packet
 * sent to three destinations is three): at every snapshot
 * {@code submitted() == sent() + dropped() + queued()}.
 */
public final class TransmitterStats {
    private final TransmitterCounters c;
    private final Histogram lateness;
    private final int pendingSubmissions;
    private final long cpuNanos;

    TransmitterStats(TransmitterCounters counters, Histogram lateness, int pendingSubmissions, long cpuNanos) {
        this.c = counters;
        this.lateness = lateness;
        this.pendingSubmissions = pendingSubmissions;
        this.cpuNanos = cpuNanos;
    }

    /** Frames packetized and queued. */
    public long framesAccepted() {
        return c.framesAccepted;
    }

    /** Frames the packetizer rejected as malformed (nothing of them was sent). */
    public long framesRejected() {
        return c.framesRejected;
    }

    /** Frames whose release callback has run. */
    public long framesReleased() {
        return c.framesReleased;
    }

    /** Submissions handed over but not yet taken by the transmitter thread. */
    public int pendingSubmissions() {
        return pendingSubmissions;
    }

    /** Datagrams accepted: packets times destinations. */
    public long submitted() {
        return c.submitted;
    }

    /** Datagrams the kernel took. */
    public long sent() {
        return c.sent;
    }

    /** Datagrams dropped, all reasons. */
    public long dropped() {
        long total = 0;
        for (long d : c.dropped) {
            total += d;
        }
        return total;
    }

    /** Datagrams dropped for {@code reason}. */
    public long dropped(DropReason reason) {
        return c.dropped[reason.ordinal()];
    }

    /** Non-zero drop counts by reason. */
    public Map<DropReason, Long> dropsByReason() {
        Map<DropReason, Long> map = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            if (c.dropped[reason.ordinal()] > 0) {
                map.put(reason, c.dropped[reason.ordinal()]);
            }
        }
        return map;
    }

    /** Datagrams waiting: in the pacer's queues or the unsent tail of the last batch. */
    public long queued() {
        return c.queued;
    }

    /** Bytes the kernel took. */
    public long bytesSent() {
        return c.bytesSent;
    }

    /** Ticks that had something to send. */
    public long ticks() {
        return c.ticks;
    }

    /** Calls to the sender. */
    public long sendCalls() {
        return c.sendCalls;
    }

    /** Sends the kernel refused with EAGAIN (socket buffer full). */
    public long wouldBlocks() {
        return c.wouldBlocks;
    }

    /** ECONNREFUSED reports (the peer's port was closed); sending went on. */
    public long refused() {
        return c.refused;
    }

    /** Transient kernel errors (ENOBUFS, ENOMEM) after which the batch was retried next tick. */
    public long transientErrors() {
        return c.transientErrors;
    }

    /** Mean messages per tick that sent. */
    public double meanBatch() {
        return c.ticks == 0 ? 0 : (double) c.batchMessages / c.ticks;
    }

    /** Largest batch. */
    public long maxBatch() {
        return c.maxBatch;
    }

    /** Largest excess of a tick's bytes over the budget the pacer granted it. */
    public long maxTickOvershootBytes() {
        return c.maxTickOvershootBytes;
    }

    /** Sequence numbers receivers asked to be resent (generic NACK), over every stream. */
    public long nackedPackets() {
        return c.nackedPackets;
    }

    /** Resends queued (each one or more datagrams, counted in {@link #submitted()} too). */
    public long resendsQueued() {
        return c.resendsQueued;
    }

    /** Resend datagrams the kernel took (counted in {@link #sent()} too). */
    public long resendsSent() {
        return c.resendsSent;
    }

    /**
     * NACKed packets not in the history: too old or evicted by its byte or packet limit, or never
     * sent (receivers such as GStreamer's jitter buffer ask for the packet they expect next).
     */
    public long resendNotInHistory() {
        return c.resendNotInHistory;
    }

    /** NACKed packets refused because they went out less than one RTT ago or were still queued for a resend. */
    public long resendTooSoon() {
        return c.resendTooSoon;
    }

    /** NACKed packets refused by the retransmission rate limit. */
    public long resendRateLimited() {
        return c.resendRateLimited;
    }

    /** NACKed packets whose header-slot bytes plus the RTX OSN would not fit a header slot: not resent. */
    public long resendTooLarge() {
        return c.resendTooLarge;
    }

    /** Packets held in the streams' histories (as of the last tick). */
    public long historyPackets() {
        return c.historyPackets;
    }

    /** Datagram bytes held in the streams' histories (as of the last tick). */
    public long historyBytes() {
        return c.historyBytes;
    }

    /** Tick lateness against schedule, in microseconds, over ticks that sent (a copy). */
    public Histogram latenessMicros() {
        return lateness;
    }

    /** Lateness percentile in microseconds (0 when no tick sent). */
    public long latenessMicros(double percentile) {
        return lateness.getTotalCount() == 0 ? 0 : lateness.getValueAtPercentile(percentile);
    }

    /** CPU time of the transmitter thread in nanoseconds, or -1 when not known. */
    public long cpuNanos() {
        return cpuNanos;
    }

    @Override
    public String toString() {
        return "TransmitterStats[frames=" + c.framesAccepted + ", submitted=" + c.submitted + ", sent=" + c.sent
                + ", dropped=" + dropsByReason() + ", queued=" + c.queued + ", bytes=" + c.bytesSent
                + ", ticks=" + c.ticks + ", meanBatch=" + String.format("%.1f", meanBatch())
                + ", p99Lateness=" + latenessMicros(99) + "us]";
    }
}

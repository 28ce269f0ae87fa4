package io.salvo.sender;

import io.salvo.rtcp.RtcpParseError;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A consistent snapshot of a {@link Transmitter}'s RTCP: the reports it sent, what it received
 * (counted by kind, malformed datagrams by what was wrong), and per remote receiver and stream
 * what that receiver reported ({@link #receivers()}).
 */
public final class RtcpStats {
    private final RtcpCounters c;
    private final List<RemoteReceiverReport> receivers;

    RtcpStats(RtcpCounters counters, List<RemoteReceiverReport> receivers) {
        this.c = counters;
        this.receivers = List.copyOf(receivers);
    }

    /** Compound reports (SR + SDES, with BYE at the end) the kernel took, one per destination. */
    public long reportsSent() {
        return c.reportsSent;
    }

    /** Bytes of those reports. */
    public long reportBytesSent() {
        return c.reportBytesSent;
    }

    /** Reports not sent: the socket would block or refused them (the next report carries on). */
    public long reportsUnsent() {
        return c.reportsUnsent;
    }

    /** Compound reports that ended with a BYE. */
    public long byesSent() {
        return c.byesSent;
    }

    /** Datagrams read from the RTCP socket(s). */
    public long datagramsReceived() {
        return c.datagramsReceived;
    }

    /** Bytes of those datagrams. */
    public long bytesReceived() {
        return c.bytesReceived;
    }

    /** Datagrams that were not RTCP (RTP, or anything else) and were ignored. */
    public long notRtcp() {
        return c.notRtcp;
    }

    /** Datagrams longer than the receive slot, ignored. */
    public long truncated() {
        return c.truncated;
    }

    /** Receive calls that failed with an error other than would-block (reading goes on next poll). */
    public long receiveErrors() {
        return c.receiveErrors;
    }

    /**
     * Datagrams refused by SRTCP: with an encrypted stream, RTCP that no stream's feedback keys
     * authenticate (tampered, replayed, in clear, or under another key) is ignored whole.
     */
    public long srtcpRejected() {
        return c.srtcpRejected;
    }

    /** Malformed RTCP datagrams, all reasons. */
    public long malformed() {
        long total = 0;
        for (long m : c.malformed) {
            total += m;
        }
        return total;
    }

    /** Malformed RTCP datagrams by what was wrong (reasons never seen left out). */
    public Map<RtcpParseError, Long> malformedByError() {
        Map<RtcpParseError, Long> map = new EnumMap<>(RtcpParseError.class);
        for (RtcpParseError e : RtcpParseError.values()) {
            if (c.malformed[e.ordinal()] > 0) {
                map.put(e, c.malformed[e.ordinal()]);
            }
        }
        return map;
    }

    /** Sender Reports received (from receivers that also send). */
    public long senderReportsReceived() {
        return c.senderReports;
    }

    /** Receiver Reports received. */
    public long receiverReportsReceived() {
        return c.receiverReports;
    }

    /** Report blocks about this transmitter's streams. */
    public long reportBlocks() {
        return c.reportBlocks;
    }

    /** Report blocks and feedback about SSRCs this transmitter does not send, ignored. */
    public long unknownSsrc() {
        return c.unknownSsrc;
    }

    /** SDES packets received. */
    public long sourceDescriptions() {
        return c.sourceDescriptions;
    }

    /** BYE packets received. */
    public long byesReceived() {
        return c.byes;
    }

    /** APP packets received (passed to the listener). */
    public long applicationPackets() {
        return c.applicationPackets;
    }

    /** Generic NACK packets (RFC 4585) about this transmitter's streams. */
    public long nacks() {
        return c.nacks;
    }

    /** Sequence numbers those NACKs asked for. */
    public long nackedSequenceNumbers() {
        return c.nackedSequenceNumbers;
    }

    /** Picture Loss Indications about this transmitter's streams. */
    public long pictureLossIndications() {
        return c.pictureLossIndications;
    }

    /** Full Intra Requests about this transmitter's streams (repeats counted once). */
    public long fullIntraRequests() {
        return c.fullIntraRequests;
    }

    /** PLIs and FIRs told to the listener as keyframe requests. */
    public long keyframeRequestsTold() {
        return c.keyframeRequestsTold;
    }

    /** PLIs and FIRs not told: they came within the minimum interval of the last one told. */
    public long keyframeRequestsSuppressed() {
        return c.keyframeRequestsSuppressed;
    }

    /** RTCP packets of other types or formats (XR, REMB, TWCC…), ignored. */
    public long otherPackets() {
        return c.otherPackets;
    }

    /** What each remote receiver reported, per stream, in the order they were first heard. */
    public List<RemoteReceiverReport> receivers() {
        return receivers;
    }

    @Override
    public String toString() {
        return "RtcpStats[sent=" + reportsSent() + " reports, received=" + datagramsReceived() + " datagrams, RR="
                + receiverReportsReceived() + ", NACK=" + nacks() + ", PLI=" + pictureLossIndications() + ", FIR="
                + fullIntraRequests() + ", malformed=" + malformed() + ", receivers=" + receivers + "]";
    }
}

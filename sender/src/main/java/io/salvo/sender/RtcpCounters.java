package io.salvo.sender;

import io.salvo.rtcp.RtcpParseError;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The RTCP side's counters and the remote receivers' fields: written by the transmitter thread
 * in short blocks between {@link #beginWrite()} and {@link #endWrite()}, read as a consistent
 * {@link RtcpStats} from any thread (a sequence lock, as {@link TransmitterCounters}).
 */
final class RtcpCounters {
    private volatile long version;

    long reportsSent;
    long reportBytesSent;
    long reportsUnsent;
    long byesSent;
    long datagramsReceived;
    long bytesReceived;
    long notRtcp;
    long truncated;
    long receiveErrors;
    long srtcpRejected;
    final long[] malformed = new long[RtcpParseError.values().length];
    long senderReports;
    long receiverReports;
    long reportBlocks;
    long unknownSsrc;
    long sourceDescriptions;
    long byes;
    long applicationPackets;
    long nacks;
    long nackedSequenceNumbers;
    long pictureLossIndications;
    long fullIntraRequests;
    long keyframeRequestsTold;
    long keyframeRequestsSuppressed;
    long otherPackets;
    /** All receivers ever heard, copy-on-write. */
    volatile RemoteReceiver[] receivers = new RemoteReceiver[0];

    void beginWrite() {
        version = version + 1;
        VarHandle.storeStoreFence();
    }

    void endWrite() {
        version = version + 1;
    }

    /** A consistent copy, receivers included, as of {@code nowNanos}. */
    RtcpStats snapshot(long nowNanos) {
        for (int attempt = 0; ; attempt++) {
            long before = version;
            if ((before & 1) == 0) {
                RtcpCounters copy = new RtcpCounters();
                copyInto(copy);
                List<RemoteReceiverReport> reports = new ArrayList<>();
                for (RemoteReceiver r : receivers) {
                    reports.add(r.snapshot(nowNanos));
                }
                VarHandle.loadLoadFence();
                if (version == before) {
                    return new RtcpStats(copy, reports);
                }
            }
            if (attempt > 1000) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private void copyInto(RtcpCounters c) {
        c.reportsSent = reportsSent;
        c.reportBytesSent = reportBytesSent;
        c.reportsUnsent = reportsUnsent;
        c.byesSent = byesSent;
        c.datagramsReceived = datagramsReceived;
        c.bytesReceived = bytesReceived;
        c.notRtcp = notRtcp;
        c.truncated = truncated;
        c.receiveErrors = receiveErrors;
        c.srtcpRejected = srtcpRejected;
        System.arraycopy(malformed, 0, c.malformed, 0, malformed.length);
        c.senderReports = senderReports;
        c.receiverReports = receiverReports;
        c.reportBlocks = reportBlocks;
        c.unknownSsrc = unknownSsrc;
        c.sourceDescriptions = sourceDescriptions;
        c.byes = byes;
        c.applicationPackets = applicationPackets;
        c.nacks = nacks;
        c.nackedSequenceNumbers = nackedSequenceNumbers;
        c.pictureLossIndications = pictureLossIndications;
        c.fullIntraRequests = fullIntraRequests;
        c.keyframeRequestsTold = keyframeRequestsTold;
        c.keyframeRequestsSuppressed = keyframeRequestsSuppressed;
        c.otherPackets = otherPackets;
    }
}

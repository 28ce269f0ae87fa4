package io.salvo.demo.receive;

import io.salvo.rtcp.NtpTime;
import io.salvo.rtcp.SenderReport;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One SSRC as RTCP sees it: what its sender reports said (the last one's NTP and RTP timestamps,
 * packet and octet counts, and when it arrived, for LSR and DLSR), its CNAME, whether it said BYE,
 * where its RTCP comes from, its RTP stream once one arrived, and the loss counts of our previous
 * report on it. Used by the receive loop's thread only; allocates only when the CNAME changes.
 */
final class RemoteSource {
    private final long ssrc;
    private final LossInterval loss = new LossInterval();
    private final byte[] cnameBytes = new byte[255];
    private StreamStats stream;
    private long senderReports;
    private long lastSrNtp;
    private long lastSrArrivalNanos;
    private long lastSrRtpTimestamp;
    private long senderPacketCount;
    private long senderOctetCount;
    private long receivedAtLastSr;
    private SocketAddress rtcpSource;
    private int cnameLength = -1;
    private String cname;
    private boolean bye;

    RemoteSource(long ssrc) {
        this.ssrc = ssrc & 0xFFFF_FFFFL;
    }

    /** The SSRC (unsigned). */
    long ssrc() {
        return ssrc;
    }

    /** The RTP stream of this SSRC, or null while none arrived. */
    StreamStats stream() {
        return stream;
    }

    /** Joins the RTP stream of this SSRC. */
    void attach(StreamStats stream) {
        this.stream = stream;
    }

    /**
     * Notes a sender report of this SSRC that arrived at {@code arrivalNanos} from {@code source}.
     *
     * @return true when it is the first one
     */
    boolean onSenderReport(SenderReport report, long arrivalNanos, SocketAddress source) {
        senderReports++;
        lastSrNtp = report.ntpTimestamp();
        lastSrArrivalNanos = arrivalNanos;
        lastSrRtpTimestamp = report.rtpTimestamp();
        senderPacketCount = report.packetCount();
        senderOctetCount = report.octetCount();
        receivedAtLastSr = stream == null ? 0 : stream.received();
        rtcpSource = source;
        return senderReports == 1;
    }

    /** Notes the CNAME in the {@code length} bytes at absolute index {@code offset}; decodes it only when it changed. */
    void onCname(ByteBuffer buffer, int offset, int length) {
        if (sameCname(buffer, offset, length)) {
            return;
        }
        buffer.get(offset, cnameBytes, 0, length);
        cnameLength = length;
        cname = new String(cnameBytes, 0, length, StandardCharsets.UTF_8);
    }

    private boolean sameCname(ByteBuffer buffer, int offset, int length) {
        if (length != cnameLength) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buffer.get(offset + i) != cnameBytes[i]) {
                return false;
            }
        }
        return true;
    }

    /** Notes that this source said BYE. */
    void onBye() {
        bye = true;
    }

    /** True when this source said BYE. */
    boolean bye() {
        return bye;
    }

    /** Sender reports received. */
    long senderReports() {
        return senderReports;
    }

    /** True when RTCP said anything about this source: an SR, a CNAME or a BYE. */
    boolean heardOverRtcp() {
        return senderReports > 0 || cname != null || bye;
    }

    /** True when a report block on this source is due: its RTP or an SR arrived, and it did not say BYE. */
    boolean reportable() {
        return !bye && (stream != null || senderReports > 0);
    }

    /**
     * Where our reports on this source go: where its SRs came from; with rtcp-mux and no SR yet,
     * where its RTP comes from; otherwise nowhere (null). Null once it said BYE.
     */
    SocketAddress destination(boolean mux) {
        if (bye) {
            return null;
        }
        if (rtcpSource != null) {
            return rtcpSource;
        }
        return mux && stream != null ? stream.source() : null;
    }

    /** The loss counts of our previous report on this source. */
    LossInterval loss() {
        return loss;
    }

    /** LSR: the middle 32 bits of the last SR's NTP timestamp, 0 without an SR. */
    long lastSenderReport() {
        return senderReports == 0 ? 0 : NtpTime.compact(lastSrNtp);
    }

    /** DLSR: the time from the last SR's arrival to {@code nowNanos} in 1/65536 s, 0 without an SR. */
    long delaySinceLastSenderReport(long nowNanos) {
        return senderReports == 0 ? 0 : NtpTime.nanosToCompact(Math.max(0, nowNanos - lastSrArrivalNanos));
    }

    /** A copy of what RTCP said about this source. */
    SenderSnapshot snapshot() {
        return new SenderSnapshot(ssrc, senderReports, cname, lastSrNtp, lastSrRtpTimestamp, senderPacketCount,
                senderOctetCount, receivedAtLastSr, bye,
                rtcpSource instanceof InetSocketAddress address ? address : null);
    }
}

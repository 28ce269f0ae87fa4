package io.salvo.demo.receive;

import io.salvo.rtp.RtpParseError;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;

/** Turns what a {@link RtpReceiver} counted into text for people (status line, summary) or JSON. */
public final class ReceiveReport {
    private static final long MIB = 1024 * 1024;
    private static final String TABLE_ROW = "%-10s %3s %9s %7s %9s %10s %9s %8s%n";

    private ReceiveReport() {
    }

    /** "listening for RTP on [::]:5004 (IPv4 and IPv6), RTCP on port 5005, receive buffer 8.0 MiB". */
    public static String listening(RtpReceiver receiver) {
        StringBuilder line = new StringBuilder("listening for RTP on ").append(address(receiver.localAddress()));
        if (receiver.dualStack()) {
            line.append(" (IPv4 and IPv6)");
        }
        line.append(", ").append(RtcpReport.listening(receiver));
        if (receiver.srtp() != null) {
            line.append(", SRTP ").append(receiver.srtp().profile().sdpName());
        }
        line.append(", receive buffer ").append(size(receiver.receiveBufferSize()));
        if (receiver.receiveBufferSize() < RtpReceiver.REQUESTED_RECEIVE_BUFFER) {
            line.append(" (asked ").append(size(RtpReceiver.REQUESTED_RECEIVE_BUFFER))
                    .append("; raise net.core.rmem_max for more)");
        }
        return line.toString();
    }

    /** "cannot listen on port 5004: Address already in use" (with the address when one was given). */
    public static String cannotListen(InetAddress bindAddress, int port, IOException e) {
        String where = bindAddress == null ? "port " + port : bindAddress.getHostAddress() + " port " + port;
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "cannot listen on " + where + ": " + why;
    }

    /**
     * One status line: time, totals, and the bitrate since {@code previous} (an earlier snapshot of
     * the same receiver, or null for the mean).
     */
    public static String status(ReceiveSnapshot now, ReceiveSnapshot previous) {
        double seconds = now.elapsedNanos() / 1e9;
        if (now.datagrams() == 0) {
            return String.format(Locale.ROOT, "%6.1f s  waiting for packets", seconds);
        }
        double mbps = previous == null || now.elapsedNanos() <= previous.elapsedNanos()
                ? now.mbps()
                : Rates.mbps(now.bytes() - previous.bytes(), now.elapsedNanos() - previous.elapsedNanos());
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "%6.1f s  %d packets  %d lost  %d reordered  %d duplicates  %d SSRC%s  %.2f Mbit/s  jitter %.3f ms",
                seconds, now.packets(), now.lost(), now.reordered(), now.duplicates(), now.ssrcs(),
                now.ssrcs() == 1 ? "" : "s", mbps, now.maxJitterMillis()));
        if (now.notRtpTotal() != 0) {
            line.append("  ").append(now.notRtpTotal()).append(" not RTP");
        }
        if (now.srtp().rtpRejectedTotal() != 0) {
            line.append("  ").append(now.srtp().rtpRejectedTotal()).append(" SRTP rejected");
        }
        return line.toString();
    }

    /**
     * A table with one row per SSRC, then the totals, whatever was not RTP, and what RTCP read and
     * sent (a line per SSRC it told us about: CNAME, SRs, the sender's count against ours); ends
     * with a newline.
     */
    public static String summary(ReceiveSnapshot snapshot) {
        StringBuilder text = new StringBuilder();
        if (snapshot.ssrcs() == 0) {
            text.append("no RTP packets arrived\n");
        } else {
            text.append(String.format(Locale.ROOT, TABLE_ROW,
                    "SSRC", "PT", "packets", "lost", "reordered", "duplicates", "jitter ms", "Mbit/s"));
            for (StreamSnapshot stream : snapshot.streams()) {
                text.append(String.format(Locale.ROOT, TABLE_ROW, ssrc(stream.ssrc()), stream.payloadType(),
                        stream.packets(), stream.lost(), stream.reordered(), stream.duplicates(),
                        String.format(Locale.ROOT, "%.3f", stream.jitterMillis()),
                        String.format(Locale.ROOT, "%.2f", stream.mbps())));
            }
            double lossPercent = snapshot.expected() == 0 ? 0 : 100.0 * snapshot.lost() / snapshot.expected();
            text.append(String.format(Locale.ROOT,
                    "total: %d SSRC%s, %d packets, %d lost (%.2f %%), %d reordered, %d duplicates, "
                            + "%d bytes in %.3f s, %.2f Mbit/s, max jitter %.3f ms%n",
                    snapshot.ssrcs(), snapshot.ssrcs() == 1 ? "" : "s", snapshot.packets(), snapshot.lost(),
                    lossPercent, snapshot.reordered(), snapshot.duplicates(), snapshot.bytes(), snapshot.seconds(),
                    snapshot.mbps(), snapshot.maxJitterMillis()));
        }
        if (snapshot.notRtpTotal() != 0) {
            text.append("not RTP: ").append(snapshot.notRtpTotal()).append(" datagram")
                    .append(snapshot.notRtpTotal() == 1 ? "" : "s").append(" (");
            String separator = "";
            for (Map.Entry<RtpParseError, Long> entry : snapshot.notRtp().entrySet()) {
                text.append(separator).append(entry.getKey().name()).append(' ').append(entry.getValue());
                separator = ", ";
            }
            text.append(")\n");
        }
        if (snapshot.srtp().enabled()) {
            text.append(SrtpReport.summary(snapshot.srtp()));
        }
        if (snapshot.rtcpSession().enabled()) {
            text.append(RtcpReport.summary(snapshot));
        } else if (snapshot.rtcp() != 0) {
            text.append("RTCP: ").append(snapshot.rtcp()).append(" datagrams (not counted as RTP)\n");
        }
        if (snapshot.untracked() != 0) {
            text.append("untracked: ").append(snapshot.untracked()).append(" packets of SSRCs beyond the first ")
                    .append(ReceiveStats.MAX_STREAMS).append('\n');
        }
        return text.toString();
    }

    /**
     * One JSON object on one line: {@code packets, lost, bytes, ssrcs, duplicates, reordered,
     * jitter_ms} (the largest of any stream), {@code mbps, seconds, payload_bytes, not_rtp,
     * not_rtp_errors} (by {@link RtpParseError} name), {@code rtcp} (RTCP datagrams),
     * {@code untracked, rr_sent, rr_bytes} (receiver reports sent), {@code rtcp_session} (our
     * SSRC and CNAME, what RTCP read and sent, and every sender it told us about; just
     * {@code {"enabled":false}} without RTCP) and {@code streams}, an array with one object per
     * SSRC, which includes what its sender reports said: {@code sender_reports, cname,
     * sender_packets, sender_octets, received_at_last_sr} (null without an SR) and {@code bye}.
     * With SRTP, {@code srtp} says what was authenticated and rejected (see
     * {@link SrtpReport#json}); in clear it is {@code {"enabled":false}}.
     */
    public static String json(ReceiveSnapshot snapshot) {
        JsonWriter json = new JsonWriter().beginObject()
                .field("packets", snapshot.packets())
                .field("lost", snapshot.lost())
                .field("bytes", snapshot.bytes())
                .field("ssrcs", snapshot.ssrcs())
                .field("duplicates", snapshot.duplicates())
                .field("reordered", snapshot.reordered())
                .field("jitter_ms", snapshot.maxJitterMillis())
                .field("mbps", snapshot.mbps())
                .field("seconds", snapshot.seconds())
                .field("payload_bytes", snapshot.payloadBytes())
                .field("not_rtp", snapshot.notRtpTotal());
        json.name("not_rtp_errors").beginObject();
        for (Map.Entry<RtpParseError, Long> entry : snapshot.notRtp().entrySet()) {
            json.field(entry.getKey().name(), entry.getValue());
        }
        json.endObject()
                .field("rtcp", snapshot.rtcp())
                .field("untracked", snapshot.untracked())
                .field("rr_sent", snapshot.rtcpSession().reportsSent())
                .field("rr_bytes", snapshot.rtcpSession().bytesSent())
                .name("rtcp_session");
        RtcpReport.session(json, snapshot.rtcpSession());
        json.name("srtp");
        SrtpReport.json(json, snapshot.srtp());
        json.name("streams").beginArray();
        for (StreamSnapshot stream : snapshot.streams()) {
            json.beginObject()
                    .field("ssrc", stream.ssrc())
                    .field("pt", stream.payloadType())
                    .field("clock_rate", stream.clockRate())
                    .field("packets", stream.packets())
                    .field("expected", stream.expected())
                    .field("lost", stream.lost())
                    .field("duplicates", stream.duplicates())
                    .field("reordered", stream.reordered())
                    .field("jitter_ms", stream.jitterMillis())
                    .field("markers", stream.markers())
                    .field("bytes", stream.bytes())
                    .field("payload_bytes", stream.payloadBytes())
                    .field("seconds", stream.seconds())
                    .field("mbps", stream.mbps())
                    .field("first_seq", stream.firstSequence())
                    .field("highest_seq", stream.highestSequence());
            RtcpReport.streamFields(json, snapshot.sender(stream.ssrc()));
            json.endObject();
        }
        return json.endArray().endObject().toString();
    }

    /** An SSRC as {@code 0x} and 8 hex digits. */
    public static String ssrc(long ssrc) {
        return String.format(Locale.ROOT, "0x%08X", ssrc & 0xFFFF_FFFFL);
    }

    /** "127.0.0.1:5004", "[::1]:5004", "[::]:5004". */
    static String address(InetSocketAddress address) {
        InetAddress host = address.getAddress();
        String text;
        if (host instanceof Inet6Address) {
            text = host.isAnyLocalAddress() ? "::" : host.isLoopbackAddress() ? "::1" : host.getHostAddress();
            text = "[" + text + "]";
        } else {
            text = host.getHostAddress();
        }
        return text + ":" + address.getPort();
    }

    private static String size(long bytes) {
        return bytes >= MIB
                ? String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB)
                : String.format(Locale.ROOT, "%d KiB", bytes / 1024);
    }
}

package io.salvo.demo.receive;

import io.salvo.rtcp.RtcpParseError;

import java.util.Map;

/** The RTCP part of a {@link ReceiveReport}: text lines for the summary, members for the JSON object. */
final class RtcpReport {
    private RtcpReport() {
    }

    /** Where RTCP is read, for the "listening" line: "RTCP on port 5005", "RTCP on 5004 too (rtcp-mux)", "no RTCP". */
    static String listening(RtpReceiver receiver) {
        if (receiver.rtcpPort() < 0) {
            return "no RTCP";
        }
        return receiver.rtcpOptions().mux()
                ? "RTCP on port " + receiver.rtcpPort() + " too (rtcp-mux)"
                : "RTCP on port " + receiver.rtcpPort();
    }

    /**
     * The summary lines: what RTCP read and sent, one line per SSRC it told us about, and what was
     * malformed; each line ends with a newline. Nothing without RTCP.
     */
    static String summary(ReceiveSnapshot snapshot) {
        RtcpSnapshot rtcp = snapshot.rtcpSession();
        if (!rtcp.enabled()) {
            return "";
        }
        StringBuilder text = new StringBuilder("RTCP on port ").append(rtcp.port()).append(": ")
                .append(count(rtcp.datagrams(), "datagram")).append(", ")
                .append(count(rtcp.senderReports(), "SR")).append(", ")
                .append(count(rtcp.byes(), "BYE")).append("; ");
        if (rtcp.reportsSent() == 0) {
            text.append("no receiver reports sent");
            if (rtcp.senderReports() == 0 && !rtcp.mux()) {
                text.append(" (they go where SRs come from, and none came)");
            }
        } else {
            text.append(count(rtcp.reportsSent(), "receiver report")).append(" sent (")
                    .append(rtcp.bytesSent()).append(" bytes)");
            if (rtcp.byeSent()) {
                text.append(" and a BYE");
            }
        }
        text.append(", as SSRC ").append(ReceiveReport.ssrc(rtcp.ssrc()))
                .append(" CNAME \"").append(rtcp.cname()).append('"');
        if (rtcp.sendErrors() != 0) {
            text.append(", ").append(count(rtcp.sendErrors(), "send error"));
        }
        text.append('\n');
        long notRead = snapshot.rtcp() - rtcp.datagrams();
        if (notRead > 0) {
            text.append("RTCP on the RTP port: ").append(count(notRead, "datagram"))
                    .append(", not read (without rtcp-mux)\n");
        }
        for (SenderSnapshot sender : rtcp.senders()) {
            text.append(sender(sender)).append('\n');
        }
        if (rtcp.malformedTotal() != 0) {
            text.append("malformed RTCP: ").append(rtcp.malformedTotal()).append(" (");
            String separator = "";
            for (Map.Entry<RtcpParseError, Long> entry : rtcp.malformed().entrySet()) {
                text.append(separator).append(entry.getKey().name()).append(' ').append(entry.getValue());
                separator = ", ";
            }
            text.append(")\n");
        }
        return text.toString();
    }

    /**
     * "0x8DB860DD: CNAME "a@b", 12 SRs, sender sent 720, received 720 by its last SR (404644
     * payload bytes sent), BYE".
     */
    static String sender(SenderSnapshot sender) {
        StringBuilder text = new StringBuilder(ReceiveReport.ssrc(sender.ssrc())).append(':');
        if (sender.cname() != null) {
            text.append(" CNAME \"").append(sender.cname()).append("\",");
        }
        text.append(' ').append(count(sender.senderReports(), "SR"));
        if (sender.senderReports() > 0) {
            text.append(", sender sent ").append(sender.senderPackets())
                    .append(", received ").append(sender.receivedAtLastSr())
                    .append(" by its last SR (").append(sender.senderOctets()).append(" payload bytes sent)");
        }
        if (sender.bye()) {
            text.append(", BYE");
        }
        return text.toString();
    }

    /** The RTCP members of one stream object: what RTCP said about its SSRC (nulls when no SR came). */
    static void streamFields(JsonWriter json, SenderSnapshot sender) {
        json.field("sender_reports", sender == null ? 0 : sender.senderReports())
                .field("cname", sender == null ? null : sender.cname());
        if (sender == null || sender.senderReports() == 0) {
            json.name("sender_packets").nullValue()
                    .name("sender_octets").nullValue()
                    .name("received_at_last_sr").nullValue();
        } else {
            json.field("sender_packets", sender.senderPackets())
                    .field("sender_octets", sender.senderOctets())
                    .field("received_at_last_sr", sender.receivedAtLastSr());
        }
        json.field("bye", sender != null && sender.bye());
    }

    /** The {@code rtcp_session} object: our SSRC and CNAME, what was read and sent, and every sender RTCP told us about. */
    static void session(JsonWriter json, RtcpSnapshot rtcp) {
        json.beginObject().field("enabled", rtcp.enabled());
        if (!rtcp.enabled()) {
            json.endObject();
            return;
        }
        json.field("mux", rtcp.mux())
                .field("port", rtcp.port())
                .field("ssrc", rtcp.ssrc())
                .field("cname", rtcp.cname())
                .field("datagrams", rtcp.datagrams())
                .field("sender_reports", rtcp.senderReports())
                .field("byes", rtcp.byes())
                .field("malformed", rtcp.malformedTotal());
        json.name("malformed_errors").beginObject();
        for (Map.Entry<RtcpParseError, Long> entry : rtcp.malformed().entrySet()) {
            json.field(entry.getKey().name(), entry.getValue());
        }
        json.endObject()
                .field("rr_sent", rtcp.reportsSent())
                .field("rr_bytes", rtcp.bytesSent())
                .field("send_errors", rtcp.sendErrors())
                .field("bye_sent", rtcp.byeSent())
                .name("senders").beginArray();
        for (SenderSnapshot sender : rtcp.senders()) {
            json.beginObject().field("ssrc", sender.ssrc());
            streamFields(json, sender);
            json.field("rtcp_source", sender.rtcpSource() == null ? null : ReceiveReport.address(sender.rtcpSource()))
                    .endObject();
        }
        json.endArray().endObject();
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}

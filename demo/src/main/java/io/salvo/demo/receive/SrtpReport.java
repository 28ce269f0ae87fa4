package io.salvo.demo.receive;

import io.salvo.srtp.SrtpStatus;

import java.util.Map;

/** The SRTP part of a {@link ReceiveReport}: text lines for the summary, an object for the JSON. */
final class SrtpReport {
    private SrtpReport() {
    }

    /**
     * "SRTP AES_CM_128_HMAC_SHA1_80 on JDK javax.crypto (Java 17.0.15): 720 packets authenticated,
     * 0 rejected; SRTCP 4 authenticated, 0 rejected, 3 reports protected", then a line per
     * protocol with rejections by {@link SrtpStatus}; each line ends with a newline.
     */
    static String summary(SrtpSnapshot srtp) {
        StringBuilder text = new StringBuilder("SRTP ").append(srtp.profile()).append(" on ").append(srtp.backend())
                .append(": ").append(count(srtp.rtpAccepted(), "packet")).append(" authenticated, ")
                .append(srtp.rtpRejectedTotal()).append(" rejected; SRTCP ").append(srtp.rtcpAccepted())
                .append(" authenticated, ").append(srtp.rtcpRejectedTotal()).append(" rejected, ")
                .append(count(srtp.rtcpProtected(), "report")).append(" protected\n");
        if (srtp.rtpRejectedTotal() != 0) {
            text.append("SRTP rejected: ").append(count(srtp.rtpRejectedTotal(), "packet")).append(" (")
                    .append(reasons(srtp.rtpRejected())).append(')');
            if (srtp.rtpAccepted() == 0 && srtp.rtpRejected().containsKey(SrtpStatus.AUTH_FAILED)) {
                text.append(": none authenticated, is the sender's key or profile another?");
            }
            text.append('\n');
        }
        if (srtp.rtcpRejectedTotal() != 0) {
            text.append("SRTCP rejected: ").append(srtp.rtcpRejectedTotal()).append(" (")
                    .append(reasons(srtp.rtcpRejected())).append(")\n");
        }
        return text.toString();
    }

    /**
     * The {@code srtp} object: {@code enabled, profile, backend, rtp_authenticated, rtp_rejected,
     * rtp_rejected_errors} (by {@link SrtpStatus} name), the same three for {@code rtcp_}, and
     * {@code rtcp_protected} (our reports sent as SRTCP); just {@code {"enabled":false}} in clear.
     */
    static void json(JsonWriter json, SrtpSnapshot srtp) {
        json.beginObject().field("enabled", srtp.enabled());
        if (!srtp.enabled()) {
            json.endObject();
            return;
        }
        json.field("profile", srtp.profile())
                .field("backend", srtp.backend())
                .field("rtp_authenticated", srtp.rtpAccepted())
                .field("rtp_rejected", srtp.rtpRejectedTotal());
        errors(json.name("rtp_rejected_errors"), srtp.rtpRejected());
        json.field("rtcp_authenticated", srtp.rtcpAccepted())
                .field("rtcp_rejected", srtp.rtcpRejectedTotal());
        errors(json.name("rtcp_rejected_errors"), srtp.rtcpRejected());
        json.field("rtcp_protected", srtp.rtcpProtected()).endObject();
    }

    private static void errors(JsonWriter json, Map<SrtpStatus, Long> counts) {
        json.beginObject();
        for (Map.Entry<SrtpStatus, Long> entry : counts.entrySet()) {
            json.field(entry.getKey().name(), entry.getValue());
        }
        json.endObject();
    }

    private static String reasons(Map<SrtpStatus, Long> counts) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<SrtpStatus, Long> entry : counts.entrySet()) {
            text.append(text.length() == 0 ? "" : ", ").append(entry.getKey().name()).append(' ').append(entry.getValue());
        }
        return text.toString();
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}

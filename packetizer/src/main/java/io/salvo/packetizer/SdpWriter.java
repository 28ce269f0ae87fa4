package io.salvo.packetizer;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes an SDP session description (RFC 8866) for RTP streams made by {@link Packetizer}s, so
 * that ffmpeg/ffplay ({@code -protocol_whitelist file,udp,rtp -i stream.sdp}), VLC and GStreamer
 * can receive them:
 *
 * <pre>
 * v=0
 * o=- SESSION VERSION IN IP4 ADDRESS
 * s=NAME
 * c=IN IP4 ADDRESS
 * t=0 0
 * m=video PORT RTP/AVP PT            one section per packetizer (RTP/AVPF PT RTX-PT with feedback)
 * a=rtpmap:RTX-PT rtx/CLOCK          with RTX (RFC 4588): its payload type and the one it repairs
 * a=fmtp:RTX-PT apt=PT
 * a=rtpmap:PT NAME/CLOCK[/CHANNELS]
 * a=fmtp:PT PARAMETERS               when the packetizer has any
 * a=rtcp-fb:PT nack                  with {@link Feedback}: generic NACK (RFC 4585), PLI, FIR (RFC 5104)
 * a=rtcp-fb:PT nack pli
 * a=rtcp-fb:PT ccm fir
 * a=crypto:TAG PROFILE inline:KEY    when the stream is SRTP (RFC 4568); the profile is then RTP/SAVP(F)
 * a=rtcp:PORT+1                      RTCP on the next port (RFC 3605), or
 * a=rtcp-mux                         RTCP on the RTP port (RFC 5761), or neither ({@link Rtcp})
 * a=ssrc-group:FID SSRC RTX-SSRC     with RTX and a CNAME (RFC 5576, RFC 4588 §8.3)
 * a=ssrc:SSRC cname:CNAME            when a CNAME is set (RFC 5576), for the RTX SSRC too
 * </pre>
 *
 * <p>The address is where the receiver listens (the destination of the packets). Lines end with
 * CRLF.
 */
public final class SdpWriter {
    private static final String CRLF = "\r\n";

    /**
     * The feedback a receiver may send for a stream and how lost packets come back:
     * {@link #none()}, NACK answered with the original packets, or NACK answered as RTX on
     * {@code rtxPayloadType} and {@code rtxSsrc}. With feedback the profile is RTP/AVPF and PLI
     * and FIR are offered too.
     *
     * @param nack           receivers may send generic NACK, PLI and FIR
     * @param rtxPayloadType the RTX payload type, or -1 for resends of the original packets
     * @param rtxSsrc        the RTX SSRC (with RTX)
     */
    public record Feedback(boolean nack, int rtxPayloadType, long rtxSsrc) {
        /** No feedback: RTP/AVP. */
        public static Feedback none() {
            return new Feedback(false, -1, 0);
        }

        /** NACK, PLI and FIR; lost packets are sent again unchanged. */
        public static Feedback nackOriginal() {
            return new Feedback(true, -1, 0);
        }

        /** NACK, PLI and FIR; lost packets come back as RTX with {@code payloadType} and {@code ssrc}. */
        public static Feedback rtx(int payloadType, long ssrc) {
            if (payloadType < 0 || payloadType > 127) {
                throw new IllegalArgumentException("RTX payload type must be 0..127, was " + payloadType);
            }
            return new Feedback(true, payloadType, ssrc & 0xFFFF_FFFFL);
        }

        /** True with an RTX payload type. */
        public boolean rtx() {
            return rtxPayloadType >= 0;
        }
    }

    /** Where the description says RTCP goes. */
    public enum Rtcp {
        /** No RTCP line (the default; receivers assume RTP port + 1). */
        UNSTATED,
        /** {@code a=rtcp:PORT+1}: RTCP on the port after the RTP port (RFC 3605). */
        NEXT_PORT,
        /** {@code a=rtcp-mux}: RTCP on the RTP port itself (RFC 5761). */
        MUX
    }

    private final InetAddress address;
    private String sessionName = "salvo";
    private long sessionId;
    private Rtcp rtcp = Rtcp.UNSTATED;
    private String cname;
    private final List<Media> media = new ArrayList<>();

    private record Media(Packetizer packetizer, int port, Feedback feedback, String crypto) {
    }

    /** A description of streams sent to {@code address}. */
    public SdpWriter(InetAddress address) {
        this.address = Objects.requireNonNull(address, "address");
    }

    /** Sets the {@code s=} line (default {@code salvo}). */
    public SdpWriter sessionName(String name) {
        if (name.isEmpty() || name.contains("\r") || name.contains("\n")) {
            throw new IllegalArgumentException("session name must be one non-empty line, was \"" + name + "\"");
        }
        this.sessionName = name;
        return this;
    }

    /** Sets the session id of the {@code o=} line (default 0). */
    public SdpWriter sessionId(long id) {
        this.sessionId = id;
        return this;
    }

    /** Sets where RTCP goes, for every media section (default {@link Rtcp#UNSTATED}). */
    public SdpWriter rtcp(Rtcp rtcp) {
        this.rtcp = Objects.requireNonNull(rtcp, "rtcp");
        return this;
    }

    /**
     * Sets the CNAME (RFC 3550 §6.5.1) that the streams' RTCP carries, written as {@code
     * a=ssrc:SSRC cname:CNAME} for each media section so a receiver can tie the SSRCs to one
     * source before the first RTCP packet arrives; null for none.
     */
    public SdpWriter cname(String cname) {
        if (cname != null && (cname.isEmpty() || cname.contains("\r") || cname.contains("\n") || cname.contains(" "))) {
            throw new IllegalArgumentException("CNAME must be one non-empty word, was \"" + cname + "\"");
        }
        this.cname = cname;
        return this;
    }

    /** Adds a media section for {@code packetizer}'s stream, received on UDP {@code port}. */
    public SdpWriter media(Packetizer packetizer, int port) {
        return media(packetizer, port, Feedback.none());
    }

    /** Adds a media section for {@code packetizer}'s stream, received on UDP {@code port}, with {@code feedback}. */
    public SdpWriter media(Packetizer packetizer, int port, Feedback feedback) {
        return media(packetizer, port, feedback, null);
    }

    /**
     * Adds a media section for {@code packetizer}'s stream, received on UDP {@code port}, with
     * {@code feedback}, encrypted (SRTP) with the keys of {@code crypto}: the value of an
     * {@code a=crypto} attribute (RFC 4568), such as {@code 1 AES_CM_128_HMAC_SHA1_80
     * inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz}; the profile becomes RTP/SAVP (RTP/SAVPF
     * with feedback). Null for none.
     */
    public SdpWriter media(Packetizer packetizer, int port, Feedback feedback, String crypto) {
        if (crypto != null && (crypto.isBlank() || crypto.contains("\r") || crypto.contains("\n"))) {
            throw new IllegalArgumentException("a=crypto value must be one non-empty line, was \"" + crypto + "\"");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        Objects.requireNonNull(packetizer, "packetizer");
        Objects.requireNonNull(feedback, "feedback");
        if (feedback.rtx() && feedback.rtxPayloadType() == packetizer.stream().payloadType()) {
            throw new IllegalArgumentException("RTX payload type " + feedback.rtxPayloadType()
                    + " is the media's own payload type");
        }
        media.add(new Media(packetizer, port, feedback, crypto));
        return this;
    }

    /** The description, with the packetizers' current format parameters. */
    public String write() {
        String addressType = address instanceof Inet6Address ? "IP6" : "IP4";
        String host = address.getHostAddress();
        int zone = host.indexOf('%');
        if (zone >= 0) {
            host = host.substring(0, zone);
        }
        StringBuilder sdp = new StringBuilder();
        sdp.append("v=0").append(CRLF);
        sdp.append("o=- ").append(sessionId).append(" 0 IN ").append(addressType).append(' ').append(host).append(CRLF);
        sdp.append("s=").append(sessionName).append(CRLF);
        sdp.append("c=IN ").append(addressType).append(' ').append(host).append(CRLF);
        sdp.append("t=0 0").append(CRLF);
        for (Media m : media) {
            appendMedia(sdp, m.packetizer(), m.port(), m.feedback(), m.crypto() != null);
            if (m.crypto() != null) {
                sdp.append("a=crypto:").append(m.crypto()).append(CRLF);
            }
            appendSession(sdp, m.packetizer(), m.port(), m.feedback());
        }
        return sdp.toString();
    }

    private static void appendMedia(StringBuilder sdp, Packetizer packetizer, int port, Feedback feedback,
                                    boolean secure) {
        RtpStream stream = packetizer.stream();
        int pt = stream.payloadType();
        sdp.append("m=").append(packetizer.mediaType()).append(' ').append(port)
                .append(' ').append(secure ? "RTP/SAVP" : "RTP/AVP").append(feedback.nack() ? "F " : " ").append(pt);
        if (feedback.rtx()) {
            sdp.append(' ').append(feedback.rtxPayloadType());
        }
        sdp.append(CRLF);
        if (feedback.rtx()) {
            // first: ffmpeg (5.1) applies every a=rtpmap of a section to its one stream whatever the
            // payload type, so the media's own must come last to be the one that stays
            int rtx = feedback.rtxPayloadType();
            sdp.append("a=rtpmap:").append(rtx).append(" rtx/").append(stream.clock().rate()).append(CRLF);
            sdp.append("a=fmtp:").append(rtx).append(" apt=").append(pt).append(CRLF);
        }
        sdp.append("a=rtpmap:").append(pt).append(' ').append(packetizer.encodingName()).append('/')
                .append(stream.clock().rate());
        if (packetizer.channels() > 0) {
            sdp.append('/').append(packetizer.channels());
        }
        sdp.append(CRLF);
        String fmtp = packetizer.formatParameters();
        if (!fmtp.isEmpty()) {
            sdp.append("a=fmtp:").append(pt).append(' ').append(fmtp).append(CRLF);
        }
        if (feedback.nack()) {
            sdp.append("a=rtcp-fb:").append(pt).append(" nack").append(CRLF);
            sdp.append("a=rtcp-fb:").append(pt).append(" nack pli").append(CRLF);
            sdp.append("a=rtcp-fb:").append(pt).append(" ccm fir").append(CRLF);
        }
    }

    private void appendSession(StringBuilder sdp, Packetizer packetizer, int port, Feedback feedback) {
        if (rtcp == Rtcp.NEXT_PORT) {
            if (port == 65535) {
                throw new IllegalStateException("RTP port 65535 leaves no next port for RTCP: use Rtcp.MUX or a lower port");
            }
            sdp.append("a=rtcp:").append(port + 1).append(CRLF);
        } else if (rtcp == Rtcp.MUX) {
            sdp.append("a=rtcp-mux").append(CRLF);
        }
        long ssrc = packetizer.stream().ssrc();
        if (cname != null && feedback.rtx()) {
            sdp.append("a=ssrc-group:FID ").append(ssrc).append(' ').append(feedback.rtxSsrc()).append(CRLF);
        }
        if (cname != null) {
            sdp.append("a=ssrc:").append(ssrc).append(" cname:").append(cname).append(CRLF);
            if (feedback.rtx()) {
                sdp.append("a=ssrc:").append(feedback.rtxSsrc()).append(" cname:").append(cname).append(CRLF);
            }
        }
    }

    @Override
    public String toString() {
        return write();
    }
}

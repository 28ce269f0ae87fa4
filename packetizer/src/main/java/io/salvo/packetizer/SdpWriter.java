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
 * m=video PORT RTP/AVP PT            one section per packetizer
 * a=rtpmap:PT NAME/CLOCK[/CHANNELS]
 * a=fmtp:PT PARAMETERS               when the packetizer has any
 * a=rtcp:PORT+1                      RTCP on the next port (RFC 3605), or
 * a=rtcp-mux                         RTCP on the RTP port (RFC 5761), or neither ({@link Rtcp})
 * a=ssrc:SSRC cname:CNAME            when a CNAME is set (RFC 5576)
 * </pre>
 *
 * <p>The address is where the receiver listens (the destination of the packets). Lines end with
 * CRLF.
 */
public final class SdpWriter {
    private static final String CRLF = "\r\n";

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
    private final List<Packetizer> packetizers = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

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
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        packetizers.add(Objects.requireNonNull(packetizer, "packetizer"));
        ports.add(port);
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
        for (int i = 0; i < packetizers.size(); i++) {
            appendMedia(sdp, packetizers.get(i), ports.get(i));
            appendSession(sdp, packetizers.get(i), ports.get(i));
        }
        return sdp.toString();
    }

    /** The {@code m=}, {@code a=rtpmap} and {@code a=fmtp} lines of one packetizer. */
    public static String mediaSection(Packetizer packetizer, int port) {
        StringBuilder sdp = new StringBuilder();
        appendMedia(sdp, packetizer, port);
        return sdp.toString();
    }

    private static void appendMedia(StringBuilder sdp, Packetizer packetizer, int port) {
        RtpStream stream = packetizer.stream();
        int pt = stream.payloadType();
        sdp.append("m=").append(packetizer.mediaType()).append(' ').append(port).append(" RTP/AVP ").append(pt)
                .append(CRLF);
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
    }

    private void appendSession(StringBuilder sdp, Packetizer packetizer, int port) {
        if (rtcp == Rtcp.NEXT_PORT) {
            if (port == 65535) {
                throw new IllegalStateException("RTP port 65535 leaves no next port for RTCP: use Rtcp.MUX or a lower port");
            }
            sdp.append("a=rtcp:").append(port + 1).append(CRLF);
        } else if (rtcp == Rtcp.MUX) {
            sdp.append("a=rtcp-mux").append(CRLF);
        }
        if (cname != null) {
            sdp.append("a=ssrc:").append(packetizer.stream().ssrc()).append(" cname:").append(cname).append(CRLF);
        }
    }

    @Override
    public String toString() {
        return write();
    }
}

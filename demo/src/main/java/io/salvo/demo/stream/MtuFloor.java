package io.salvo.demo.stream;

import io.salvo.demo.cli.UserError;
import io.salvo.demo.media.Codec;
import io.salvo.rtp.RtpHeader;

import java.util.List;

/**
 * The smallest {@code --mtu} worth streaming with: the 12-byte RTP header, the largest payload
 * header the codec's packetizer writes in a packet, and {@value #MIN_PAYLOAD} payload bytes.
 * Below 64 payload bytes the headers (IPv4/UDP 28 bytes, RTP 12, the payload header) are more
 * than 40 % of every datagram on the wire, and a clip turns into a flood of tiny packets (a 6 s
 * clip at {@code --mtu 20} made 614,000 packets of 6 payload bytes); the packetizers themselves
 * accept far less, down to one payload byte, for tests and odd links.
 */
final class MtuFloor {
    /** Payload bytes the smallest useful datagram carries after its headers. */
    static final int MIN_PAYLOAD = 64;

    private MtuFloor() {
    }

    /** The smallest useful datagram for {@code codec}, RTP header included. */
    static int minimum(Codec codec) {
        return RtpHeader.FIXED_LENGTH + payloadHeader(codec) + MIN_PAYLOAD;
    }

    /** Bytes of the largest payload header the codec's packetizer writes into one packet. */
    static int payloadHeader(Codec codec) {
        return switch (codec) {
            case H264 -> 2;  // FU-A indicator and header (RFC 6184)
            case H265 -> 3;  // PayloadHdr and FU header (RFC 7798)
            case VP8 -> 4;   // payload descriptor with a 15-bit PictureID (RFC 7741)
            case VP9 -> 8;   // payload descriptor with the scalability structure, as salvo writes it
            case AV1 -> 3;   // aggregation header and an OBU element's length
            case OPUS -> 0;  // none (RFC 7587)
            case AAC -> 4;   // AU-headers-length and one AU header (RFC 3640 AAC-hbr)
        };
    }

    private static String headerName(Codec codec) {
        return switch (codec) {
            case H264 -> "the 2-byte FU-A header";
            case H265 -> "the 3-byte FU header";
            case VP8 -> "the 4-byte VP8 payload descriptor";
            case VP9 -> "a VP9 payload descriptor of up to 8 bytes";
            case AV1 -> "the AV1 aggregation header and an OBU length (3 bytes)";
            case OPUS -> "";
            case AAC -> "the 4-byte AU header section";
        };
    }

    /**
     * Refuses {@code mtu} when it is below the floor of any of {@code codecs}, naming the
     * minimum (the largest floor among them) and how it is made up.
     */
    static void check(int mtu, List<Codec> codecs) {
        check(mtu, codecs, 0);
    }

    /**
     * Refuses {@code mtu} when it is below the floor of any of {@code codecs} plus the
     * {@code srtpTag} bytes SRTP adds to every packet (0 in clear), naming the minimum and how it
     * is made up.
     */
    static void check(int mtu, List<Codec> codecs, int srtpTag) {
        Codec highest = null;
        for (Codec codec : codecs) {
            if (highest == null || minimum(codec) > minimum(highest)) {
                highest = codec;
            }
        }
        if (highest != null && mtu < minimum(highest) + srtpTag) {
            throw new UserError("--mtu " + mtu + " is below the useful minimum of " + (minimum(highest) + srtpTag)
                    + " bytes for " + name(highest) + (srtpTag > 0 ? " in SRTP" : "") + ": the " + RtpHeader.FIXED_LENGTH
                    + "-byte RTP header" + (payloadHeader(highest) > 0 ? ", " + headerName(highest) : "")
                    + (srtpTag > 0 ? ", " : " and ") + MIN_PAYLOAD + " payload bytes"
                    + (srtpTag > 0 ? " and the " + srtpTag + "-byte SRTP tag" : ""));
        }
    }

    /** The codec as people write it: H.264, AAC, Opus. */
    static String name(Codec codec) {
        return switch (codec) {
            case H264 -> "H.264";
            case H265 -> "H.265";
            case OPUS -> "Opus";
            default -> codec.name();
        };
    }
}

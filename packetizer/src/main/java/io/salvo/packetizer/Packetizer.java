package io.salvo.packetizer;

import io.salvo.rtp.FramePacketizer;

/**
 * A codec's RTP packetizer: slices frames into packets of at most {@link #maxDatagramSize()}
 * bytes whose payload vectors are views of the frame, and describes its payload format for SDP.
 * One codec per class; not thread-safe.
 */
public interface Packetizer extends FramePacketizer {
    /** Default largest datagram, RTP header included (as libwebrtc and Pion). */
    int DEFAULT_MAX_DATAGRAM_SIZE = 1200;

    /** The stream whose headers this packetizer writes. */
    RtpStream stream();

    /** The stream's SSRC. */
    @Override
    default long ssrc() {
        return stream().ssrc();
    }

    /** The stream's clock rate. */
    @Override
    default int clockRate() {
        return stream().clock().rate();
    }

    /** Largest datagram this packetizer makes, RTP header included. */
    int maxDatagramSize();

    /** SDP {@code m=} media type: {@code video} or {@code audio}. */
    String mediaType();

    /** Encoding name of {@code a=rtpmap}, e.g. {@code H264}. */
    String encodingName();

    /** Channel count for {@code a=rtpmap} (audio), or 0 to leave it out. */
    default int channels() {
        return 0;
    }

    /**
     * The {@code a=fmtp} parameters, e.g. {@code packetization-mode=1;profile-level-id=42e01f},
     * or an empty string for none. May depend on what the packetizer has seen (parameter sets).
     */
    String formatParameters();
}

package io.salvo.rtp;

import java.nio.ByteBuffer;

/**
 * Slices one encoded frame into RTP packets. Implemented by every codec's packetizer; a
 * transmitter calls it on its own thread.
 *
 * <p>A packetizer that knows its stream's SSRC and media clock says so through {@link #ssrc()}
 * and {@link #clockRate()}: a transmitter needs both to send RTCP Sender Reports for the stream
 * (RFC 3550 §6.4.1). A lambda knows neither, and its stream goes without RTCP.
 */
@FunctionalInterface
public interface FramePacketizer {
    /** What {@link #ssrc()} returns when the packetizer does not know its SSRC. */
    long UNKNOWN_SSRC = -1;

    /**
     * Emits the packets of the frame in {@code length} bytes at absolute index {@code offset} of
     * {@code frame} into {@code sink}. Payload vectors are views of {@code frame}, so the frame's
     * bytes must stay unchanged until its packets are sent. A malformed frame is rejected before
     * any of its packets is committed.
     *
     * @param rtpTimestamp the frame's RTP timestamp (low 32 bits are used)
     * @param keyframe     whether the frame can be decoded on its own
     * @return the number of packets committed
     * @throws IllegalArgumentException if the frame is malformed; the message names the offset
     *                                  and the problem, and nothing of this frame was committed
     */
    int packetize(ByteBuffer frame, int offset, int length, long rtpTimestamp, boolean keyframe, PacketSink sink);

    /** The SSRC written into every packet, or {@link #UNKNOWN_SSRC}. */
    default long ssrc() {
        return UNKNOWN_SSRC;
    }

    /** The RTP clock rate of the timestamps, in Hz, or 0 when unknown. */
    default int clockRate() {
        return 0;
    }
}

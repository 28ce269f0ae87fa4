package io.salvo.rtp;

import java.nio.ByteBuffer;

/**
 * Slices one encoded frame into RTP packets. Implemented by every codec's packetizer; a
 * transmitter calls it on its own thread.
 */
@FunctionalInterface
public interface FramePacketizer {
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
}

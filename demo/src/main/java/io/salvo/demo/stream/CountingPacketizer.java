package io.salvo.demo.stream;

import io.salvo.rtp.FramePacketizer;
import io.salvo.rtp.PacketSink;

import java.nio.ByteBuffer;

/**
 * A stream's packetizer that counts what it made, for the per-stream lines of the summary:
 * packets and payload bytes of the frames it took. Counted on the transmitter thread (the only
 * writer), read by others; nothing is allocated.
 */
final class CountingPacketizer implements FramePacketizer {
    private final FramePacketizer packetizer;
    private volatile long packets;
    private volatile long bytes;

    CountingPacketizer(FramePacketizer packetizer) {
        this.packetizer = packetizer;
    }

    @Override
    public int packetize(ByteBuffer frame, int offset, int length, long rtpTimestamp, boolean keyframe,
                         PacketSink sink) {
        int made = packetizer.packetize(frame, offset, length, rtpTimestamp, keyframe, sink);
        packets += made; // one writer: the transmitter thread
        bytes += length;
        return made;
    }

    @Override
    public long ssrc() {
        return packetizer.ssrc();
    }

    @Override
    public int clockRate() {
        return packetizer.clockRate();
    }

    /** Packets made so far. */
    long packets() {
        return packets;
    }

    /** Frame bytes packetized so far. */
    long bytes() {
        return bytes;
    }
}

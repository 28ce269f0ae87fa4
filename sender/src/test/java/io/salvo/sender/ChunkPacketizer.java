package io.salvo.sender;

import io.salvo.rtp.FramePacketizer;
import io.salvo.rtp.PacketSink;
import io.salvo.rtp.RtpHeader;
import io.salvo.rtp.RtpPacket;

import java.nio.ByteBuffer;

/**
 * Test packetizer: a 12-byte RTP header in the slot and a view of at most {@code maxPayload}
 * frame bytes per packet, marker on the last; sequence numbers count from 0 per instance. It
 * states its SSRC and clock (and so takes part in RTCP) only when built with a clock rate.
 */
final class ChunkPacketizer implements FramePacketizer {
    private final long ssrc;
    private final int maxPayload;
    private final int clockRate;
    private int sequenceNumber;
    int packetsMade;

    ChunkPacketizer(long ssrc, int maxPayload) {
        this(ssrc, maxPayload, 0);
    }

    ChunkPacketizer(long ssrc, int maxPayload, int clockRate) {
        this.ssrc = ssrc;
        this.maxPayload = maxPayload;
        this.clockRate = clockRate;
    }

    @Override
    public long ssrc() {
        return clockRate > 0 ? ssrc : UNKNOWN_SSRC;
    }

    @Override
    public int clockRate() {
        return clockRate;
    }

    /** The sequence number of the next packet. */
    int nextSequenceNumber() {
        return sequenceNumber;
    }

    @Override
    public int packetize(ByteBuffer frame, int offset, int length, long rtpTimestamp, boolean keyframe, PacketSink sink) {
        int count = Math.max(1, (length + maxPayload - 1) / maxPayload);
        for (int i = 0; i < count; i++) {
            int from = offset + i * maxPayload;
            int size = Math.min(maxPayload, offset + length - from);
            RtpPacket packet = sink.claim();
            RtpHeader.write(packet.slot(), packet.slotOffset(), 0, i == count - 1, 96, sequenceNumber++, rtpTimestamp, ssrc);
            packet.addSlot(0, RtpHeader.FIXED_LENGTH).addPayload(frame, from, size);
            sink.commit(packet);
        }
        packetsMade += count;
        return count;
    }
}

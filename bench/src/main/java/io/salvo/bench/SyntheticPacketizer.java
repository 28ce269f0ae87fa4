package io.salvo.bench;

import io.salvo.packetizer.EqualSplit;
import io.salvo.rtp.FramePacketizer;
import io.salvo.rtp.PacketSink;
import io.salvo.rtp.RtpHeader;
import io.salvo.rtp.RtpPacket;

import java.nio.ByteBuffer;

/**
 * Packetizes opaque synthetic frames the way the video packetizers do — a 12-byte RTP header in
 * the slot and equal-size payload views of the frame, marker on the last — for harnesses that
 * need a known byte stream rather than a real codec.
 */
public final class SyntheticPacketizer implements FramePacketizer {
    private final long ssrc;
    private final int maxPayload;
    private int sequenceNumber;

    /** Packets of at most {@code maxDatagram} bytes for {@code ssrc}. */
    public SyntheticPacketizer(long ssrc, int maxDatagram) {
        this.ssrc = ssrc;
        this.maxPayload = maxDatagram - RtpHeader.FIXED_LENGTH;
    }

    @Override
    public int packetize(ByteBuffer frame, int offset, int length, long rtpTimestamp, boolean keyframe, PacketSink sink) {
        int count = EqualSplit.count(length, maxPayload);
        int size = EqualSplit.size(length, maxPayload);
        for (int i = 0; i < count; i++) {
            int from = offset + i * size;
            int chunk = Math.min(size, offset + length - from);
            RtpPacket packet = sink.claim();
            RtpHeader.write(packet.slot(), packet.slotOffset(), 0, i == count - 1, 96, sequenceNumber++, rtpTimestamp, ssrc);
            packet.addSlot(0, RtpHeader.FIXED_LENGTH).addPayload(frame, from, chunk);
            sink.commit(packet);
        }
        return count;
    }
}

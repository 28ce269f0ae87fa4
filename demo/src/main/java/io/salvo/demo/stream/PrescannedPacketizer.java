package io.salvo.demo.stream;

import io.salvo.demo.media.NalUnitLog;
import io.salvo.packetizer.NalUnitList;
import io.salvo.packetizer.NalUnitPacketizer;
import io.salvo.rtp.FramePacketizer;
import io.salvo.rtp.PacketSink;

import java.nio.ByteBuffer;

/**
 * An Annex B stream's packetizer that takes each access unit's NAL units from the reader's
 * {@link NalUnitLog} instead of searching the start codes again; an access unit the log does
 * not hold is scanned as usual. Runs on the transmitter thread, the log's consumer.
 */
final class PrescannedPacketizer implements FramePacketizer {
    private final NalUnitPacketizer packetizer;
    private final NalUnitLog log;

    PrescannedPacketizer(NalUnitPacketizer packetizer, NalUnitLog log) {
        this.packetizer = packetizer;
        this.log = log;
    }

    @Override
    public int packetize(ByteBuffer frame, int offset, int length, long rtpTimestamp, boolean keyframe,
                         PacketSink sink) {
        NalUnitList units = log.find(frame, offset, length);
        if (units == null) {
            return packetizer.packetize(frame, offset, length, rtpTimestamp, keyframe, sink);
        }
        try {
            return packetizer.packetize(units, frame, offset, length, rtpTimestamp, keyframe, sink);
        } finally {
            log.release();
        }
    }

    @Override
    public long ssrc() {
        return packetizer.ssrc();
    }

    @Override
    public int clockRate() {
        return packetizer.clockRate();
    }

    /** The log the units come from. */
    NalUnitLog log() {
        return log;
    }
}

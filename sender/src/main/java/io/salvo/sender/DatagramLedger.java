package io.salvo.sender;

import io.salvo.pacer.DropReason;
import io.salvo.pacer.PacedFrame;
import io.salvo.pacer.PacedPacket;
import io.salvo.rtp.RtpPacket;
import io.salvo.rtp.RtpPacketPool;

import java.util.Arrays;

/**
 * The transmitter's books: its counters and the pools of packets and frames. Every datagram ends
 * here exactly once, as sent or dropped with a reason; the last datagram of a packet returns it
 * to the pool, the last of a frame runs its releaser. Transmitter thread only (counters are read
 * through their snapshot).
 */
final class DatagramLedger {
    final TransmitterCounters counters = new TransmitterCounters();
    private final RtpPacketPool packetPool;
    private PacedPacket[] freePackets = new PacedPacket[256];
    private int freePacketCount;
    private PacedFrame[] freeFrames = new PacedFrame[64];
    private int freeFrameCount;

    DatagramLedger(int slotCapacity) {
        this.packetPool = new RtpPacketPool(slotCapacity, 64);
    }

    RtpPacket acquireRtpPacket() {
        return packetPool.acquire();
    }

    void releaseRtpPacket(RtpPacket packet) {
        packetPool.release(packet);
    }

    PacedPacket acquirePacket() {
        return freePacketCount > 0 ? freePackets[--freePacketCount] : new PacedPacket();
    }

    PacedFrame acquireFrame() {
        return freeFrameCount > 0 ? freeFrames[--freeFrameCount] : new PacedFrame();
    }

    void recycleFrame(PacedFrame frame) {
        frame.reset(0, null, 0, null);
        if (freeFrameCount == freeFrames.length) {
            freeFrames = Arrays.copyOf(freeFrames, freeFrames.length * 2);
        }
        freeFrames[freeFrameCount++] = frame;
    }

    /** Every remaining datagram of a packet the pacer dropped. Inside a counters write block. */
    void droppedByPacer(PacedPacket packet, DropReason reason) {
        for (int i = packet.remainingDatagrams(); i > 0; i--) {
            datagramDone(packet, reason);
        }
    }

    /** One datagram of {@code packet}, sent ({@code reason == null}) or dropped. Inside a counters write block. */
    void datagramDone(PacedPacket packet, DropReason reason) {
        if (reason == null) {
            counters.sent++;
        } else {
            counters.dropped[reason.ordinal()]++;
        }
        counters.queued--;
        PacedFrame frame = packet.frame();
        if (packet.datagramDone() == 0) {
            packetPool.release(packet.packet());
            packet.clear();
            if (freePacketCount == freePackets.length) {
                freePackets = Arrays.copyOf(freePackets, freePackets.length * 2);
            }
            freePackets[freePacketCount++] = packet;
        }
        if (frame.complete(reason != null)) {
            counters.framesReleased++;
            recycleFrame(frame);
        }
    }
}

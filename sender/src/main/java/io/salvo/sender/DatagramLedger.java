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
    /** The time of the send being accounted: when a packet enters its stream's history. */
    long nowNanos;
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

    /**
     * One datagram of {@code packet}, sent ({@code reason == null}) or dropped. When it was the
     * packet's last and the stream keeps a history, a sent original enters the history (which
     * holds the frame) instead of going back to the pool. Inside a counters write block.
     */
    void datagramDone(PacedPacket packet, DropReason reason) {
        if (reason == null) {
            counters.sent++;
            packet.datagramSent();
            if (packet.retransmission()) {
                counters.resendsSent++;
            }
        } else {
            counters.dropped[reason.ordinal()]++;
        }
        counters.queued--;
        PacedFrame frame = packet.frame();
        if (packet.datagramDone() == 0) {
            Retransmitter retransmitter = packet.stream().<TransmitterStream>attachment().retransmitter;
            if (retransmitter != null && packet.retransmission()) {
                retransmitter.resendDone(packet);
                packetPool.release(packet.packet());
            } else if (retransmitter != null && packet.sentDatagrams() > 0) {
                retransmitter.keep(packet, nowNanos);
            } else {
                packetPool.release(packet.packet());
            }
            packet.clear();
            if (freePacketCount == freePackets.length) {
                freePackets = Arrays.copyOf(freePackets, freePackets.length * 2);
            }
            freePackets[freePacketCount++] = packet;
        }
        // a resend that did not make it does not make the frame's first sending incomplete
        if (frame.complete(reason != null && !packet.retransmission())) {
            counters.framesReleased++;
            recycleFrame(frame);
        }
    }

    /** A packet left a stream's history: back to the pool, and the frame loses that reference. */
    void historyEvicted(RtpPacket packet, PacedFrame frame) {
        packetPool.release(packet);
        if (frame.complete(false)) {
            counters.framesReleased++;
            recycleFrame(frame);
        }
    }
}

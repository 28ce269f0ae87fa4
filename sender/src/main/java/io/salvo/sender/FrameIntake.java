package io.salvo.sender;

import io.salvo.pacer.DropReason;
import io.salvo.pacer.NanoClock;
import io.salvo.pacer.PacedFrame;
import io.salvo.pacer.PacedPacket;
import io.salvo.pacer.PacedStream;
import io.salvo.pacer.Pacer;
import io.salvo.rtp.PacketSink;
import io.salvo.rtp.RtpPacket;

import java.util.Arrays;

/**
 * Takes what producers handed over — frames, ready packets, stream changes — off the submission
 * ring on the transmitter thread, packetizes frames into pooled packets and queues them in the
 * pacer. A frame the packetizer rejects is rolled back whole and released at once.
 */
final class FrameIntake {
    private final SubmissionRing ring;
    private final Pacer pacer;
    private final DatagramLedger ledger;
    private final NanoClock clock;
    private final TransmitterListener listener;
    private final int highWater;
    private final FrameSink sink = new FrameSink();
    private int streamCount;
    private int maxFanOut = 1;

    FrameIntake(SubmissionRing ring, Pacer pacer, DatagramLedger ledger, TransmitterConfig config) {
        this.ring = ring;
        this.pacer = pacer;
        this.ledger = ledger;
        this.clock = config.clock();
        this.listener = config.listener();
        this.highWater = config.maxQueuedPackets();
    }

    /** Streams registered so far. */
    int streamCount() {
        return streamCount;
    }

    /** Most destinations of any stream: the batch room one packet may need. */
    int maxFanOut() {
        return maxFanOut;
    }

    /**
     * Takes up to {@code max} submissions; frames wait in the ring while the pacer holds more than
     * the high-water mark of packets, unless {@code closing}.
     *
     * @return how many were taken
     */
    int drain(int max, boolean closing) {
        int taken = 0;
        SubmissionRing.Slot slot;
        while (taken < max && (slot = ring.peek()) != null
                && (pacer.queuedPackets() < highWater || closing || slot.kind >= SubmissionRing.ADD_STREAM)) {
            switch (slot.kind) {
                case SubmissionRing.ADD_STREAM:
                    register(slot.stream);
                    break;
                case SubmissionRing.REMOVE_STREAM:
                    ledger.counters.beginWrite();
                    pacer.removeStream(slot.stream.paced, DropReason.STREAM_REMOVED);
                    ledger.counters.endWrite();
                    break;
                default:
                    accept(slot);
                    break;
            }
            ring.release(slot);
            taken++;
        }
        return taken;
    }

    private void register(TransmitterStream stream) {
        PacedStream paced = pacer.addStream(stream.priority());
        paced.attachment(stream);
        stream.paced = paced;
        maxFanOut = Math.max(maxFanOut, stream.fanOut());
        streamCount++;
    }

    private void accept(SubmissionRing.Slot slot) {
        TransmitterStream stream = slot.stream;
        long now = clock.nanoTime();
        PacedFrame frame = ledger.acquireFrame().reset(now, slot.buffer, slot.tag, slot.releaser);
        sink.begin();
        if (slot.kind == SubmissionRing.PACKET) {
            RtpPacket packet = sink.claim();
            packet.addPayload(slot.buffer, slot.offset, slot.length);
            sink.commit(packet);
        } else {
            try {
                stream.packetizer().packetize(slot.buffer, slot.offset, slot.length, slot.rtpTimestamp, slot.keyframe, sink);
            } catch (RuntimeException malformed) {
                reject(slot, frame, malformed);
                return;
            }
        }
        int fanOut = stream.fanOut();
        TransmitterCounters counters = ledger.counters;
        counters.beginWrite();
        counters.framesAccepted++;
        for (int i = 0; i < sink.count; i++) {
            RtpPacket packet = sink.packets[i];
            sink.packets[i] = null;
            PacedPacket paced = ledger.acquirePacket().reset(stream.paced, frame, packet, packet.length() * fanOut, fanOut);
            frame.addOutstanding(fanOut);
            pacer.enqueue(paced, now);
        }
        long datagrams = (long) sink.count * fanOut;
        counters.submitted += datagrams;
        counters.queued += datagrams;
        if (sink.count == 0) {
            frame.addOutstanding(1);
            frame.complete(false);
            counters.framesReleased++;
            ledger.recycleFrame(frame);
        }
        sink.count = 0;
        counters.endWrite();
    }

    private void reject(SubmissionRing.Slot slot, PacedFrame frame, RuntimeException malformed) {
        sink.rollBack();
        ledger.counters.beginWrite();
        ledger.counters.framesRejected++;
        ledger.counters.endWrite();
        ledger.recycleFrame(frame);
        listener.frameRejected(slot.stream, slot.tag, malformed);
        if (slot.releaser != null) {
            slot.releaser.released(slot.buffer, slot.tag, false);
        }
    }

    /** Collects one frame's packets from the packetizer, so a malformed frame can be rolled back whole. */
    private final class FrameSink implements PacketSink {
        RtpPacket[] packets = new RtpPacket[64];
        int count;
        private RtpPacket claimed;

        void begin() {
            count = 0;
            claimed = null;
        }

        @Override
        public RtpPacket claim() {
            if (claimed != null) {
                ledger.releaseRtpPacket(claimed);
            }
            claimed = ledger.acquireRtpPacket();
            return claimed;
        }

        @Override
        public void commit(RtpPacket packet) {
            if (packet != claimed) {
                throw new IllegalStateException("commit of a packet that was not the last one claimed");
            }
            claimed = null;
            if (count == packets.length) {
                packets = Arrays.copyOf(packets, count * 2);
            }
            packets[count++] = packet;
        }

        void rollBack() {
            if (claimed != null) {
                ledger.releaseRtpPacket(claimed);
                claimed = null;
            }
            for (int i = 0; i < count; i++) {
                ledger.releaseRtpPacket(packets[i]);
                packets[i] = null;
            }
            count = 0;
        }
    }
}

package io.salvo.sender;

import io.salvo.pacer.DropReason;
import io.salvo.pacer.NanoClock;
import io.salvo.pacer.PacedFrame;
import io.salvo.pacer.PacedPacket;
import io.salvo.pacer.PacedStream;
import io.salvo.pacer.PriorityClass;
import io.salvo.pacer.Pacer;
import io.salvo.rtp.Bytes;
import io.salvo.rtp.OutputVector;
import io.salvo.rtp.PacketSink;
import io.salvo.rtp.RtpHeader;
import io.salvo.rtp.RtpPacket;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Takes what producers handed over — frames, ready packets, stream changes — off the submission
 * ring on the transmitter thread, packetizes frames into pooled packets and queues them in the
 * pacer. A frame the packetizer rejects is rolled back whole and released at once. A stream in
 * the RTCP session gets its media clock anchored by each frame and its BYE when removed.
 */
final class FrameIntake {
    private final SubmissionRing ring;
    private final Pacer pacer;
    private final DatagramLedger ledger;
    private final NanoClock clock;
    private final TransmitterListener listener;
    private final RtcpSession rtcp;
    private final int highWater;
    private final FrameSink sink = new FrameSink();
    private int streamCount;
    private Retransmitter[] retransmitters = new Retransmitter[0];
    private TransmitterStream[] encrypted = new TransmitterStream[0];
    private int maxFanOut = 1;

    FrameIntake(SubmissionRing ring, Pacer pacer, DatagramLedger ledger, TransmitterConfig config, RtcpSession rtcp) {
        this.rtcp = rtcp;
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
                case SubmissionRing.ANCHOR:
                    if (slot.stream.rtcp != null) {
                        RtcpSession.frameTaken(slot.stream.rtcp, slot.stream.packetizer().ssrc(), slot.rtpTimestamp,
                                slot.captureNanos);
                    }
                    break;
                case SubmissionRing.REMOVE_STREAM:
                    ledger.counters.beginWrite();
                    pacer.removeStream(slot.stream.paced, DropReason.STREAM_REMOVED);
                    Retransmitter retransmitter = slot.stream.retransmitter;
                    if (retransmitter != null) {
                        pacer.removeStream(retransmitter.paced(), DropReason.STREAM_REMOVED);
                        retransmitter.close();
                        forget(retransmitter);
                    }
                    ledger.counters.endWrite();
                    if (slot.stream.rtcp != null) {
                        rtcp.streamRemoved(slot.stream); // closes its SRTP after the BYE
                    } else if (slot.stream.srtp != null) {
                        slot.stream.srtp.close();
                    }
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
        paced.rateHintBps(stream.meanRateHint());
        maxFanOut = Math.max(maxFanOut, stream.fanOut());
        streamCount++;
        if (stream.srtp != null) {
            encrypted = Arrays.copyOf(encrypted, encrypted.length + 1);
            encrypted[encrypted.length - 1] = stream;
        }
        if (stream.retransmission().enabled()) {
            PacedStream resends = pacer.addStream(PriorityClass.RETRANSMISSION);
            resends.attachment(stream);
            stream.retransmitter = new Retransmitter(stream.retransmission(), stream, resends, pacer, ledger);
            retransmitters = Arrays.copyOf(retransmitters, retransmitters.length + 1);
            retransmitters[retransmitters.length - 1] = stream.retransmitter;
        }
        if (rtcp != null) {
            rtcp.register(stream);
        }
    }

    private void forget(Retransmitter retransmitter) {
        Retransmitter[] kept = new Retransmitter[retransmitters.length - 1];
        int k = 0;
        for (Retransmitter r : retransmitters) {
            if (r != retransmitter) {
                kept[k++] = r;
            }
        }
        retransmitters = kept;
    }

    /** Lets packets past their age leave the streams' histories and counts what they hold. */
    void expireHistories(long nowNanos) {
        if (retransmitters.length == 0) {
            return;
        }
        TransmitterCounters counters = ledger.counters;
        counters.beginWrite();
        long packets = 0;
        long bytes = 0;
        for (Retransmitter r : retransmitters) {
            r.expire(nowNanos);
            packets += r.historyPackets();
            bytes += r.historyBytes();
        }
        counters.historyPackets = packets;
        counters.historyBytes = bytes;
        counters.endWrite();
    }

    /** Frees the SRTP contexts of every stream still registered (after their BYEs went out). */
    void closeSrtp() {
        for (TransmitterStream stream : encrypted) {
            if (!stream.removed) {
                stream.srtp.close();
            }
        }
    }

    /** Empties every history, releasing the frames they held (the transmitter closes). */
    void closeHistories() {
        ledger.counters.beginWrite();
        for (Retransmitter r : retransmitters) {
            r.close();
        }
        ledger.counters.endWrite();
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
        RtcpStreamState reporting = stream.rtcp;
        if (reporting != null && sink.count > 0) {
            RtpPacket first = sink.packets[0];
            long rtpTimestamp = slot.kind == SubmissionRing.PACKET ? first.timestamp() : slot.rtpTimestamp;
            RtcpSession.frameTaken(reporting, first.ssrc(), rtpTimestamp, slot.captureNanos);
        }
        TransmitterCounters counters = ledger.counters;
        counters.beginWrite();
        counters.framesAccepted++;
        for (int i = 0; i < sink.count; i++) {
            RtpPacket packet = sink.packets[i];
            sink.packets[i] = null;
            PacedPacket paced = ledger.acquirePacket().reset(stream.paced, frame, packet, packet.length() * fanOut, fanOut);
            if (reporting != null) {
                paced.payloadBytes(payloadBytes(packet));
            }
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

    /**
     * The RTP payload bytes of {@code packet}: its length less the header (CSRCs and extension
     * included, all in the first vector) and any padding (the last vector's last byte).
     */
    static int payloadBytes(RtpPacket packet) {
        OutputVector first = packet.message().vector(0);
        int header = RtpHeader.headerLength(first.buffer(), first.offset());
        int padding = 0;
        if ((Bytes.u8(first.buffer(), first.offset()) & 0x20) != 0) {
            OutputVector last = packet.message().vector(packet.message().vectorCount() - 1);
            padding = Bytes.u8(last.buffer(), last.offset() + last.length() - 1);
        }
        return Math.max(0, packet.length() - header - padding);
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

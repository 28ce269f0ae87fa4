package io.salvo.sender;

import io.salvo.pacer.MediaRateMeter;
import io.salvo.pacer.PacedFrame;
import io.salvo.pacer.PacedPacket;
import io.salvo.pacer.PacedStream;
import io.salvo.pacer.Pacer;
import io.salvo.rtcp.GenericNack;
import io.salvo.rtp.Bytes;
import io.salvo.rtp.OutputVector;
import io.salvo.rtp.RtpHeader;
import io.salvo.rtp.RtpPacket;
import io.salvo.rtp.SequenceNumbers;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Answers one stream's NACKs from its {@link PacketHistory}: each sequence number asked for is
 * looked up (O(1)), refused when it left the history, when it went out less than one RTT of the
 * asking receiver ago or is still queued for a resend, or when the token bucket (a share of the
 * stream's rate) has no room; otherwise a resend ({@link ResendPacket}: RTX or the original) is
 * queued in the pacer at the retransmission priority, for the destination that asked. Resends
 * are datagrams like any other: submitted, then sent or dropped with a reason. Transmitter
 * thread only.
 */
final class Retransmitter implements PacketHistory.Eviction {
    private static final int NOT_MAPPED = -2;

    private final RetransmissionConfig config;
    private final TransmitterStream stream;
    private final PacedStream paced;
    private final Pacer pacer;
    private final DatagramLedger ledger;
    private final PacketHistory history;
    private final TokenBucket bucket;
    private final MediaRateMeter rate = new MediaRateMeter();
    private final boolean rtx;
    private final int[] lost = new int[GenericNack.ENTRY_SPAN * 64];
    private boolean[] pending;
    private int rtxSequenceNumber;
    private long roundTripNanos;

    Retransmitter(RetransmissionConfig config, TransmitterStream stream, PacedStream paced, Pacer pacer,
                  DatagramLedger ledger) {
        this.config = config;
        this.stream = stream;
        this.paced = paced;
        this.pacer = pacer;
        this.ledger = ledger;
        this.history = new PacketHistory(config.maxHistoryPackets(), this);
        this.pending = new boolean[history.capacity()];
        this.bucket = new TokenBucket(config.burstNanos());
        this.rtx = config.mode() == RetransmissionConfig.Mode.RTX;
        this.rtxSequenceNumber = config.rtxFirstSequenceNumber();
    }

    /** True when resends go as RTX (their own SSRC), not as the original packets. */
    boolean rtx() {
        return rtx;
    }

    /** The paced stream resends queue in. */
    PacedStream paced() {
        return paced;
    }

    /** Packets in the history. */
    int historyPackets() {
        return history.size();
    }

    /** Bytes in the history. */
    long historyBytes() {
        return history.bytes();
    }

    /** How long sent packets stay: the minimum age, or more RTTs when the round trip is long. */
    private long keepNanos() {
        return Math.max(config.minHistoryNanos(), config.rttFactor() * roundTripNanos);
    }

    /**
     * The last datagram of original packet {@code packet} is done and at least one was sent at
     * {@code nowNanos}: the history keeps the packet and takes a reference on its frame. Inside
     * a counters write block.
     */
    void keep(PacedPacket packet, long nowNanos) {
        RtpPacket rtp = packet.packet();
        PacedFrame frame = packet.frame();
        frame.addOutstanding(1);
        int length = rtp.length();
        rate.add(nowNanos, length);
        int capacity = history.capacity();
        history.add(rtp.sequenceNumber(), rtp, frame, length, nowNanos, keepNanos());
        if (history.capacity() != capacity) {
            pending = new boolean[history.capacity()];
        }
        pending[rtp.sequenceNumber() & (history.capacity() - 1)] = false;
        history.expire(nowNanos, keepNanos(), config.maxHistoryBytes());
    }

    /** Lets packets past their age leave; once per tick. Inside a counters write block. */
    void expire(long nowNanos) {
        history.expire(nowNanos, keepNanos(), config.maxHistoryBytes());
    }

    @Override
    public void evicted(RtpPacket packet, PacedFrame frame) {
        ledger.historyEvicted(packet, frame);
    }

    /**
     * Answers a NACK from {@code from} (valid only during the call). Inside the RTCP counters'
     * write block; takes the transmitter counters' own.
     */
    void nack(GenericNack nack, RemoteReceiver from, long nowNanos) {
        if (from.roundTripNanos > roundTripNanos) {
            roundTripNanos = from.roundTripNanos;
        }
        int destination = destinationOf(from);
        int count = Math.min(nack.lostSequenceNumbers(lost), lost.length);
        TransmitterCounters counters = ledger.counters;
        counters.beginWrite();
        for (int i = 0; i < count; i++) {
            resend(lost[i], destination, Math.max(0, from.roundTripNanos), nowNanos);
        }
        counters.endWrite();
    }

    private void resend(int sequence, int destination, long rttNanos, long nowNanos) {
        TransmitterCounters counters = ledger.counters;
        counters.nackedPackets++;
        int slot = history.find(sequence);
        if (slot < 0) {
            counters.resendNotInHistory++;
            return;
        }
        if (pending[slot] || nowNanos - history.lastSentNanos(slot) < rttNanos) {
            counters.resendTooSoon++;
            return;
        }
        RtpPacket original = history.packet(slot);
        int datagrams = destination >= 0 ? 1 : stream.fanOut();
        int length = original.length() + (rtx ? ResendPacket.RTX_OVERHEAD : 0);
        double bytesPerSecond = Math.max(config.minRateBps() / 8.0, config.rateShare() * rate.rateBps(nowNanos) / 8.0);
        if (!bucket.tryTake(length * datagrams, bytesPerSecond, nowNanos)) {
            counters.resendRateLimited++;
            return;
        }
        RtpPacket copy = ledger.acquireRtpPacket();
        if (!ResendPacket.build(original, copy, rtx ? config.rtxSsrc() : -1, config.rtxPayloadType(), rtxSequenceNumber)) {
            ledger.releaseRtpPacket(copy); // its header slot bytes and the OSN exceed a slot: cannot be resent
            counters.resendTooLarge++;
            return;
        }
        if (rtx) {
            rtxSequenceNumber = SequenceNumbers.next(rtxSequenceNumber);
        }
        PacedFrame frame = history.frame(slot);
        PacedPacket packet = ledger.acquirePacket().reset(paced, frame, copy, length * datagrams, datagrams)
                .destination(destination).retransmission(true);
        packet.payloadBytes(length - RtpHeader.headerLength(original.message().vector(0).buffer(),
                original.message().vector(0).offset()));
        frame.addOutstanding(datagrams);
        pacer.enqueue(packet, nowNanos);
        counters.submitted += datagrams;
        counters.queued += datagrams;
        counters.resendsQueued++;
        history.resent(slot, nowNanos);
        pending[slot] = true;
    }

    /** A resend's last datagram is done: its original may be resent again. */
    void resendDone(PacedPacket packet) {
        RtpPacket rtp = packet.packet();
        OutputVector first = rtp.message().vector(0);
        int sequence = rtx ? Bytes.u16(first.buffer(), first.offset() + RtpHeader.headerLength(first.buffer(),
                first.offset())) : rtp.sequenceNumber();
        int slot = history.find(sequence);
        if (slot >= 0) {
            pending[slot] = false;
        }
    }

    /**
     * The destination the NACK's sender stands for: the one whose address (or RTCP port, the
     * next one) it wrote from, else the only one on its host, else all (-1).
     */
    private int destinationOf(RemoteReceiver from) {
        if (from.destinationIndex != NOT_MAPPED) {
            return from.destinationIndex;
        }
        int index = -1;
        InetSocketAddress source = from.source;
        if (source != null) {
            int sameHost = -1;
            int hosts = 0;
            for (int d = 0; d < stream.fanOut(); d++) {
                InetSocketAddress to = stream.destination(d);
                if (to == null || !sameAddress(to.getAddress(), source.getAddress())) {
                    continue;
                }
                if (source.getPort() == to.getPort() || source.getPort() == to.getPort() + 1) {
                    index = d;
                    break;
                }
                sameHost = d;
                hosts++;
            }
            if (index < 0 && hosts == 1) {
                index = sameHost;
            }
        }
        if (stream.fanOut() == 1) {
            index = 0;
        }
        from.destinationIndex = index;
        return index;
    }

    private static boolean sameAddress(InetAddress a, InetAddress b) {
        return a.equals(b) || java.util.Arrays.equals(v4(a), v4(b));
    }

    /** The IPv4 bytes of an IPv4 or v4-mapped IPv6 address, else its own bytes. */
    private static byte[] v4(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (bytes[i] != 0) {
                    return bytes;
                }
            }
            if (bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF) {
                return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
            }
        }
        return bytes;
    }

    /** Empties the history (the stream or the transmitter ends). Inside a counters write block. */
    void close() {
        history.clear();
    }
}

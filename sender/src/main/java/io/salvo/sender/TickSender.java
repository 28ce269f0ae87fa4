package io.salvo.sender;

import io.salvo.pacer.DropReason;
import io.salvo.pacer.PacedPacket;
import io.salvo.pacer.Pacer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * One tick of the transmitter: the unsent tail of the last tick first, then what the pacer
 * releases, grouped per stream and destination (so a frame's equal fragments stay consecutive,
 * ready for UDP GSO), sent until the kernel would block; what it did not take stays in the batch,
 * in order. Applies the error policy of {@link SendErrorPolicy} per refused datagram.
 */
final class TickSender {
    static final long MAX_LATENESS_MICROS = 60_000_000L;

    private final DatagramSender sender;
    private final Pacer pacer;
    private final DatagramLedger ledger;
    private final OutgoingBatch batch;
    private final boolean unpaced;
    private final boolean stampDepartures;
    private final TransmitterListener listener;
    private final SingleWriterRecorder lateness = new SingleWriterRecorder(MAX_LATENESS_MICROS, 3);
    private TransmitterStream[] touched = new TransmitterStream[4];
    private volatile Exception failure;

    /**
     * A tick-sender for {@code sender}; with {@code stampDepartures} every datagram of a tick
     * (a kept tail too) gets the tick's time as its {@link io.salvo.rtp.OutputMessage#departureNanos()}.
     */
    TickSender(DatagramSender sender, Pacer pacer, DatagramLedger ledger, TransmitterConfig config,
               boolean stampDepartures) {
        this.sender = sender;
        this.pacer = pacer;
        this.ledger = ledger;
        this.batch = new OutgoingBatch(config.maxBatch());
        this.unpaced = config.pacer().unpaced();
        this.stampDepartures = stampDepartures;
        this.listener = config.listener();
    }

    /** Why sending stopped for good (the sender closed), or null. */
    Exception failure() {
        return failure;
    }

    /** Adds this tick-sender's lateness since the last call to {@code into} (any thread, one at a time). */
    void latenessInto(Histogram interval) {
        lateness.getIntervalHistogramInto(interval);
    }

    /**
     * Runs the tick due at {@code scheduled}, now {@code now} (the tick's time: with departure
     * stamps, {@code scheduled} itself when the tick runs ahead of it).
     *
     * @return 1 if anything was sent, else 0
     */
    int tick(long now, long scheduled, int streamCount, int maxFanOut) {
        TransmitterCounters counters = ledger.counters;
        counters.beginWrite();
        ledger.nowNanos = now;
        pacer.beginTick(now);
        counters.endWrite();
        double granted = pacer.tickGrantedBytes();
        int tail = batch.size;
        long tailBytes = batch.bytes(0, tail);
        pacer.charge(tailBytes);
        if (touched.length < streamCount) {
            touched = Arrays.copyOf(touched, Math.max(streamCount, touched.length * 2));
        }
        long polledBytes = 0;
        int touchedCount = 0;
        int datagrams = tail;
        while (datagrams + maxFanOut <= batch.capacity()) {
            PacedPacket packet = pacer.poll();
            if (packet == null) {
                break;
            }
            TransmitterStream stream = packet.stream().attachment();
            packet.nextInList(null);
            if (stream.tickHead == null) {
                touched[touchedCount++] = stream;
                stream.tickHead = packet;
            } else {
                stream.tickTail.nextInList(packet);
            }
            stream.tickTail = packet;
            datagrams += packet.datagrams();
            polledBytes += packet.wireBytes();
        }
        for (int t = 0; t < touchedCount; t++) {
            TransmitterStream stream = touched[t];
            touched[t] = null;
            for (int d = 0; d < stream.fanOut(); d++) {
                InetSocketAddress address = stream.destination(d);
                for (PacedPacket p = stream.tickHead; p != null; p = p.nextInList()) {
                    if (p.destination() < 0 || p.destination() == d) {
                        if (stream.srtp == null) {
                            batch.add(p, address, d, stream.fanOut() > 1);
                        } else if (!batch.addSealed(p, address, d, stream.srtp.sender(d))) {
                            counters.beginWrite();
                            ledger.datagramDone(p, DropReason.MESSAGE_TOO_LONG);
                            counters.endWrite();
                        }
                    }
                }
            }
            stream.tickHead = null;
            stream.tickTail = null;
        }
        if (batch.size == 0) {
            return 0;
        }
        lateness.recordValue(Math.min(MAX_LATENESS_MICROS, Math.max(0, now - scheduled) / 1000));
        if (stampDepartures) {
            // a kept tail too: it leaves with this tick, and the times a socket hands fq stay in order
            for (int i = 0; i < batch.size; i++) {
                batch.messages[i].departureNanos(now);
            }
        }
        long sentBytes = send();
        if (failure != null) {
            return 1;
        }
        pacer.refund(batch.bytes(0, batch.size));
        counters.beginWrite();
        counters.ticks++;
        counters.batchMessages += datagrams;
        counters.maxBatch = Math.max(counters.maxBatch, datagrams);
        if (!unpaced && polledBytes > 0) {
            long overshoot = (long) Math.ceil(tailBytes + polledBytes - granted);
            counters.maxTickOvershootBytes = Math.max(counters.maxTickOvershootBytes, overshoot);
        }
        counters.endWrite();
        return sentBytes > 0 ? 1 : 0;
    }

    /** Sends the batch until the kernel would block; leaves the unsent tail in the batch. */
    private long send() {
        TransmitterCounters counters = ledger.counters;
        int start = 0;
        int refusedRetries = 0;
        long sentBytes = 0;
        int end = batch.size;
        while (start < end) {
            int n;
            try {
                counters.beginWrite();
                counters.sendCalls++;
                counters.endWrite();
                n = sender.send(batch.messages, start, end - start, 0, 0, null);
            } catch (WouldBlockException e) {
                count(Counter.WOULD_BLOCK);
                break;
            } catch (ErrnoException e) {
                String name = e.errnoName();
                if (SendErrorPolicy.isRefused(name)) {
                    count(Counter.REFUSED);
                    if (refusedRetries++ < 2) {
                        continue;
                    }
                    break;
                }
                if (SendErrorPolicy.isTransient(name)) {
                    count(Counter.TRANSIENT);
                    break;
                }
                counters.beginWrite();
                ledger.datagramDone(batch.packets[start], SendErrorPolicy.dropReason(name));
                counters.endWrite();
                start++;
                continue;
            } catch (SenderClosedException e) {
                batch.keepTail(start);
                stop(e);
                return sentBytes;
            } catch (IOException e) {
                count(Counter.TRANSIENT);
                break;
            }
            counters.beginWrite();
            for (int i = start; i < start + n; i++) {
                int bytes = batch.messages[i].bytesSent();
                sentBytes += bytes;
                counters.bytesSent += bytes;
                PacedPacket packet = batch.packets[i];
                TransmitterStream stream = packet.stream().attachment();
                RtcpStreamState rtcp = stream.rtcp;
                // an RTX resend belongs to the RTX SSRC, not to the media SSRC's Sender Report
                if (rtcp != null && !(packet.retransmission() && stream.retransmitter.rtx())) {
                    if (!rtcp.started) {
                        rtcp.started = true;
                        rtcp.firstSequenceNumber = packet.packet().sequenceNumber();
                    }
                    rtcp.sent(batch.destinations[i], packet.payloadBytes());
                    rtcp.lastMediaNanos = ledger.nowNanos;
                }
                ledger.datagramDone(packet, null);
            }
            counters.endWrite();
            start += n;
        }
        batch.keepTail(start);
        return sentBytes;
    }

    private enum Counter { WOULD_BLOCK, REFUSED, TRANSIENT }

    private void count(Counter counter) {
        TransmitterCounters counters = ledger.counters;
        counters.beginWrite();
        switch (counter) {
            case WOULD_BLOCK -> counters.wouldBlocks++;
            case REFUSED -> counters.refused++;
            default -> counters.transientErrors++;
        }
        counters.endWrite();
    }

    /** The sender closed: drops what waits and tells the listener; no tick sends after this. */
    private void stop(Exception cause) {
        failure = cause;
        dropAll(DropReason.SENDER_CLOSED);
        listener.stopped(cause);
    }

    /** Drops the unsent tail and everything in the pacer with {@code reason}. */
    void dropAll(DropReason reason) {
        TransmitterCounters counters = ledger.counters;
        counters.beginWrite();
        for (int i = 0; i < batch.size; i++) {
            ledger.datagramDone(batch.packets[i], reason);
        }
        batch.keepTail(batch.size);
        pacer.dropAll(reason);
        counters.endWrite();
    }
}

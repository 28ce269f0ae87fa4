package io.salvo.sender;

import io.salvo.pacer.PacedPacket;
import io.salvo.pacer.PacedStream;
import io.salvo.pacer.PriorityClass;
import io.salvo.rtp.FramePacketizer;

import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * A stream registered with a {@link Transmitter}: its packetizer, priority class and destinations
 * (every packet goes to each, in the same {@code sendmmsg} batches). Returned by
 * {@link Transmitter#addStream}; pass it to {@link Transmitter#submit}.
 */
public final class TransmitterStream {
    private final FramePacketizer packetizer;
    private final PriorityClass priority;
    private final InetSocketAddress[] destinations;
    private final String name;
    private final RetransmissionConfig retransmission;
    volatile boolean removed;
    private volatile long rateHintBps;
    volatile PacedStream paced;
    PacedPacket tickHead;
    PacedPacket tickTail;
    /** The stream's RTCP state, or null when it sends no RTCP. Transmitter thread only. */
    RtcpStreamState rtcp;
    /** Answers NACKs from the stream's history, or null without retransmission. Transmitter thread only. */
    Retransmitter retransmitter;
    /** The stream's SRTP contexts, or null when it is sent in clear. */
    final StreamSrtp srtp;

    TransmitterStream(String name, FramePacketizer packetizer, PriorityClass priority,
                      RetransmissionConfig retransmission, StreamSrtp srtp, InetSocketAddress[] destinations) {
        this.name = name;
        this.srtp = srtp;
        this.retransmission = retransmission;
        this.packetizer = packetizer;
        this.priority = priority;
        this.destinations = destinations;
    }

    /** The name given at registration, for reports. */
    public String name() {
        return name;
    }

    /** The packetizer run on the transmitter thread for each submitted frame. */
    public FramePacketizer packetizer() {
        return packetizer;
    }

    /** The priority class. */
    public PriorityClass priority() {
        return priority;
    }

    /** True when the stream's packets and reports are SRTP/SRTCP. */
    public boolean encrypted() {
        return srtp != null;
    }

    /** How the stream answers NACKs. */
    public RetransmissionConfig retransmission() {
        return retransmission;
    }

    /**
     * Tells the pacer this stream's mean media rate, bits/s (a file's, or an encoder's target
     * bitrate; 0: unknown, the default): the stream is then paced at the pacer's factor of that
     * rate from its first byte, instead of from a rate guessed off its first frames (one large
     * keyframe in the meter's first 100 ms reads as ten times the real rate). Any thread.
     */
    public void meanRateHint(long bps) {
        if (bps < 0) {
            throw new IllegalArgumentException("rate hint must be >= 0 bits/s, was " + bps);
        }
        rateHintBps = bps;
        PacedStream p = paced;
        if (p != null) {
            p.rateHintBps(bps);
        }
    }

    /** The mean media rate hint, bits/s (0: none). */
    public long meanRateHint() {
        return rateHintBps;
    }

    /** Number of destinations (datagrams per packet). */
    public int fanOut() {
        return destinations.length;
    }

    /** Destination {@code index}; null means the connected peer. */
    public InetSocketAddress destination(int index) {
        return destinations[index];
    }

    /** True once {@link Transmitter#removeStream} was called. */
    public boolean isRemoved() {
        return removed;
    }

    @Override
    public String toString() {
        return "TransmitterStream[" + name + ", " + priority + ", to " + Arrays.toString(destinations) + "]";
    }
}

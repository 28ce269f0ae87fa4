package io.salvo.pacer;

import io.salvo.rtp.RtpPacket;

/**
 * A packet waiting in the pacer: its stream, its frame, the RTP packet itself and the bytes it
 * puts on the wire (datagram size times destinations). Pooled and reused; one thread only.
 */
public final class PacedPacket {
    PacedPacket next;
    private PacedStream stream;
    private PacedFrame frame;
    private RtpPacket packet;
    private int wireBytes;
    private int datagrams;
    private int remaining;
    private int payloadBytes;
    private int destination;
    private boolean retransmission;
    private int sentDatagrams;

    /** Fills the packet for reuse. */
    public PacedPacket reset(PacedStream stream, PacedFrame frame, RtpPacket packet, int wireBytes, int datagrams) {
        this.next = null;
        this.stream = stream;
        this.frame = frame;
        this.packet = packet;
        this.wireBytes = wireBytes;
        this.datagrams = datagrams;
        this.remaining = datagrams;
        this.payloadBytes = 0;
        this.destination = -1;
        this.retransmission = false;
        this.sentDatagrams = 0;
        return this;
    }

    /** Forgets the references (so a pooled packet keeps nothing alive). */
    public void clear() {
        next = null;
        stream = null;
        frame = null;
        packet = null;
    }

    /** The stream it belongs to. */
    public PacedStream stream() {
        return stream;
    }

    /** The frame it belongs to. */
    public PacedFrame frame() {
        return frame;
    }

    /** The RTP packet. */
    public RtpPacket packet() {
        return packet;
    }

    /** Bytes it puts on the wire: datagram length times destinations; what the budget is charged. */
    public int wireBytes() {
        return wireBytes;
    }

    /** RTP payload bytes of one datagram (header and padding excluded), as a Sender Report counts them. */
    public int payloadBytes() {
        return payloadBytes;
    }

    /** Sets the RTP payload bytes of one datagram. */
    public PacedPacket payloadBytes(int bytes) {
        this.payloadBytes = bytes;
        return this;
    }

    /** The one destination (index in its stream) this packet goes to, or -1 for all of them. */
    public int destination() {
        return destination;
    }

    /**
     * Sends this packet to destination {@code index} of its stream only (a retransmission for
     * the receiver that asked); -1 for all.
     */
    public PacedPacket destination(int index) {
        this.destination = index;
        return this;
    }

    /** True for a retransmission (its frame was already sent once). */
    public boolean retransmission() {
        return retransmission;
    }

    /** Marks this packet as a retransmission. */
    public PacedPacket retransmission(boolean retransmission) {
        this.retransmission = retransmission;
        return this;
    }

    /** Datagrams of this packet the kernel took so far. */
    public int sentDatagrams() {
        return sentDatagrams;
    }

    /** Notes one more datagram of this packet taken by the kernel. */
    public void datagramSent() {
        sentDatagrams++;
    }

    /** Datagrams it becomes: one per destination. */
    public int datagrams() {
        return datagrams;
    }

    /** Datagrams of this packet not yet sent or dropped. */
    public int remainingDatagrams() {
        return remaining;
    }

    /** Marks one of its datagrams sent or dropped; returns how many remain. */
    public int datagramDone() {
        return --remaining;
    }

    /** Next packet in a list the owner keeps after the pacer released it (e.g. a per-tick list). */
    public PacedPacket nextInList() {
        return next;
    }

    /** Links {@code packet} after this one in an owner's list. */
    public void nextInList(PacedPacket packet) {
        this.next = packet;
    }
}

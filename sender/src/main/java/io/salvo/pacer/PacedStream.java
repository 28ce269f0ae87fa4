package io.salvo.pacer;

/**
 * One stream's FIFO queue inside the pacer, in a priority class. Packets of a stream leave in the
 * order they were queued; streams of the same class take turns. The owner may attach its own
 * per-stream object (destinations, packetizer).
 */
public final class PacedStream {
    private final int id;
    private final PriorityClass priority;
    private Object attachment;
    private volatile long rateHintBps;
    PacedPacket head;
    PacedPacket tail;
    int queuedPackets;
    long queuedBytes;
    PacedStream activeNext;
    PacedStream activePrev;
    boolean active;
    boolean removed;

    PacedStream(int id, PriorityClass priority) {
        this.id = id;
        this.priority = priority;
    }

    /** Identifier, unique within its pacer. */
    public int id() {
        return id;
    }

    /** Its priority class. */
    public PriorityClass priority() {
        return priority;
    }

    /** The stream's known mean media rate, bits/s, or 0 when unknown. */
    public long rateHintBps() {
        return rateHintBps;
    }

    /**
     * Tells the pacer the stream's mean media rate (a file's, or an encoder's target), bits/s (0:
     * unknown): it then paces from the first byte at its factor of that rate, instead of guessing
     * the rate from the first frames. Any thread.
     */
    public void rateHintBps(long bps) {
        if (bps < 0) {
            throw new IllegalArgumentException("rate hint must be >= 0 bits/s, was " + bps);
        }
        this.rateHintBps = bps;
    }

    /** Packets waiting. */
    public int queuedPackets() {
        return queuedPackets;
    }

    /** Wire bytes waiting. */
    public long queuedBytes() {
        return queuedBytes;
    }

    /** The owner's object attached to this stream, or null. */
    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) attachment;
    }

    /** Attaches the owner's object. */
    public void attachment(Object attachment) {
        this.attachment = attachment;
    }

    @Override
    public String toString() {
        return "PacedStream[" + id + ", " + priority + ", queued=" + queuedPackets + "]";
    }
}

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

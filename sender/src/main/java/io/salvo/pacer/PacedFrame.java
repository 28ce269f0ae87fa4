package io.salvo.pacer;

import java.nio.ByteBuffer;

/**
 * A frame whose packets wait in the pacer: when it was queued, whether any of its packets has
 * left (a frame is only ever dropped whole), and what to release once all of its datagrams are
 * sent or dropped. Pooled and reused by its owner; touched by one thread.
 */
public final class PacedFrame {
    private long enqueuedNanos;
    private boolean departed;
    private int packetsQueued;
    private int datagramsOutstanding;
    private int datagramsDropped;
    private ByteBuffer buffer;
    private long tag;
    private FrameReleaser releaser;

    /** Resets the frame for reuse: queued at {@code enqueuedNanos}, to release {@code buffer} with {@code releaser}. */
    public PacedFrame reset(long enqueuedNanos, ByteBuffer buffer, long tag, FrameReleaser releaser) {
        this.enqueuedNanos = enqueuedNanos;
        this.departed = false;
        this.packetsQueued = 0;
        this.datagramsOutstanding = 0;
        this.datagramsDropped = 0;
        this.buffer = buffer;
        this.tag = tag;
        this.releaser = releaser;
        return this;
    }

    /** When the frame entered the pacer. */
    public long enqueuedNanos() {
        return enqueuedNanos;
    }

    /** True once any of its packets has been taken for sending. */
    public boolean departed() {
        return departed;
    }

    void markDeparted() {
        departed = true;
    }

    /** Packets of this frame still in the pacer's queue. */
    public int packetsQueued() {
        return packetsQueued;
    }

    void packetsQueued(int count) {
        packetsQueued = count;
    }

    /** Datagrams of this frame not yet sent or dropped. */
    public int datagramsOutstanding() {
        return datagramsOutstanding;
    }

    /** Adds {@code count} outstanding datagrams (a packet times its destinations). */
    public void addOutstanding(int count) {
        datagramsOutstanding += count;
    }

    /**
     * Marks one datagram done (sent, or dropped if {@code dropped}); runs the releaser when it was
     * the last, exactly once.
     *
     * @return true if the frame is now complete and released
     */
    public boolean complete(boolean dropped) {
        if (dropped) {
            datagramsDropped++;
        }
        if (--datagramsOutstanding == 0) {
            FrameReleaser r = releaser;
            releaser = null;
            ByteBuffer b = buffer;
            buffer = null;
            if (r != null) {
                r.released(b, tag, datagramsDropped == 0);
            }
            return true;
        }
        return false;
    }

    /** Caller's tag, passed back to the releaser. */
    public long tag() {
        return tag;
    }
}

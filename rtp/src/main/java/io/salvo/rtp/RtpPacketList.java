package io.salvo.rtp;

import java.util.Arrays;

/**
 * A {@link PacketSink} that keeps the committed packets in order, for callers that packetize a
 * frame and then handle its packets as a batch. {@link #clear()} returns them to the list's own
 * pool for reuse.
 */
public final class RtpPacketList implements PacketSink {
    private final RtpPacketPool pool;
    private RtpPacket[] packets = new RtpPacket[16];
    private int size;

    /** A list with its own pool of default-size packets. */
    public RtpPacketList() {
        this(new RtpPacketPool());
    }

    /** A list that takes packets from {@code pool}. */
    public RtpPacketList(RtpPacketPool pool) {
        this.pool = pool;
    }

    @Override
    public RtpPacket claim() {
        return pool.acquire();
    }

    @Override
    public void commit(RtpPacket packet) {
        if (size == packets.length) {
            packets = Arrays.copyOf(packets, size * 2);
        }
        packets[size++] = packet;
    }

    /** Number of committed packets. */
    public int size() {
        return size;
    }

    /** Committed packet {@code index}, in commit order. */
    public RtpPacket get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("packet " + index + " of " + size);
        }
        return packets[index];
    }

    /** Returns every committed packet to the pool and empties the list. */
    public void clear() {
        for (int i = 0; i < size; i++) {
            pool.release(packets[i]);
            packets[i] = null;
        }
        size = 0;
    }
}

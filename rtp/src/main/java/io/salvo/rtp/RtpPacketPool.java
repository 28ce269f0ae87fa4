package io.salvo.rtp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A single-threaded pool of {@link RtpPacket}s whose slots are carved from direct slabs. Grows
 * by one slab when empty; {@link #release released} packets are reused, so steady state
 * allocates nothing.
 */
public final class RtpPacketPool {
    private final int slotCapacity;
    private final int packetsPerSlab;
    private RtpPacket[] free = new RtpPacket[64];
    private int freeCount;
    private int created;

    /** A pool of packets with {@link RtpPacket#DEFAULT_SLOT_CAPACITY}-byte slots, 64 per slab. */
    public RtpPacketPool() {
        this(RtpPacket.DEFAULT_SLOT_CAPACITY, 64);
    }

    /** A pool of packets with {@code slotCapacity}-byte slots, {@code packetsPerSlab} per slab. */
    public RtpPacketPool(int slotCapacity, int packetsPerSlab) {
        if (slotCapacity < RtpHeader.FIXED_LENGTH) {
            throw new IllegalArgumentException("slot capacity must be >= 12 bytes, was " + slotCapacity);
        }
        if (packetsPerSlab < 1) {
            throw new IllegalArgumentException("packets per slab must be >= 1, was " + packetsPerSlab);
        }
        this.slotCapacity = slotCapacity;
        this.packetsPerSlab = packetsPerSlab;
    }

    /** A cleared packet. */
    public RtpPacket acquire() {
        if (freeCount == 0) {
            grow();
        }
        RtpPacket packet = free[--freeCount];
        free[freeCount] = null;
        return packet;
    }

    /** Clears {@code packet} and returns it to the pool. */
    public void release(RtpPacket packet) {
        packet.clear();
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = packet;
    }

    /** Packets ever created by this pool. */
    public int created() {
        return created;
    }

    /** Packets waiting in the pool. */
    public int available() {
        return freeCount;
    }

    /** Slot size of this pool's packets. */
    public int slotCapacity() {
        return slotCapacity;
    }

    private void grow() {
        ByteBuffer slab = ByteBuffer.allocateDirect(slotCapacity * packetsPerSlab).order(ByteOrder.BIG_ENDIAN);
        if (free.length < packetsPerSlab) {
            free = Arrays.copyOf(free, packetsPerSlab);
        }
        for (int i = packetsPerSlab - 1; i >= 0; i--) {
            free[freeCount++] = new RtpPacket(slab, i * slotCapacity, slotCapacity);
        }
        created += packetsPerSlab;
    }
}

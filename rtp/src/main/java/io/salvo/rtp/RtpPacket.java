package io.salvo.rtp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One RTP datagram in the making: a header slot (a fixed region of a native, shared slab where
 * the RTP header and any payload-format bytes are written) and the ordered vectors of the
 * datagram, typically one over the slot and the rest views of the frame (no copy).
 *
 * <p>Slots of many packets live in one slab buffer, so a sender sees few distinct buffers and
 * looks their addresses up rarely. Packets are pooled ({@link RtpPacketPool}) and reused; a
 * packet is not thread-safe.
 */
public final class RtpPacket {
    /** Default header slot size: RTP header with CSRCs and extensions plus payload-format bytes. */
    public static final int DEFAULT_SLOT_CAPACITY = 256;

    private final ByteBuffer slot;
    private final int slotOffset;
    private final int slotCapacity;
    private final OutputMessage message = new OutputMessage();
    private int length;

    /**
     * A packet whose slot is {@code slotCapacity} bytes at absolute index {@code slotOffset} of
     * {@code slab}.
     */
    public RtpPacket(ByteBuffer slab, int slotOffset, int slotCapacity) {
        Bytes.checkRange("RTP packet slot", slotOffset, slotCapacity, slab.capacity());
        this.slot = slab;
        this.slotOffset = slotOffset;
        this.slotCapacity = slotCapacity;
    }

    /** A packet with its own direct slot of {@code slotCapacity} bytes. */
    public static RtpPacket allocate(int slotCapacity) {
        return new RtpPacket(ByteBuffer.allocateDirect(slotCapacity).order(ByteOrder.BIG_ENDIAN), 0, slotCapacity);
    }

    /** The buffer holding the slot (shared with other packets: write only inside the slot). */
    public ByteBuffer slot() {
        return slot;
    }

    /** Absolute index of the slot's first byte in {@link #slot()}. */
    public int slotOffset() {
        return slotOffset;
    }

    /** Size of the slot in bytes. */
    public int slotCapacity() {
        return slotCapacity;
    }

    /**
     * Appends a vector over {@code length} slot bytes starting {@code from} bytes into the slot.
     *
     * @throws IndexOutOfBoundsException if the range leaves the slot
     */
    public RtpPacket addSlot(int from, int length) {
        Bytes.checkRange("RTP packet slot vector", from, length, slotCapacity);
        message.add(slot, slotOffset + from, length);
        this.length += length;
        return this;
    }

    /** Appends a vector over {@code length} bytes of {@code buffer} at {@code offset} (no copy). */
    public RtpPacket addPayload(ByteBuffer buffer, int offset, int length) {
        message.add(buffer, offset, length);
        this.length += length;
        return this;
    }

    /** The datagram's vectors; its address is left null for the sender to fill in. */
    public OutputMessage message() {
        return message;
    }

    /** Size of the datagram in bytes: the sum of its vectors. */
    public int length() {
        return length;
    }

    /** Sequence number of the RTP header in the first vector. */
    public int sequenceNumber() {
        OutputVector first = message.vector(0);
        return RtpHeader.sequenceNumber(first.buffer(), first.offset());
    }

    /** Timestamp of the RTP header in the first vector. */
    public long timestamp() {
        OutputVector first = message.vector(0);
        return RtpHeader.timestamp(first.buffer(), first.offset());
    }

    /** SSRC of the RTP header in the first vector. */
    public long ssrc() {
        OutputVector first = message.vector(0);
        return RtpHeader.ssrc(first.buffer(), first.offset());
    }

    /** Marker bit of the RTP header in the first vector. */
    public boolean marker() {
        OutputVector first = message.vector(0);
        return RtpHeader.marker(first.buffer(), first.offset());
    }

    /** Removes every vector (the slot bytes stay as they are). */
    public RtpPacket clear() {
        message.clear();
        length = 0;
        return this;
    }

    @Override
    public String toString() {
        return "RtpPacket[vectors=" + message.vectorCount() + ", length=" + length + "]";
    }
}

package io.salvo.sender;

import io.salvo.pacer.PacedPacket;
import io.salvo.rtp.OutputMessage;

import io.salvo.srtp.SrtpSender;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The messages of one tick's send, preallocated once: the unsent tail of the previous tick
 * first, in order, then the datagrams the pacer released. Each message remembers its packet.
 *
 * <p>A datagram of an SRTP stream is protected into a sealed region of its own (the one copy
 * encryption forces: header and encrypted payload written in one pass from the frame into native
 * memory), and its message is that region. The regions, allocated once when the first SRTP
 * datagram comes, move with their messages when the unsent tail is kept, so a region is reused
 * only once its datagram has left.
 */
final class OutgoingBatch {
    /** Room for one protected datagram: a 1200-byte default datagram, an RTX OSN and a tag fit with margin. */
    static final int SEALED_BYTES = 2048;

    final OutputMessage[] messages;
    final PacedPacket[] packets;
    /** Index of each message's destination in its stream. */
    final int[] destinations;
    private ByteBuffer sealed;
    private int[] region;
    int size;

    OutgoingBatch(int capacity) {
        messages = new OutputMessage[capacity];
        packets = new PacedPacket[capacity];
        destinations = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            messages[i] = new OutputMessage();
        }
    }

    int capacity() {
        return messages.length;
    }

    /** Appends the datagram of {@code packet} to {@code address}, its stream's destination {@code destination}. */
    void add(PacedPacket packet, InetSocketAddress address, int destination) {
        messages[size].set(packet.packet().message()).address(address);
        packets[size] = packet;
        destinations[size] = destination;
        size++;
    }

    /**
     * Appends the datagram of {@code packet} to {@code address}, protected by {@code srtp} into
     * its sealed region.
     *
     * @return false when the protected datagram would not fit a region (nothing is appended then)
     */
    boolean addSealed(PacedPacket packet, InetSocketAddress address, int destination, SrtpSender srtp) {
        if (packet.packet().length() + srtp.profile().rtpTagLength() > SEALED_BYTES) {
            return false;
        }
        if (sealed == null) {
            sealed = ByteBuffer.allocateDirect(SEALED_BYTES * messages.length).order(ByteOrder.BIG_ENDIAN);
            region = new int[messages.length];
            for (int i = 0; i < region.length; i++) {
                region[i] = i;
            }
        }
        int at = region[size] * SEALED_BYTES;
        int length = srtp.protectRtp(packet.packet().message(), sealed, at);
        messages[size].clear().add(sealed, at, length).address(address);
        packets[size] = packet;
        destinations[size] = destination;
        size++;
        return true;
    }

    /** Bytes of messages {@code [from, to)}. */
    long bytes(int from, int to) {
        long total = 0;
        for (int i = from; i < to; i++) {
            total += messages[i].length();
        }
        return total;
    }

    /** Keeps messages {@code [start, size)} as the new start of the batch, in order. */
    void keepTail(int start) {
        int tail = size - start;
        for (int i = 0; i < tail; i++) {
            OutputMessage kept = messages[start + i];
            messages[start + i] = messages[i];
            messages[i] = kept;
            packets[i] = packets[start + i];
            destinations[i] = destinations[start + i];
            if (region != null) {
                int r = region[start + i];
                region[start + i] = region[i];
                region[i] = r;
            }
        }
        for (int i = tail; i < size; i++) {
            packets[i] = null;
            messages[i].clear();
        }
        size = tail;
    }
}

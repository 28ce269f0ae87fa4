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
 * A datagram for one destination goes as its packet's own message (its vectors are not copied:
 * the address is set on it); one of a fan-out is a copy in the batch's own message of its slot.
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
    /** The batch's own message of each slot, which {@link #messages} holds unless it lent the packet's. */
    private final OutputMessage[] own;
    private ByteBuffer sealed;
    private int[] region;
    int size;

    OutgoingBatch(int capacity) {
        messages = new OutputMessage[capacity];
        own = new OutputMessage[capacity];
        packets = new PacedPacket[capacity];
        destinations = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            own[i] = new OutputMessage();
            messages[i] = own[i];
        }
    }

    int capacity() {
        return messages.length;
    }

    /**
     * Appends the datagram of {@code packet} to {@code address}, its stream's destination
     * {@code destination}. The packet's own message goes into the batch with the address set on
     * it, unless {@code shared} (the packet goes to several destinations): then a copy of it.
     */
    void add(PacedPacket packet, InetSocketAddress address, int destination, boolean shared) {
        OutputMessage message = packet.packet().message();
        if (shared) {
            messages[size] = own[size].set(message).address(address);
        } else {
            messages[size] = message.address(address);
        }
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
        messages[size] = own[size].clear().add(sealed, at, length).address(address);
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
            OutputMessage keptOwn = own[start + i];
            own[start + i] = own[i];
            own[i] = keptOwn;
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
            if (messages[i] == own[i]) {
                own[i].clear();
            } else {
                messages[i] = own[i]; // a packet's own message, lent: the packet keeps or frees it
            }
        }
        size = tail;
    }
}

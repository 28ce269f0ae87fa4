package io.salvo.sender;

import io.salvo.pacer.PacedPacket;
import io.salvo.rtp.OutputMessage;

import java.net.InetSocketAddress;

/**
 * The messages of one tick's send, preallocated once: the unsent tail of the previous tick
 * first, in order, then the datagrams the pacer released. Each message remembers its packet.
 */
final class OutgoingBatch {
    final OutputMessage[] messages;
    final PacedPacket[] packets;
    /** Index of each message's destination in its stream. */
    final int[] destinations;
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
        }
        for (int i = tail; i < size; i++) {
            packets[i] = null;
            messages[i].clear();
        }
        size = tail;
    }
}

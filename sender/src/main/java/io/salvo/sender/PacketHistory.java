package io.salvo.sender;

import io.salvo.pacer.PacedFrame;
import io.salvo.rtp.RtpPacket;

import java.util.Arrays;

/**
 * The packets of one stream that were sent, kept for retransmission without a copy: each entry
 * holds the sent {@link RtpPacket} (its header slot and its views of the frame) and a reference on
 * its frame, so the frame's buffer stays valid while any of its packets is here. Entries sit in a
 * ring indexed by sequence number ({@code seq & mask}): lookup is O(1), and entries leave oldest
 * first, when they are older than the age limit, when the bytes held pass the byte limit, or when
 * the ring needs the slot and may grow no further. Leaving hands the packet and the frame
 * reference to the {@link Eviction} (the transmitter's ledger), which runs the frame's releaser
 * once its last reference is gone.
 *
 * <p>The ring starts small and doubles, up to its maximum, when the slot it needs still holds an
 * entry young enough to keep: allocation happens only while a stream's rate grows. Transmitter
 * thread only.
 */
final class PacketHistory {
    /** Where entries go when they leave. */
    interface Eviction {
        /** {@code packet} of {@code frame} left the history: release the packet and the frame reference. */
        void evicted(RtpPacket packet, PacedFrame frame);
    }

    private static final int MIN_CAPACITY = 256;

    private final Eviction eviction;
    private final int maxCapacity;
    private RtpPacket[] packets;
    private PacedFrame[] frames;
    private int[] sequences;
    private int[] bytes;
    private long[] sentNanos;
    private long[] resentNanos;
    private int mask;
    private int count;
    private int oldest;
    private int newest;
    private long heldBytes;

    /** A history holding at most {@code maxCapacity} packets (a power of two, 256..32768). */
    PacketHistory(int maxCapacity, Eviction eviction) {
        if (maxCapacity < MIN_CAPACITY || maxCapacity > 32_768 || Integer.bitCount(maxCapacity) != 1) {
            throw new IllegalArgumentException("history capacity must be a power of two in 256..32768, was "
                    + maxCapacity);
        }
        this.maxCapacity = maxCapacity;
        this.eviction = eviction;
        allocate(Math.min(1024, maxCapacity));
    }

    private void allocate(int capacity) {
        packets = new RtpPacket[capacity];
        frames = new PacedFrame[capacity];
        sequences = new int[capacity];
        Arrays.fill(sequences, -1);
        bytes = new int[capacity];
        sentNanos = new long[capacity];
        resentNanos = new long[capacity];
        mask = capacity - 1;
    }

    /** Packets held. */
    int size() {
        return count;
    }

    /** Datagram bytes of the packets held. */
    long bytes() {
        return heldBytes;
    }

    /** Slots in the ring now. */
    int capacity() {
        return mask + 1;
    }

    /**
     * Keeps {@code packet} (sequence number {@code sequence}, {@code length} bytes) of
     * {@code frame}, sent at {@code nowNanos}. The caller has taken a reference on the frame for
     * it. An entry still holding the slot leaves first, unless it is younger than
     * {@code keepNanos} and the ring can grow.
     */
    void add(int sequence, RtpPacket packet, PacedFrame frame, int length, long nowNanos, long keepNanos) {
        int slot = sequence & mask;
        if (sequences[slot] >= 0) {
            if (nowNanos - sentNanos[slot] < keepNanos && mask + 1 < maxCapacity) {
                grow();
                slot = sequence & mask;
            }
            while (sequences[slot] >= 0) {
                evictOldest();
            }
        }
        packets[slot] = packet;
        frames[slot] = frame;
        sequences[slot] = sequence;
        bytes[slot] = length;
        sentNanos[slot] = nowNanos;
        resentNanos[slot] = Long.MIN_VALUE;
        heldBytes += length;
        if (count == 0) {
            oldest = sequence;
            newest = sequence;
        } else if (newer(oldest, sequence)) {
            oldest = sequence;
        } else if (newer(sequence, newest)) {
            newest = sequence;
        }
        count++;
    }

    /** The slot holding {@code sequence}, or -1 when it is not (or no longer) here. */
    int find(int sequence) {
        int slot = sequence & 0xFFFF & mask;
        return sequences[slot] == (sequence & 0xFFFF) ? slot : -1;
    }

    /** The packet in {@code slot}. */
    RtpPacket packet(int slot) {
        return packets[slot];
    }

    /** The frame of the packet in {@code slot}. */
    PacedFrame frame(int slot) {
        return frames[slot];
    }

    /** When the packet in {@code slot} was last put on the wire (first send or a resend). */
    long lastSentNanos(int slot) {
        return Math.max(sentNanos[slot], resentNanos[slot]);
    }

    /** Notes that the packet in {@code slot} was queued for a resend at {@code nowNanos}. */
    void resent(int slot, long nowNanos) {
        resentNanos[slot] = nowNanos;
    }

    /** Drops entries sent before {@code nowNanos - maxAgeNanos}, then oldest ones above {@code maxBytes}. */
    void expire(long nowNanos, long maxAgeNanos, long maxBytes) {
        while (count > 0) {
            int slot = oldest & mask;
            if (nowNanos - sentNanos[slot] > maxAgeNanos || heldBytes > maxBytes) {
                evictOldest();
            } else {
                return;
            }
        }
    }

    /** Drops every entry (the stream ends). */
    void clear() {
        while (count > 0) {
            evictOldest();
        }
    }

    private void evictOldest() {
        int slot = oldest & mask;
        RtpPacket packet = packets[slot];
        PacedFrame frame = frames[slot];
        packets[slot] = null;
        frames[slot] = null;
        sequences[slot] = -1;
        heldBytes -= bytes[slot];
        count--;
        if (count > 0) {
            do {
                oldest = (oldest + 1) & 0xFFFF;
            } while (sequences[oldest & mask] != oldest);
        }
        eviction.evicted(packet, frame);
    }

    /** Doubles the ring, keeping every entry at its sequence number's new slot. */
    private void grow() {
        RtpPacket[] oldPackets = packets;
        PacedFrame[] oldFrames = frames;
        int[] oldSequences = sequences;
        int[] oldBytes = bytes;
        long[] oldSent = sentNanos;
        long[] oldResent = resentNanos;
        allocate((mask + 1) * 2);
        for (int i = 0; i < oldSequences.length; i++) {
            int sequence = oldSequences[i];
            if (sequence >= 0) {
                int slot = sequence & mask;
                packets[slot] = oldPackets[i];
                frames[slot] = oldFrames[i];
                sequences[slot] = sequence;
                bytes[slot] = oldBytes[i];
                sentNanos[slot] = oldSent[i];
                resentNanos[slot] = oldResent[i];
            }
        }
    }

    /** True if sequence number {@code a} is newer than {@code b} (RFC 3550 arithmetic, mod 2^16). */
    private static boolean newer(int a, int b) {
        int d = (a - b) & 0xFFFF;
        return d != 0 && d < 0x8000;
    }
}

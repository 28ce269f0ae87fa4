package io.salvo.sender;

import io.salvo.pacer.FrameReleaser;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lock-free handoff from producers on any thread to the transmitter thread: a bounded
 * multi-producer, single-consumer ring of preallocated slots (Vyukov's sequence-per-slot queue).
 * Offering claims a slot with one CAS and publishes it with a release store; nothing is allocated.
 */
final class SubmissionRing {
    static final int FRAME = 0;
    static final int PACKET = 1;
    static final int ADD_STREAM = 2;
    static final int REMOVE_STREAM = 3;
    static final int ANCHOR = 4;

    /** One submission; fields are written by a producer before publishing, read by the consumer after. */
    static final class Slot {
        volatile long sequence;
        int kind;
        TransmitterStream stream;
        ByteBuffer buffer;
        int offset;
        int length;
        long rtpTimestamp;
        long captureNanos;
        boolean keyframe;
        long tag;
        FrameReleaser releaser;

        void clear() {
            stream = null;
            buffer = null;
            releaser = null;
        }
    }

    private final Slot[] slots;
    private final int mask;
    private final AtomicLong tail = new AtomicLong();
    private volatile long head;

    SubmissionRing(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("submission queue capacity must be a power of two >= 2, was " + capacity);
        }
        slots = new Slot[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new Slot();
            slots[i].sequence = i;
        }
        mask = capacity - 1;
    }

    /** Claims a slot to fill, or null when the ring is full; publish it with {@link #publish}. */
    Slot claim() {
        while (true) {
            long position = tail.get();
            Slot slot = slots[(int) position & mask];
            long sequence = slot.sequence;
            if (sequence == position) {
                if (tail.compareAndSet(position, position + 1)) {
                    return slot;
                }
            } else if (sequence < position) {
                return null;
            }
            Thread.onSpinWait();
        }
    }

    /** Makes a claimed and filled slot visible to the consumer. */
    void publish(Slot slot) {
        slot.sequence = slot.sequence + 1;
    }

    /** The next published slot, or null; hand it back with {@link #release} after reading. Consumer only. */
    Slot peek() {
        Slot slot = slots[(int) head & mask];
        return slot.sequence == head + 1 ? slot : null;
    }

    /** Frees the slot returned by {@link #peek} for producers. Consumer only. */
    void release(Slot slot) {
        slot.clear();
        slot.sequence = head + slots.length;
        head++;
    }

    /**
     * Submissions claimed but not yet fully consumed: 0 means every submission made before this
     * call has been taken and processed by the transmitter thread.
     */
    int size() {
        return (int) Math.max(0, tail.get() - head);
    }

    int capacity() {
        return slots.length;
    }
}

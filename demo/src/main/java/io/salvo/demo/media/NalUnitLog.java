package io.salvo.demo.media;

import io.salvo.packetizer.NalUnitList;

import java.nio.ByteBuffer;

/**
 * The NAL units a reader found in each access unit it split, handed from the reading thread to
 * the thread that packetizes the access units, so that the start codes are not searched twice
 * (the search is most of what packetizing an Annex B file costs). One producer
 * ({@link AnnexBSource}), one consumer (the packetizer's thread); a fixed ring of
 * {@link NalUnitList}s, nothing allocated once each has grown to the largest access unit's count.
 *
 * <p>The producer {@link #claim()}s a list, fills it and {@link #publish}es it with the access
 * unit's place; a full log takes nothing (that access unit is scanned as before). The consumer
 * {@link #find}s the list of the access unit it is given, skipping lists of access units that
 * were never handed on, and {@link #release()}s it once packetized.
 */
public final class NalUnitLog {
    private final NalUnitList[] units;
    private final ByteBuffer[] buffers;
    private final int[] offsets;
    private final int[] lengths;
    private final int mask;
    /** Next entry to consume; written by the consumer only. */
    private volatile long head;
    /** Next entry to publish; written by the producer only. */
    private volatile long tail;
    private long found = -1;
    private volatile long hits;
    private volatile long misses;

    /** A log of {@code capacity} access units (a power of two). */
    public NalUnitLog(int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("NAL unit log capacity must be a power of two, was " + capacity);
        }
        this.units = new NalUnitList[capacity];
        for (int i = 0; i < capacity; i++) {
            units[i] = new NalUnitList();
        }
        this.buffers = new ByteBuffer[capacity];
        this.offsets = new int[capacity];
        this.lengths = new int[capacity];
        this.mask = capacity - 1;
    }

    /** Producer: an empty list to fill with the next access unit's units, or null when the log is full. */
    NalUnitList claim() {
        long t = tail;
        if (t - head > mask) {
            return null;
        }
        NalUnitList list = units[(int) (t & mask)];
        list.clear();
        return list;
    }

    /** Producer: publishes the claimed list as that of the {@code length} bytes at {@code offset} of {@code buffer}. */
    void publish(ByteBuffer buffer, int offset, int length) {
        long t = tail;
        int slot = (int) (t & mask);
        buffers[slot] = buffer;
        offsets[slot] = offset;
        lengths[slot] = length;
        tail = t + 1;
    }

    /**
     * Consumer: the units of the access unit of {@code length} bytes at {@code offset} of
     * {@code frame}, valid until {@link #release()}, or null when the log has none. Lists
     * published before it are dropped: their access units were not handed on; a full log that
     * lacks it is emptied, so that it cannot stay clogged by such lists.
     */
    public NalUnitList find(ByteBuffer frame, int offset, int length) {
        long t = tail;
        for (long h = head; h < t; h++) {
            int slot = (int) (h & mask);
            if (buffers[slot] == frame && offsets[slot] == offset && lengths[slot] == length) {
                for (long dropped = head; dropped < h; dropped++) {
                    buffers[(int) (dropped & mask)] = null;
                }
                head = h;
                found = h;
                hits++;
                return units[slot];
            }
        }
        misses++;
        if (t - head > mask) {
            // full of access units never handed on (or ahead of this one): start afresh rather than stay clogged
            for (long dropped = head; dropped < t; dropped++) {
                buffers[(int) (dropped & mask)] = null;
            }
            head = t;
        }
        return null;
    }

    /** Consumer: done with the list {@link #find} returned; its slot may be filled again. */
    public void release() {
        if (found < 0) {
            throw new IllegalStateException("no NAL unit list was found to release");
        }
        buffers[(int) (found & mask)] = null;
        head = found + 1;
        found = -1;
    }

    /** Access units the consumer found here. */
    public long hits() {
        return hits;
    }

    /** Access units the consumer did not find here (and scanned). */
    public long misses() {
        return misses;
    }
}

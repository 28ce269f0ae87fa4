package io.salvo.demo.media;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The access units {@link AnnexBSource} has split but not yet returned, in decode order, and the
 * display index of each: its rank by picture order count (ties in decode order) within its coded
 * video sequence, counted from the sequence's first frame.
 *
 * <p>Display indexes are handed out in display order, to the unassigned frame with the lowest
 * picture order count, once that one cannot be undercut any more: when a new sequence starts
 * (the previous one is complete), at the end of the data, or when more than {@link #REORDER}
 * frames wait. The last case is exact for any conforming stream: a later frame with a lower count
 * would follow all {@code REORDER + 1} waiting frames in decode order and precede them in output
 * order, more than the reorder depth the standards allow (H.264 {@code max_num_reorder_frames}
 * ≤ 16, H.265 {@code sps_max_num_reorder_pics} ≤ 15). Within a sequence the indexes are always a
 * permutation, so presentation times never collide.
 *
 * <p>Storage is a ring of parallel arrays that doubles when full; the caller bounds its size.
 * Nothing is allocated once it has reached the size a stream needs. Each frame keeps the window of
 * the file it lies in (frames split before the reader moved on hold the window they were found in).
 */
final class ReorderWindow {
    /** Frames allowed to wait for their display index before the lowest one is assigned. */
    static final int REORDER = PictureHeaders.MAX_REORDER;
    private static final int UNASSIGNED = -1;

    private ByteBuffer[] buffers = new ByteBuffer[64];
    private int[] offsets = new int[64];
    private long[] fileOffsets = new long[64];
    private int[] lengths = new int[64];
    private boolean[] keyframes = new boolean[64];
    private long[] orders = new long[64];
    private int[] displays = new int[64];
    private int mask = 63;
    private int head;
    private int size;
    private int headIndex;
    private int unassigned;
    private int sequenceStart;
    private int assignedInSequence;
    private long assignedTotal;
    private int maxLag;

    /** Frames waiting (assigned or not). */
    int size() {
        return size;
    }

    /** Display indexes handed out since {@link #clear()}. */
    long assigned() {
        return assignedTotal;
    }

    /** Largest decode index minus display index among the frames assigned so far (0 at least). */
    int maxLag() {
        return maxLag;
    }

    /**
     * Appends the next frame in decode order: {@code length} bytes at {@code offset} of
     * {@code buffer}, byte {@code fileOffset} of the file.
     */
    void add(ByteBuffer buffer, int offset, long fileOffset, int length, boolean keyframe, long order,
             boolean startsSequence) {
        if (startsSequence) {
            assignAll();
            sequenceStart = headIndex + size;
            assignedInSequence = 0;
        }
        if (size == offsets.length) {
            grow();
        }
        int slot = (head + size) & mask;
        buffers[slot] = buffer;
        offsets[slot] = offset;
        fileOffsets[slot] = fileOffset;
        lengths[slot] = length;
        keyframes[slot] = keyframe;
        orders[slot] = order;
        displays[slot] = UNASSIGNED;
        size++;
        unassigned++;
        if (unassigned > REORDER) {
            assignLowest();
        }
    }

    /** The data ended: every waiting frame gets its display index. */
    void assignAll() {
        while (unassigned > 0) {
            assignLowest();
        }
    }

    /**
     * Gives the oldest frame the next display index even if a waiting frame has a lower count:
     * the way out for a stream that holds more frames back than the caller allows.
     */
    void assignOldest() {
        if (size > 0 && displays[head] == UNASSIGNED) {
            assign(head, headIndex);
        }
    }

    /** True when the oldest frame is waiting and has its display index. */
    boolean oldestReady() {
        return size > 0 && displays[head] != UNASSIGNED;
    }

    /** Decode index of the oldest frame (frames are numbered from 0 since {@link #clear()}). */
    int oldestIndex() {
        return headIndex;
    }

    /** The window of the file holding the oldest frame. */
    ByteBuffer oldestBuffer() {
        return buffers[head];
    }

    /** First byte of the oldest frame in {@link #oldestBuffer()}. */
    int oldestOffset() {
        return offsets[head];
    }

    /** First byte of the oldest frame in the file. */
    long oldestFileOffset() {
        return fileOffsets[head];
    }

    /** Length of the oldest frame. */
    int oldestLength() {
        return lengths[head];
    }

    /** Whether the oldest frame holds an IDR / IRAP picture. */
    boolean oldestKeyframe() {
        return keyframes[head];
    }

    /** Display index of the oldest frame, once {@link #oldestReady()}. */
    int oldestDisplay() {
        return displays[head];
    }

    /** Drops the oldest frame (once returned), and its reference to its window. */
    void removeOldest() {
        buffers[head] = null;
        head = (head + 1) & mask;
        size--;
        headIndex++;
    }

    /** Forgets every frame (and their windows) and starts numbering from 0 again. */
    void clear() {
        Arrays.fill(buffers, null);
        head = 0;
        size = 0;
        headIndex = 0;
        unassigned = 0;
        sequenceStart = 0;
        assignedInSequence = 0;
        assignedTotal = 0;
        maxLag = 0;
    }

    private void assignLowest() {
        int best = -1;
        int bestIndex = 0;
        for (int k = 0; k < size; k++) {
            int slot = (head + k) & mask;
            if (displays[slot] == UNASSIGNED && (best < 0 || orders[slot] < orders[best])) {
                best = slot;
                bestIndex = headIndex + k;
            }
        }
        assign(best, bestIndex);
    }

    private void assign(int slot, int decodeIndex) {
        int display = sequenceStart + assignedInSequence++;
        displays[slot] = display;
        unassigned--;
        assignedTotal++;
        maxLag = Math.max(maxLag, decodeIndex - display);
    }

    private void grow() {
        int capacity = offsets.length * 2;
        ByteBuffer[] b = new ByteBuffer[capacity];
        for (int i = 0; i < size; i++) {
            b[i] = buffers[(head + i) & mask];
        }
        buffers = b;
        offsets = unroll(offsets, capacity);
        fileOffsets = unroll(fileOffsets, capacity);
        lengths = unroll(lengths, capacity);
        orders = unroll(orders, capacity);
        displays = unroll(displays, capacity);
        boolean[] k = new boolean[capacity];
        for (int i = 0; i < size; i++) {
            k[i] = keyframes[(head + i) & mask];
        }
        keyframes = k;
        head = 0;
        mask = capacity - 1;
    }

    private int[] unroll(int[] ring, int capacity) {
        int[] copy = new int[capacity];
        for (int i = 0; i < size; i++) {
            copy[i] = ring[(head + i) & mask];
        }
        return copy;
    }

    private long[] unroll(long[] ring, int capacity) {
        long[] copy = new long[capacity];
        for (int i = 0; i < size; i++) {
            copy[i] = ring[(head + i) & mask];
        }
        return copy;
    }
}

package io.salvo.packetizer;

import java.nio.ByteBuffer;

/**
 * Splits a VP9 chunk into its frames using the superframe index (VP9 bitstream specification
 * Annex B), or sees one frame when there is no index. Reusable; allocation-free.
 *
 * <pre>
 * [frame 0][frame 1]...[marker][size 0]...[size n-1][marker]
 * marker: 110 | bytes_per_framesize_minus_1 (2) | frames_in_superframe_minus_1 (3)
 * sizes:  little-endian, bytes_per_framesize bytes each
 * </pre>
 */
final class Vp9Superframe {
    static final int MAX_FRAMES = 8;
    static final int MARKER_MASK = 0xE0;
    static final int MARKER = 0xC0;

    final int[] frameOffsets = new int[MAX_FRAMES];
    final int[] frameLengths = new int[MAX_FRAMES];
    int frameCount;
    /** Bytes of the index at the end of the chunk (0 without one). */
    int indexLength;

    /**
     * Finds the frames of the {@code length}-byte chunk at {@code offset}.
     *
     * @throws IllegalArgumentException naming the offset when the index does not match the chunk
     */
    void parse(ByteBuffer chunk, int offset, int length) {
        frameCount = 1;
        frameOffsets[0] = offset;
        frameLengths[0] = length;
        indexLength = 0;
        if (length < 1) {
            return;
        }
        int marker = chunk.get(offset + length - 1) & 0xFF;
        if ((marker & MARKER_MASK) != MARKER) {
            return;
        }
        int sizeBytes = ((marker >>> 3) & 3) + 1;
        int frames = (marker & 7) + 1;
        int index = 2 + sizeBytes * frames;
        if (length < index || (chunk.get(offset + length - index) & 0xFF) != marker) {
            return;
        }
        int at = offset + length - index + 1;
        int frameOffset = offset;
        int available = length - index;
        for (int i = 0; i < frames; i++) {
            int size = 0;
            for (int b = 0; b < sizeBytes; b++) {
                size |= (chunk.get(at++) & 0xFF) << (8 * b);
            }
            if (size <= 0 || size > offset + available - frameOffset) {
                throw new IllegalArgumentException("VP9 superframe at offset " + offset + ": frame " + i + " of " + frames
                        + " has size " + (size & 0xFFFF_FFFFL) + ", but " + (offset + available - frameOffset)
                        + " bytes remain before the " + index + "-byte index");
            }
            frameOffsets[i] = frameOffset;
            frameLengths[i] = size;
            frameOffset += size;
        }
        frameCount = frames;
        indexLength = index;
    }
}

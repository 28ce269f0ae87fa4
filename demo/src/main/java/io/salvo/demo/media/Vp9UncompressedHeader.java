package io.salvo.demo.media;

import java.nio.ByteBuffer;

/**
 * The first bits of a VP9 uncompressed header (VP9 bitstream spec §6.2), enough to tell a key
 * frame, read MSB first:
 * <pre>
 *  frame_marker (2) = 2 | profile_low_bit (1) | profile_high_bit (1) | [reserved_zero (1) if profile 3]
 *  | show_existing_frame (1) | frame_type (1, 0 = KEY_FRAME) | ...
 * </pre>
 * A superframe (several frames and an index at the end) starts with its first frame, so reading
 * the header at the start of an IVF frame judges the superframe by its first frame, which is the
 * key frame when there is one.
 */
final class Vp9UncompressedHeader {
    private static final int FRAME_MARKER = 2;
    private static final int KEY_FRAME = 0;

    private Vp9UncompressedHeader() {
    }

    /** Whether the frame (or superframe) at {@code [offset, offset + length)} starts with a key frame. */
    static boolean isKeyFrame(ByteBuffer buffer, int offset, int length) {
        if (length < 1) {
            return false;
        }
        int b = buffer.get(offset) & 0xFF;
        if (b >>> 6 != FRAME_MARKER) {
            return false;
        }
        int profile = ((b >>> 4) & 1) << 1 | ((b >>> 5) & 1);
        int bit = 4; // index, from the MSB, of the next bit of b
        if (profile == 3) {
            bit++; // reserved_zero
        }
        boolean showExistingFrame = ((b >>> (7 - bit)) & 1) == 1;
        bit++;
        return !showExistingFrame && ((b >>> (7 - bit)) & 1) == KEY_FRAME;
    }
}

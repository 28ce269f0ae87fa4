package io.salvo.demo.media;

import java.nio.ByteBuffer;

/**
 * The VP8 frame tag (RFC 6386 §9.1), enough to tell a key frame:
 * <pre>
 *  byte 0: | size0 (3) | show_frame (1) | version (3) | frame_type (1, 0 = key frame) |  (LSB right)
 *  bytes 1-2: rest of the 19-bit first partition size
 *  key frames only, bytes 3-5: start code 9d 01 2a, then 14-bit width and height (+ 2-bit scale each)
 * </pre>
 */
final class Vp8FrameTag {
    /** Bytes of the frame tag plus the key frame start code and dimensions. */
    static final int KEY_FRAME_HEADER_LENGTH = 10;
    private static final int START_CODE_0 = 0x9d;
    private static final int START_CODE_1 = 0x01;
    private static final int START_CODE_2 = 0x2a;

    private Vp8FrameTag() {
    }

    /** Whether the frame at {@code [offset, offset + length)} is a key frame with a valid start code. */
    static boolean isKeyFrame(ByteBuffer buffer, int offset, int length) {
        return length >= KEY_FRAME_HEADER_LENGTH
                && (buffer.get(offset) & 1) == 0
                && (buffer.get(offset + 3) & 0xFF) == START_CODE_0
                && (buffer.get(offset + 4) & 0xFF) == START_CODE_1
                && (buffer.get(offset + 5) & 0xFF) == START_CODE_2;
    }
}

package io.salvo.packetizer;

import java.nio.ByteBuffer;

/**
 * Reads the first fields of a VP9 frame's uncompressed header (VP9 bitstream specification
 * §6.2): profile, show_existing_frame, frame_type, show_frame, intra_only, the reference slots
 * the frame refreshes and reads, and a key frame's size. Reusable; allocation-free.
 *
 * <pre>
 * frame_marker f(2) = 2 | profile_low_bit f(1) | profile_high_bit f(1) | [reserved_zero f(1) if profile 3]
 * show_existing_frame f(1) → frame_to_show_map_idx f(3)
 * frame_type f(1) (0 = KEY_FRAME) | show_frame f(1) | error_resilient_mode f(1)
 * key frame:   frame_sync_code 0x49 0x83 0x42, color_config(), frame_width_minus_1 f(16), frame_height_minus_1 f(16)
 * inter frame: [intra_only f(1) if !show_frame] [reset_frame_context f(2) if !error_resilient_mode]
 *              intra-only: frame_sync_code, [color_config() if profile > 0], refresh_frame_flags f(8), frame size
 *              otherwise:  refresh_frame_flags f(8), 3 × (ref_frame_idx f(3), sign_bias f(1))
 * </pre>
 */
final class Vp9FrameHeader {
    static final int FRAME_MARKER = 2;
    static final int SYNC_CODE = 0x498342;
    static final int CS_RGB = 7;

    private final BitReader reader = new BitReader();
    int profile;
    boolean showExistingFrame;
    boolean keyframe;
    boolean intraOnly;
    boolean showFrame;
    /** Reference slots this frame writes (bit i = slot i). */
    int refreshFlags;
    /** Reference slots this frame reads (bit i = slot i); a shown existing frame reads its slot. */
    int referencedSlots;
    int width;
    int height;

    /** True when the frame uses inter-picture prediction: neither key frame nor intra-only. */
    boolean interPredicted() {
        return !keyframe && !intraOnly;
    }

    /**
     * Parses the header of the {@code length}-byte frame at {@code offset}.
     *
     * @throws IllegalArgumentException naming the offset when the header is malformed or truncated
     */
    void parse(ByteBuffer frame, int offset, int length) {
        BitReader r = reader.wrap(frame, offset, length);
        keyframe = intraOnly = showExistingFrame = false;
        refreshFlags = referencedSlots = width = height = 0;
        int marker = (int) r.bits(2);
        if (length < 1 || marker != FRAME_MARKER) {
            throw new IllegalArgumentException("VP9 frame at offset " + offset + ": frame_marker is "
                    + (length < 1 ? "missing (empty frame)" : marker) + ", expected 2");
        }
        int low = r.bit();
        profile = (r.bit() << 1) | low;
        if (profile == 3 && r.bit() != 0) {
            throw new IllegalArgumentException("VP9 frame at offset " + offset + ": reserved_zero bit after profile 3 is 1");
        }
        showExistingFrame = r.flag();
        if (showExistingFrame) {
            referencedSlots = 1 << r.bits(3);
            checkOverrun(r, offset, length);
            showFrame = true;
            return;
        }
        keyframe = r.bit() == 0;
        showFrame = r.flag();
        boolean errorResilient = r.flag();
        if (keyframe) {
            syncCode(r, offset);
            colorConfig(r);
            frameSize(r);
            refreshFlags = 0xFF;
        } else {
            intraOnly = !showFrame && r.flag();
            if (!errorResilient) {
                r.skip(2);
            }
            if (intraOnly) {
                syncCode(r, offset);
                if (profile > 0) {
                    colorConfig(r);
                }
                refreshFlags = (int) r.bits(8);
                frameSize(r);
            } else {
                refreshFlags = (int) r.bits(8);
                for (int i = 0; i < 3; i++) {
                    referencedSlots |= 1 << r.bits(3);
                    r.skip(1);
                }
            }
        }
        checkOverrun(r, offset, length);
    }

    private void syncCode(BitReader r, int offset) {
        int code = (int) r.bits(24);
        if (code != SYNC_CODE && !r.overrun()) {
            throw new IllegalArgumentException(String.format(
                    "VP9 frame at offset %d: frame_sync_code is 0x%06x, expected 0x498342", offset, code));
        }
    }

    private void colorConfig(BitReader r) {
        if (profile >= 2) {
            r.skip(1);
        }
        int colorSpace = (int) r.bits(3);
        if (colorSpace != CS_RGB) {
            r.skip(1);
            if (profile == 1 || profile == 3) {
                r.skip(3);
            }
        } else if (profile == 1 || profile == 3) {
            r.skip(1);
        }
    }

    private void frameSize(BitReader r) {
        width = (int) r.bits(16) + 1;
        height = (int) r.bits(16) + 1;
    }

    private static void checkOverrun(BitReader r, int offset, int length) {
        if (r.overrun()) {
            throw new IllegalArgumentException("VP9 frame at offset " + offset + ": uncompressed header runs past the end of the "
                    + length + "-byte frame");
        }
    }
}

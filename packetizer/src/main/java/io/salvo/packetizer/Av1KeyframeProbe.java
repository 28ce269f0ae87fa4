package io.salvo.packetizer;

import java.nio.ByteBuffer;

/**
 * Tells whether an AV1 temporal unit (low-overhead format, as in IVF) is a key frame without
 * validating it, for readers. It is when it carries a sequence header OBU and its first frame
 * header (in an OBU_FRAME or OBU_FRAME_HEADER) has {@code show_existing_frame = 0} and
 * {@code frame_type = KEY_FRAME}, or the sequence header sets {@code reduced_still_picture_header}
 * (every frame is then a key frame). A shown existing key frame is a repeat a receiver cannot
 * start from, so it does not count. Malformed OBUs end the walk with "not a key frame";
 * {@link Av1Packetizer} validates.
 */
final class Av1KeyframeProbe {
    private static final int KEY_FRAME = 0;

    private Av1KeyframeProbe() {
    }

    static boolean isKeyframe(ByteBuffer unit, int offset, int length) {
        int end = offset + length;
        int p = offset;
        boolean sequenceHeader = false;
        boolean reducedStillPicture = false;
        while (p < end) {
            int header = unit.get(p++) & 0xFF;
            if ((header & 0x80) != 0) {
                return false; // obu_forbidden_bit
            }
            int type = (header >>> 3) & 0xF;
            if ((header & 0x04) != 0) {
                p++; // extension byte
            }
            long size;
            if ((header & 0x02) != 0) {
                long packed = Leb128.read(unit, p, end);
                if (packed < 0) {
                    return false;
                }
                size = Leb128.value(packed);
                p += Leb128.length(packed);
            } else {
                size = end - p;
            }
            if (p > end || size > end - p) {
                return false;
            }
            if (type == Av1Packetizer.OBU_SEQUENCE_HEADER) {
                if (size < 1) {
                    return false;
                }
                sequenceHeader = true;
                reducedStillPicture = (unit.get(p) & 0x08) != 0; // seq_profile(3) still_picture(1) reduced(1)
            } else if (type == Av1Packetizer.OBU_FRAME || type == Av1Packetizer.OBU_FRAME_HEADER) {
                if (!sequenceHeader || size < 1) {
                    return false;
                }
                if (reducedStillPicture) {
                    return true;
                }
                int b = unit.get(p) & 0xFF;
                boolean showExistingFrame = (b & 0x80) != 0;
                return !showExistingFrame && ((b >>> 5) & 0x3) == KEY_FRAME;
            }
            p += (int) size;
        }
        return false;
    }
}

package io.salvo.demo.media;

import java.nio.ByteBuffer;

/**
 * Walks the OBUs of an AV1 temporal unit (AV1 spec §5.3, low-overhead format as in IVF) to tell a
 * key frame. OBU header, MSB first:
 * <pre>
 *  forbidden (1) | obu_type (4) | extension_flag (1) | has_size_field (1) | reserved (1)
 *  [extension byte: temporal_id (3) | spatial_id (2) | reserved (3)]   if extension_flag
 *  [obu_size: leb128]                                                  if has_size_field
 * </pre>
 * A temporal unit is a key frame when it carries a sequence header OBU and its first frame header
 * (in an OBU_FRAME or OBU_FRAME_HEADER) has {@code show_existing_frame = 0} and
 * {@code frame_type = KEY_FRAME}, or the sequence header sets {@code reduced_still_picture_header}
 * (every frame is then a key frame). A shown existing key frame ({@code show_existing_frame = 1})
 * is not counted: it is a repeat, and a receiver cannot start decoding there. Malformed OBUs end
 * the walk with "not a key frame"; validating the bitstream is the packetizer's job.
 */
final class Av1TemporalUnit {
    static final int OBU_SEQUENCE_HEADER = 1;
    static final int OBU_FRAME_HEADER = 3;
    static final int OBU_FRAME = 6;
    private static final int KEY_FRAME = 0;

    private Av1TemporalUnit() {
    }

    /** Whether the temporal unit at {@code [offset, offset + length)} is a key frame (see class doc). */
    static boolean isKeyFrame(ByteBuffer buffer, int offset, int length) {
        int end = offset + length;
        int p = offset;
        boolean sequenceHeader = false;
        boolean reducedStillPicture = false;
        while (p < end) {
            int header = buffer.get(p++) & 0xFF;
            int type = (header >>> 3) & 0xF;
            if ((header & 0x80) != 0) {
                return false; // forbidden bit
            }
            if ((header & 0x04) != 0) {
                p++; // extension byte
            }
            long size;
            if ((header & 0x02) != 0) {
                long value = 0;
                int shift = 0;
                int b;
                do {
                    if (p >= end || shift > 56) {
                        return false;
                    }
                    b = buffer.get(p++) & 0xFF;
                    value |= (long) (b & 0x7F) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0);
                size = value;
            } else {
                size = end - p;
            }
            if (p > end || size > end - p) {
                return false;
            }
            if (type == OBU_SEQUENCE_HEADER) {
                if (size < 1) {
                    return false;
                }
                sequenceHeader = true;
                reducedStillPicture = (buffer.get(p) & 0x08) != 0; // seq_profile(3) still_picture(1) reduced(1)
            } else if (type == OBU_FRAME || type == OBU_FRAME_HEADER) {
                if (!sequenceHeader || size < 1) {
                    return false;
                }
                if (reducedStillPicture) {
                    return true;
                }
                int b = buffer.get(p) & 0xFF;
                boolean showExistingFrame = (b & 0x80) != 0;
                return !showExistingFrame && ((b >>> 5) & 0x3) == KEY_FRAME;
            }
            p += (int) size;
        }
        return false;
    }
}

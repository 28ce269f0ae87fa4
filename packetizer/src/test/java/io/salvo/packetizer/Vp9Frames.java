package io.salvo.packetizer;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/** Builds VP9 frames with real uncompressed headers (VP9 spec §6.2) and random tails, for tests. */
final class Vp9Frames {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int current;
    private int bits;

    private Vp9Frames() {
    }

    private Vp9Frames put(long value, int count) {
        for (int i = count - 1; i >= 0; i--) {
            current = current << 1 | (int) ((value >>> i) & 1);
            if (++bits == 8) {
                out.write(current);
                current = 0;
                bits = 0;
            }
        }
        return this;
    }

    private byte[] finish(int length, Random random) {
        while (bits != 0) {
            put(random.nextInt(2), 1);
        }
        while (out.size() < length) {
            out.write(random.nextInt(256));
        }
        byte[] frame = out.toByteArray();
        if ((frame[frame.length - 1] & 0xE0) == 0xC0) {
            frame[frame.length - 1] = 0; // as libvpx, never end a frame with what looks like an index marker
        }
        return frame;
    }

    /** A profile-0 key frame of {@code length} bytes (at least 10). */
    static byte[] keyframe(int width, int height, int length, Random random) {
        return new Vp9Frames().put(2, 2).put(0, 2).put(0, 1) // frame_marker, profile 0, show_existing_frame 0
                .put(0, 1).put(1, 1).put(0, 1)                 // KEY_FRAME, show_frame, error_resilient_mode 0
                .put(0x498342, 24)                             // frame_sync_code
                .put(2, 3).put(0, 1)                           // color_space BT.709, color_range
                .put(width - 1, 16).put(height - 1, 16)        // frame_width_minus_1, frame_height_minus_1
                .finish(length, random);
    }

    /** A profile-0 inter frame that refreshes {@code refresh} and reads slots {@code a}, {@code b}, {@code c}. */
    static byte[] inter(boolean show, int refresh, int a, int b, int c, int length, Random random) {
        Vp9Frames f = new Vp9Frames().put(2, 2).put(0, 2).put(0, 1)
                .put(1, 1).put(show ? 1 : 0, 1).put(0, 1); // NON_KEY_FRAME, show_frame, error_resilient_mode 0
        if (!show) {
            f.put(0, 1); // intra_only 0
        }
        return f.put(0, 2).put(refresh, 8)              // reset_frame_context, refresh_frame_flags
                .put(a, 3).put(0, 1).put(b, 3).put(0, 1).put(c, 3).put(0, 1) // ref_frame_idx, sign_bias
                .finish(length, random);
    }

    /** A profile-0 hidden intra-only frame refreshing {@code refresh}. */
    static byte[] intraOnly(int refresh, int length, Random random) {
        return new Vp9Frames().put(2, 2).put(0, 2).put(0, 1)
                .put(1, 1).put(0, 1).put(0, 1).put(1, 1)    // NON_KEY_FRAME, hidden, error_resilient 0, intra_only
                .put(0, 2).put(0x498342, 24).put(refresh, 8) // reset_frame_context, sync code, refresh_frame_flags
                .put(63, 16).put(31, 16)                     // frame size 64x32
                .finish(length, random);
    }

    /** A frame showing reference slot {@code slot}. */
    static byte[] showExisting(int slot) {
        return new Vp9Frames().put(2, 2).put(0, 2).put(1, 1).put(slot, 3).finish(1, new Random(0));
    }

    /** A superframe of {@code frames} with a 2-byte-size index. */
    static byte[] superframe(byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            out.write(frame, 0, frame.length);
        }
        int marker = 0xC0 | (1 << 3) | (frames.length - 1); // 2 bytes per size
        out.write(marker);
        for (byte[] frame : frames) {
            out.write(frame.length & 0xFF);
            out.write(frame.length >>> 8);
        }
        out.write(marker);
        return out.toByteArray();
    }
}

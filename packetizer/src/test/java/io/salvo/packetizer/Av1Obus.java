package io.salvo.packetizer;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/** Builds AV1 OBUs and temporal units for tests. */
final class Av1Obus {
    /**
     * A sequence header payload: profile 0, not reduced, no timing info, one operating point,
     * seq_level_idx 8, seq_tier 1 (AV1 §5.5.1), then 2 more bytes.
     */
    static final byte[] SEQUENCE_HEADER = VpxPackets.hex("00 00 00 44 aa bb");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Appends an OBU with a size field; {@code layer} is {@code tid << 2 | sid}, or -1 for no extension. */
    Av1Obus obu(int type, int layer, byte[] payload) {
        return obu(type, layer, payload, true);
    }

    Av1Obus obu(int type, int layer, byte[] payload, boolean sizeField) {
        out.write(type << 3 | (layer >= 0 ? 0x04 : 0) | (sizeField ? 0x02 : 0));
        if (layer >= 0) {
            out.write(layer << 3);
        }
        if (sizeField) {
            int size = payload.length;
            do {
                int b = size & 0x7F;
                size >>>= 7;
                out.write(size != 0 ? b | 0x80 : b);
            } while (size != 0);
        }
        out.write(payload, 0, payload.length);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** A frame OBU payload: key frame (show_existing_frame 0, frame_type 0) or inter (frame_type 1). */
    static byte[] framePayload(boolean key, int length, Random random) {
        byte[] payload = new byte[Math.max(1, length)];
        random.nextBytes(payload);
        payload[0] = (byte) (key ? 0x10 : 0x30);
        return payload;
    }

    static byte[] random(int length, Random random) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}

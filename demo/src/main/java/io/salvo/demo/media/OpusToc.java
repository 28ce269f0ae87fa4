package io.salvo.demo.media;

import java.nio.ByteBuffer;

/**
 * The duration of an Opus packet from its TOC byte (RFC 6716 §3.1), in 48 kHz samples:
 * <pre>
 *  TOC: | config (5 bits) | s (1) | c (2) |
 *  config 0-11  SILK-only:  10, 20, 40, 60 ms  (config % 4)
 *  config 12-15 Hybrid:     10, 20 ms          (config % 2)
 *  config 16-31 CELT-only:  2.5, 5, 10, 20 ms  (config % 4)
 *  c = 0: 1 frame, 1 or 2: 2 frames, 3: the next byte holds the count M in its low 6 bits
 * </pre>
 */
final class OpusToc {
    /** Longest packet: 120 ms at 48 kHz (RFC 6716 §3.2.5). */
    static final int MAX_SAMPLES = 5760;
    private static final int[] SILK = {480, 960, 1920, 2880};
    private static final int[] HYBRID = {480, 960};
    private static final int[] CELT = {120, 240, 480, 960};

    private OpusToc() {
    }

    /** Samples per frame at 48 kHz for a TOC byte. */
    static int frameSamples(int toc) {
        int config = (toc & 0xFF) >>> 3;
        if (config < 12) {
            return SILK[config & 3];
        }
        return config < 16 ? HYBRID[config & 1] : CELT[config & 3];
    }

    /**
     * Duration in 48 kHz samples of the packet at {@code [offset, offset + length)}, or -1 when it
     * cannot be a valid packet (empty, code 3 without its count byte or with 0 frames, over 120 ms).
     */
    static int samples(ByteBuffer b, int offset, int length) {
        if (length < 1) {
            return -1;
        }
        int toc = b.get(offset) & 0xFF;
        int frames;
        switch (toc & 3) {
            case 0:
                frames = 1;
                break;
            case 1:
            case 2:
                frames = 2;
                break;
            default:
                if (length < 2) {
                    return -1;
                }
                frames = b.get(offset + 1) & 0x3F;
                break;
        }
        int samples = frames * frameSamples(toc);
        return frames == 0 || samples > MAX_SAMPLES ? -1 : samples;
    }
}

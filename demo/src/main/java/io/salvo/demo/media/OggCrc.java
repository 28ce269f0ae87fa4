package io.salvo.demo.media;

import java.nio.ByteBuffer;

/**
 * The Ogg page checksum (RFC 3533 §6): CRC-32 with generator polynomial 0x04C11DB7, MSB first (no
 * reflection), initial value 0, no final XOR, over the whole page with its CRC field taken as zero.
 */
final class OggCrc {
    static final int POLYNOMIAL = 0x04C11DB7;
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                r = (r & 0x8000_0000) != 0 ? (r << 1) ^ POLYNOMIAL : r << 1;
            }
            TABLE[i] = r;
        }
    }

    private OggCrc() {
    }

    /** Continues {@code crc} over the bytes {@code [from, to)} of {@code buffer}. */
    static int update(int crc, ByteBuffer buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ buffer.get(i)) & 0xFF];
        }
        return crc;
    }

    /** Continues {@code crc} over {@code count} zero bytes. */
    static int updateZeros(int crc, int count) {
        for (int i = 0; i < count; i++) {
            crc = (crc << 8) ^ TABLE[(crc >>> 24) & 0xFF];
        }
        return crc;
    }
}

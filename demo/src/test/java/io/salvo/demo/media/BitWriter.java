package io.salvo.demo.media;

import java.io.ByteArrayOutputStream;

/** Writes bit fields and exp-Golomb codes for synthetic NAL units in tests (no emulation prevention). */
final class BitWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int current;
    private int bits;

    BitWriter u(int count, long value) {
        for (int i = count - 1; i >= 0; i--) {
            current = (current << 1) | (int) ((value >>> i) & 1);
            if (++bits == 8) {
                out.write(current);
                current = 0;
                bits = 0;
            }
        }
        return this;
    }

    BitWriter ue(long value) {
        long code = value + 1;
        int length = 64 - Long.numberOfLeadingZeros(code);
        return u(length - 1, 0).u(length, code);
    }

    /** rbsp_trailing_bits, then the bytes. */
    byte[] finish() {
        u(1, 1);
        while (bits != 0) {
            u(1, 0);
        }
        return out.toByteArray();
    }
}

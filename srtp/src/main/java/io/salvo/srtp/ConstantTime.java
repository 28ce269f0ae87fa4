package io.salvo.srtp;

import java.nio.ByteBuffer;

/** Tag comparisons whose time does not depend on where the bytes differ. */
final class ConstantTime {
    private ConstantTime() {
    }

    /** True when {@code length} bytes of {@code a} at {@code aOffset} equal those of {@code b} at {@code bOffset}. */
    static boolean equal(byte[] a, int aOffset, byte[] b, int bOffset, int length) {
        int difference = 0;
        for (int i = 0; i < length; i++) {
            difference |= a[aOffset + i] ^ b[bOffset + i];
        }
        return difference == 0;
    }

    /** The same over two buffers at absolute indexes. */
    static boolean equal(ByteBuffer a, int aOffset, ByteBuffer b, int bOffset, int length) {
        int difference = 0;
        for (int i = 0; i < length; i++) {
            difference |= a.get(aOffset + i) ^ b.get(bOffset + i);
        }
        return difference == 0;
    }
}

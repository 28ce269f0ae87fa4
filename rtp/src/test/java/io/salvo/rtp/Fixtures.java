package io.salvo.rtp;

import java.nio.ByteBuffer;

/** Builds test buffers from byte values, at an offset, with recognisable filler around them. */
final class Fixtures {
    private Fixtures() {
    }

    /** A heap buffer holding {@code bytes} at {@code offset}, filled with 0xEE before and after. */
    static ByteBuffer at(int offset, int... bytes) {
        ByteBuffer buffer = ByteBuffer.allocate(offset + bytes.length + 8);
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, (byte) 0xEE);
        }
        for (int i = 0; i < bytes.length; i++) {
            buffer.put(offset + i, (byte) bytes[i]);
        }
        return buffer;
    }

    /** The {@code length} bytes at {@code offset} as unsigned ints. */
    static int[] bytes(ByteBuffer buffer, int offset, int length) {
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = buffer.get(offset + i) & 0xFF;
        }
        return out;
    }
}

package io.salvo.rtcp;

import java.nio.ByteBuffer;

/** Builds test buffers from byte values, at an offset, with recognisable filler around them. */
final class Fixtures {
    /** The filler byte around every fixture. */
    static final int FILLER = 0xEE;

    private Fixtures() {
    }

    /** A heap buffer holding {@code bytes} at {@code offset}, filled with 0xEE before and after. */
    static ByteBuffer at(int offset, int... bytes) {
        ByteBuffer buffer = filled(offset + bytes.length + 8);
        for (int i = 0; i < bytes.length; i++) {
            buffer.put(offset + i, (byte) bytes[i]);
        }
        return buffer;
    }

    /** A heap buffer of {@code capacity} bytes, all 0xEE. */
    static ByteBuffer filled(int capacity) {
        ByteBuffer buffer = ByteBuffer.allocate(capacity);
        for (int i = 0; i < capacity; i++) {
            buffer.put(i, (byte) FILLER);
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

    /** The packets one after the other, as one compound datagram. */
    static int[] concat(int[]... packets) {
        int length = 0;
        for (int[] packet : packets) {
            length += packet.length;
        }
        int[] out = new int[length];
        int at = 0;
        for (int[] packet : packets) {
            System.arraycopy(packet, 0, out, at, packet.length);
            at += packet.length;
        }
        return out;
    }

    /** A copy of {@code bytes} with {@code values} written from {@code index} on. */
    static int[] patched(int[] bytes, int index, int... values) {
        int[] out = bytes.clone();
        System.arraycopy(values, 0, out, index, values.length);
        return out;
    }

    /** The first {@code length} values of {@code bytes}. */
    static int[] prefix(int[] bytes, int length) {
        return java.util.Arrays.copyOf(bytes, length);
    }
}

package io.salvo.packetizer;

import java.nio.ByteBuffer;

/** Puts a fixture at a non-zero offset of a bigger direct buffer, so offsets are exercised. */
final class KeyFrameTestBytes {
    /** Junk bytes before the fixture. */
    static final int OFFSET = 3;

    private KeyFrameTestBytes() {
    }

    /** A direct buffer: 3 bytes of 0xFF, the fixture, 2 more bytes of 0xFF (never part of the frame). */
    static ByteBuffer atOffset(int... bytes) {
        ByteBuffer b = ByteBuffer.allocateDirect(OFFSET + bytes.length + 2);
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, (byte) 0xFF);
        }
        for (int i = 0; i < bytes.length; i++) {
            b.put(OFFSET + i, (byte) bytes[i]);
        }
        return b;
    }
}

package io.salvo.srtp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * HMAC-SHA1 (RFC 2104) on the JDK's SHA-1 {@link MessageDigest} (SHA-NI intrinsic where the CPU
 * has it), written out by hand because {@code javax.crypto.Mac} allocates per message:
 * {@code Mac.doFinal(byte[], int)} calls {@code doFinal()}, which returns a new array (40 bytes
 * per packet measured on JDK 17 and 25), while {@code MessageDigest.digest(byte[], int, int)}
 * writes into the caller's array. It hashes the padded key blocks per message as the JDK's
 * {@code HmacCore} does.
 */
final class JceHmacSha1 {
    private static final int BLOCK = 64;
    static final int LENGTH = 20;

    private final MessageDigest sha1;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] inner = new byte[LENGTH];
    private final byte[] word = new byte[4];

    /** An HMAC-SHA1 under {@code key} (at most 64 bytes; SRTP's is 20). */
    JceHmacSha1(byte[] key) {
        if (key.length > BLOCK) {
            throw new IllegalArgumentException("HMAC key longer than a SHA-1 block: " + key.length);
        }
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-1: " + e, e);
        }
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < key.length ? key[i] : 0;
            innerPad[i] = (byte) (k ^ 0x36);
            outerPad[i] = (byte) (k ^ 0x5C);
        }
    }

    /** Starts a message. */
    void start() {
        sha1.reset();
        sha1.update(innerPad, 0, BLOCK);
    }

    /** Adds {@code length} bytes of {@code data} at {@code offset}. */
    void update(byte[] data, int offset, int length) {
        sha1.update(data, offset, length);
    }

    /** Adds a 32-bit big-endian word (the SRTP rollover counter). */
    void updateInt(long value) {
        word[0] = (byte) (value >>> 24);
        word[1] = (byte) (value >>> 16);
        word[2] = (byte) (value >>> 8);
        word[3] = (byte) value;
        sha1.update(word, 0, 4);
    }

    /** Finishes the message and writes its 20-byte MAC at {@code offset} of {@code out}. */
    void finish(byte[] out, int offset) {
        try {
            sha1.digest(inner, 0, LENGTH);
            sha1.update(outerPad, 0, BLOCK);
            sha1.update(inner, 0, LENGTH);
            sha1.digest(out, offset, LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 digest failed: " + e, e);
        }
    }

    /** Overwrites the key pads. */
    void clear() {
        Arrays.fill(innerPad, (byte) 0);
        Arrays.fill(outerPad, (byte) 0);
        Arrays.fill(inner, (byte) 0);
        sha1.reset();
    }
}

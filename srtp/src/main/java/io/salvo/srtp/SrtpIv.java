package io.salvo.srtp;

import io.salvo.rtp.Bytes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The per-packet IV of a session salt, for SRTP and SRTCP alike (the SRTCP index takes the place
 * of the 48-bit packet index), held as two big-endian words so that a packet's IV costs two XORs.
 *
 * <pre>
 * AES-CM, 16 bytes (RFC 3711 §4.1.1):   IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16)
 *   bytes  0..3   salt[0..3]
 *   bytes  4..7   salt[4..7]   XOR SSRC
 *   bytes  8..13  salt[8..13]  XOR index (48 bits; SRTCP: 31-bit index)
 *   bytes 14..15  0            (the block counter)
 *
 * AES-GCM, 12 bytes (RFC 7714 §8.1, §9.1):
 *   SRTP:   IV = (0x0000 || SSRC || ROC || SEQ) XOR salt
 *   SRTCP:  IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt
 *   bytes 0..3    salt[0..3]   XOR (0x0000 || SSRC >>> 16)
 *   bytes 4..11   salt[4..11]  XOR (SSRC &amp; 0xFFFF) &lt;&lt; 48 XOR index
 * </pre>
 */
final class SrtpIv {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final boolean gcm;
    private final long saltHigh;
    private final long saltLow;

    /** The IV maker of a 14-byte AES-CM or 12-byte AES-GCM session salt. */
    SrtpIv(byte[] salt) {
        if (salt.length == 14) {
            byte[] padded = new byte[16];
            System.arraycopy(salt, 0, padded, 0, 14);
            this.gcm = false;
            this.saltHigh = (long) LONGS.get(padded, 0);
            this.saltLow = (long) LONGS.get(padded, 8);
        } else if (salt.length == 12) {
            this.gcm = true;
            this.saltHigh = (int) INTS.get(salt, 0);
            this.saltLow = (long) LONGS.get(salt, 4);
        } else {
            throw new IllegalArgumentException("session salt must be 14 (AES-CM) or 12 (AES-GCM) bytes, was " + salt.length);
        }
    }

    /** 16 for AES-CM, 12 for AES-GCM. */
    int length() {
        return gcm ? 12 : 16;
    }

    /** AES-CM: the IV's first 8 bytes. */
    long counterHigh(long ssrc) {
        return saltHigh ^ (ssrc & 0xFFFF_FFFFL);
    }

    /** AES-CM: the IV's last 8 bytes, block counter 0. */
    long counterLow(long index) {
        return saltLow ^ (index << 16);
    }

    /** Writes the IV of {@code ssrc} and {@code index} at {@code at} of {@code buffer}. */
    void write(ByteBuffer buffer, int at, long ssrc, long index) {
        if (gcm) {
            Bytes.put32(buffer, at, saltHigh ^ ((ssrc >>> 16) & 0xFFFF));
            Bytes.put64(buffer, at + 4, saltLow ^ ((ssrc & 0xFFFF) << 48) ^ index);
        } else {
            Bytes.put64(buffer, at, counterHigh(ssrc));
            Bytes.put64(buffer, at + 8, counterLow(index));
        }
    }

    /** Writes the IV of {@code ssrc} and {@code index} at {@code at} of {@code array}. */
    void write(byte[] array, int at, long ssrc, long index) {
        if (gcm) {
            INTS.set(array, at, (int) (saltHigh ^ ((ssrc >>> 16) & 0xFFFF)));
            LONGS.set(array, at + 4, saltLow ^ ((ssrc & 0xFFFF) << 48) ^ index);
        } else {
            LONGS.set(array, at, counterHigh(ssrc));
            LONGS.set(array, at + 8, counterLow(index));
        }
    }
}

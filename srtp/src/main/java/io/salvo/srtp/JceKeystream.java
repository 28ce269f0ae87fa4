package io.salvo.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES counter mode (RFC 3711 §4.1.1) on the JDK without allocating and without relying on how
 * the JDK reads cipher parameters: the packet's counter blocks are written into a reused array
 * and encrypted by one {@code AES/ECB/NoPadding} update into a reused keystream array, which is
 * then XORed into the data. About half the speed of the JDK's CTR intrinsic (ECB runs AES-NI one
 * block at a time without AVX-512), so it is {@link JceCounterMode}'s fallback.
 */
final class JceKeystream {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle NATIVE_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final Cipher ecb;
    private byte[] counters = new byte[2048];
    private byte[] keystream = new byte[2048];

    /** A keystream generator under the AES key {@code key} (16 or 32 bytes). */
    JceKeystream(byte[] key) {
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/ECB/NoPadding: " + e, e);
        }
    }

    /**
     * XORs the keystream that starts at IV {@code (ivHigh, ivLow)} (block counter 0) into
     * {@code length} bytes of {@code data} at {@code offset}.
     */
    void xor(long ivHigh, long ivLow, byte[] data, int offset, int length) {
        if (length == 0) {
            return;
        }
        int blocks = (length + 15) >>> 4;
        int bytes = blocks << 4;
        if (bytes > counters.length) {
            counters = new byte[Integer.highestOneBit(bytes - 1) << 1];
            keystream = new byte[counters.length];
        }
        byte[] c = counters;
        for (int block = 0, at = 0; block < blocks; block++, at += 16) {
            LONGS.set(c, at, ivHigh);
            LONGS.set(c, at + 8, ivLow + block);
        }
        byte[] k = keystream;
        try {
            ecb.update(c, 0, bytes, k, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB update failed: " + e, e);
        }
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long word = (long) NATIVE_LONGS.get(data, offset + i) ^ (long) NATIVE_LONGS.get(k, i);
            NATIVE_LONGS.set(data, offset + i, word);
        }
        for (; i < length; i++) {
            data[offset + i] ^= k[i];
        }
    }

    /** Overwrites the reused arrays (the JDK cipher keeps its key schedule until collected). */
    void clear() {
        Arrays.fill(counters, (byte) 0);
        Arrays.fill(keystream, (byte) 0);
    }
}

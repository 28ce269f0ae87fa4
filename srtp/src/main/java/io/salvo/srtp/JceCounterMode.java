package io.salvo.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;

/**
 * AES counter mode (RFC 3711 §4.1.1) on the JDK's {@code AES/CTR/NoPadding}, whose pipelined
 * AES-NI intrinsic is about twice as fast as AES/ECB over counter blocks, re-initialised per
 * packet without allocating: {@code Cipher.init} normally costs ~112 bytes (a new
 * {@code IvParameterSpec}, the JDK's copies of key and IV), so the key and the IV spec handed to
 * it here return reused arrays from {@code getEncoded()} and {@code getIV()} (the JDK zeroes the
 * key array after use; it is refilled on every call).
 *
 * <p>That leans on how the JDK's cipher reads its parameters, so it is checked when built: one
 * block must come out as AES/ECB of the IV says. Where the JDK refuses the spec or answers
 * differently, {@link JceKeystream} (AES/ECB over counter blocks) does the work instead. The
 * allocation test keeps watch on both.
 */
final class JceCounterMode {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final ReusedKey key;
    private final ReusedIv iv = new ReusedIv();
    private final Cipher ctr;
    private final JceKeystream fallback;

    /** Counter mode under the AES key {@code key} (16 or 32 bytes), on the CTR cipher if it passes its check. */
    JceCounterMode(byte[] key) {
        this(key, true);
    }

    /** With {@code tryCtr} false, always the AES/ECB fallback (to test it). */
    JceCounterMode(byte[] key, boolean tryCtr) {
        this.key = new ReusedKey(key);
        this.fallback = new JceKeystream(key);
        this.ctr = tryCtr ? checkedCtr() : null;
    }

    /** True when the JDK's CTR cipher does the work, false on the AES/ECB fallback. */
    boolean usesCtr() {
        return ctr != null;
    }

    /**
     * Writes to {@code out} at {@code outOffset} the {@code length} bytes of {@code in} at
     * {@code inOffset} XORed with the key stream from IV {@code (ivHigh, ivLow)}, block counter 0.
     * {@code in} and {@code out} must be different arrays.
     */
    void crypt(long ivHigh, long ivLow, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        if (length == 0) {
            return;
        }
        if (ctr == null) {
            System.arraycopy(in, inOffset, out, outOffset, length);
            fallback.xor(ivHigh, ivLow, out, outOffset, length);
            return;
        }
        try {
            iv.set(ivHigh, ivLow);
            ctr.init(Cipher.ENCRYPT_MODE, key, iv);
            ctr.update(in, inOffset, length, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR failed: " + e, e);
        }
    }

    /** The CTR cipher, if one block under a sample IV equals AES/ECB of that IV; else null. */
    private Cipher checkedCtr() {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            long high = 0x0123_4567_89AB_CDEFL;
            long low = 0x7654_3210_FEDC_0000L;
            byte[] zeros = new byte[16];
            byte[] viaCtr = new byte[16];
            byte[] viaEcb = new byte[16];
            iv.set(high, low);
            cipher.init(Cipher.ENCRYPT_MODE, key, iv);
            cipher.update(zeros, 0, 16, viaCtr, 0);
            fallback.xor(high, low, viaEcb, 0, 16);
            return Arrays.equals(viaCtr, viaEcb) ? cipher : null;
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /** Overwrites the key copy and the reused arrays. */
    void clear() {
        key.clear();
        iv.set(0, 0);
        fallback.clear();
    }

    /** A raw AES key whose encoding is one reused array, refilled on every call. */
    private static final class ReusedKey implements SecretKey {
        private static final long serialVersionUID = 1L;
        private final transient byte[] key;
        private final transient byte[] encoded;

        ReusedKey(byte[] key) {
            this.key = key.clone();
            this.encoded = new byte[key.length];
        }

        @Override
        public String getAlgorithm() {
            return "AES";
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            System.arraycopy(key, 0, encoded, 0, key.length);
            return encoded;
        }

        void clear() {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(encoded, (byte) 0);
        }
    }

    /** An IV spec whose IV is one reused array, set per packet. */
    private static final class ReusedIv extends IvParameterSpec {
        private final byte[] bytes = new byte[16];

        ReusedIv() {
            super(new byte[16]);
        }

        void set(long high, long low) {
            LONGS.set(bytes, 0, high);
            LONGS.set(bytes, 8, low);
        }

        @Override
        public byte[] getIV() {
            return bytes;
        }
    }
}

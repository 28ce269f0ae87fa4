package io.salvo.srtp;

import io.salvo.rtp.OutputMessage;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM (RFC 7714) on the JDK's {@code AES/GCM/NoPadding}: correct, but not allocation-free,
 * so it is here to compare against and as the fallback where libcrypto does not load. Every
 * packet needs a {@code Cipher.init} with a new {@link GCMParameterSpec}, and the JDK's GCM
 * allocates its per-init state (992 bytes per protect of a 1200-byte packet on JDK 17, see
 * {@link CryptoBackend}); a failed tag costs an {@link AEADBadTagException} on top.
 *
 * <p>The JDK refuses to encrypt twice in a row under the same IV; SRTP does that legitimately
 * when the same packet is protected again (a resend), so such an init is preceded by one under a
 * different, unused IV.
 */
final class JceGcmCipher implements PacketCipher {
    private static final int TAG_BITS = 128;
    private static final int TAG_LENGTH = 16;

    private final Cipher gcm;
    private final SecretKeySpec key;
    private final SrtpIv iv;
    private final int mode;
    private final byte[] ivBytes = new byte[12];
    private final byte[] indexWord = new byte[4];
    private byte[] stage = new byte[2048];
    private byte[] result = new byte[2048];

    /** A cipher over {@code keys} that encrypts ({@code encrypt}) or decrypts. */
    JceGcmCipher(SessionKeys keys, boolean encrypt) {
        this.key = new SecretKeySpec(keys.encryptionKey, "AES");
        this.iv = new SrtpIv(keys.salt);
        this.mode = encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
        try {
            this.gcm = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/GCM/NoPadding: " + e, e);
        }
    }

    @Override
    public int protectRtp(OutputMessage source, int length, int headerLength, long ssrc, long index, ByteBuffer out,
                          int outOffset) {
        int total = length + TAG_LENGTH;
        byte[] s = stage(length);
        byte[] r = result(total);
        Gather.copy(source, s);
        try {
            init(ssrc, index);
            gcm.updateAAD(s, 0, headerLength);
            gcm.doFinal(s, headerLength, length - headerLength, r, headerLength);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e, e);
        }
        System.arraycopy(s, 0, r, 0, headerLength);
        out.put(outOffset, r, 0, total);
        return total;
    }

    @Override
    public int protectRtcp(ByteBuffer packet, int offset, int length, long ssrc, int index, ByteBuffer out, int outOffset) {
        int clear = SrtcpLayout.CLEAR_LENGTH;
        int total = length + TAG_LENGTH + SrtpProfile.SRTCP_INDEX_LENGTH;
        byte[] s = stage(length);
        byte[] r = result(total);
        packet.get(offset, s, 0, length);
        SrtcpLayout.writeIndex(indexWord, 0, index, true);
        try {
            init(ssrc, index);
            gcm.updateAAD(s, 0, clear);
            gcm.updateAAD(indexWord, 0, indexWord.length);
            gcm.doFinal(s, clear, length - clear, r, clear);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e, e);
        }
        System.arraycopy(s, 0, r, 0, clear);
        System.arraycopy(indexWord, 0, r, length + TAG_LENGTH, indexWord.length);
        out.put(outOffset, r, 0, total);
        return total;
    }

    @Override
    public boolean unprotectRtp(ByteBuffer buffer, int offset, int length, int headerLength, long ssrc, long index) {
        byte[] s = stage(length);
        buffer.get(offset, s, 0, length);
        try {
            init(ssrc, index);
            gcm.updateAAD(s, 0, headerLength);
            int plain = gcm.doFinal(s, headerLength, length - headerLength, result(length), 0);
            buffer.put(offset + headerLength, result, 0, plain);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed: " + e, e);
        }
    }

    @Override
    public boolean unprotectRtcp(ByteBuffer buffer, int offset, int length, long ssrc, int index, boolean encrypted) {
        int clear = SrtcpLayout.CLEAR_LENGTH;
        int sealed = length - SrtpProfile.SRTCP_INDEX_LENGTH;
        byte[] s = stage(length);
        buffer.get(offset, s, 0, length);
        try {
            init(ssrc, index);
            if (encrypted) {
                gcm.updateAAD(s, 0, clear);
                gcm.updateAAD(s, sealed, SrtpProfile.SRTCP_INDEX_LENGTH);
                int plain = gcm.doFinal(s, clear, sealed - clear, result(length), 0);
                buffer.put(offset + clear, result, 0, plain);
            } else {
                gcm.updateAAD(s, 0, sealed - TAG_LENGTH);
                gcm.updateAAD(s, sealed, SrtpProfile.SRTCP_INDEX_LENGTH);
                gcm.doFinal(s, sealed - TAG_LENGTH, TAG_LENGTH, result(length), 0);
            }
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed: " + e, e);
        }
    }

    private void init(long ssrc, long index) throws GeneralSecurityException {
        iv.write(ivBytes, 0, ssrc, index);
        try {
            gcm.init(mode, key, new GCMParameterSpec(TAG_BITS, ivBytes));
        } catch (InvalidAlgorithmParameterException reused) {
            if (mode != Cipher.ENCRYPT_MODE) {
                throw reused;
            }
            ivBytes[0] ^= 1;
            gcm.init(mode, key, new GCMParameterSpec(TAG_BITS, ivBytes));
            ivBytes[0] ^= 1;
            gcm.init(mode, key, new GCMParameterSpec(TAG_BITS, ivBytes));
        }
    }

    private byte[] stage(int length) {
        if (length > stage.length) {
            stage = new byte[Integer.highestOneBit(length - 1) << 1];
        }
        return stage;
    }

    private byte[] result(int length) {
        if (length > result.length) {
            result = new byte[Integer.highestOneBit(length - 1) << 1];
        }
        return result;
    }

    @Override
    public void close() {
        Arrays.fill(stage, (byte) 0);
        Arrays.fill(result, (byte) 0);
    }
}

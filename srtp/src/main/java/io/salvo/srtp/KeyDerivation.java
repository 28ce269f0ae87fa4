package io.salvo.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP key derivation function of RFC 3711 §4.3 with the AES-CM PRF (§4.3.3), key derivation
 * rate 0, which RFC 7714 §11 keeps for AES-GCM. Runs once per master key, when a context is
 * built, never per packet.
 *
 * <pre>
 * key_id = label || r              (r = index DIV kdr = 48 zero bits, since kdr = 0)
 * x      = key_id XOR master_salt  (key_id right-aligned in the 112-bit salt)
 * out    = AES-CM(master_key, IV = x * 2^16), the first n bytes of its keystream
 * </pre>
 *
 * <p>A 96-bit AES-GCM master salt is extended with 16 zero bits on the right to the 112 bits the
 * PRF takes (what libsrtp does; checked against its AEAD_AES_128_GCM known-answer packet).
 */
final class KeyDerivation {
    /** Label of the SRTP encryption key. */
    static final int RTP_ENCRYPTION = 0x00;
    /** Label of the SRTP authentication key. */
    static final int RTP_AUTHENTICATION = 0x01;
    /** Label of the SRTP salt. */
    static final int RTP_SALT = 0x02;
    /** Label of the SRTCP encryption key. */
    static final int RTCP_ENCRYPTION = 0x03;
    /** Label of the SRTCP authentication key. */
    static final int RTCP_AUTHENTICATION = 0x04;
    /** Label of the SRTCP salt. */
    static final int RTCP_SALT = 0x05;

    /** Length of the PRF's salt input: 112 bits. */
    static final int PRF_SALT_LENGTH = 14;
    private static final int LABEL_INDEX = 7;

    private final Cipher aes;
    private final byte[] salt = new byte[PRF_SALT_LENGTH];

    /** A PRF keyed with {@code masterKey} (16 or 32 bytes) over {@code masterSalt} (14 or 12 bytes). */
    KeyDerivation(byte[] masterKey, byte[] masterSalt) {
        if (masterSalt.length > PRF_SALT_LENGTH) {
            throw new IllegalArgumentException("master salt longer than 14 bytes: " + masterSalt.length);
        }
        System.arraycopy(masterSalt, 0, salt, 0, masterSalt.length);
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/ECB/NoPadding: " + e, e);
        }
    }

    /** The {@code length} bytes of key material for {@code label}. */
    byte[] derive(int label, int length) {
        int blocks = (length + 15) / 16;
        byte[] counters = new byte[blocks * 16];
        for (int block = 0; block < blocks; block++) {
            int at = block * 16;
            System.arraycopy(salt, 0, counters, at, PRF_SALT_LENGTH);
            counters[at + LABEL_INDEX] ^= (byte) label;
            counters[at + 14] = (byte) (block >>> 8);
            counters[at + 15] = (byte) block;
        }
        try {
            byte[] keystream = aes.doFinal(counters);
            byte[] out = Arrays.copyOf(keystream, length);
            Arrays.fill(keystream, (byte) 0);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES key derivation failed: " + e, e);
        }
    }

    /** Forgets the salt (the JDK cipher keeps its own copy of the key until collected). */
    void clear() {
        Arrays.fill(salt, (byte) 0);
    }
}

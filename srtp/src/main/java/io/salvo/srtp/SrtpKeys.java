package io.salvo.srtp;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A profile with one master key and master salt: what one direction of an SRTP session is keyed
 * with. Immutable; the arrays are copied in and out. {@link #toString()} never shows key bytes.
 *
 * <p>Keys come from SDP security descriptions ({@link #fromSdesInline}, RFC 4568), from a DTLS
 * handshake's exported keying material ({@link #fromDtlsKeyingMaterial}, RFC 5764 §4.2), or are
 * made fresh ({@link #random}) to offer in SDP ({@link #sdpCryptoLine}).
 */
public final class SrtpKeys {
    private static final String INLINE = "inline:";

    private final SrtpProfile profile;
    private final byte[] masterKey;
    private final byte[] masterSalt;

    /**
     * Keys of {@code profile} from copies of {@code masterKey} and {@code masterSalt}.
     *
     * @throws IllegalArgumentException if a length does not match the profile's
     */
    public SrtpKeys(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        this.profile = Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(masterKey, "masterKey");
        Objects.requireNonNull(masterSalt, "masterSalt");
        if (masterKey.length != profile.masterKeyLength()) {
            throw new IllegalArgumentException(profile.sdpName() + " needs a master key of " + profile.masterKeyLength()
                    + " bytes, got " + masterKey.length);
        }
        if (masterSalt.length != profile.masterSaltLength()) {
            throw new IllegalArgumentException(profile.sdpName() + " needs a master salt of " + profile.masterSaltLength()
                    + " bytes, got " + masterSalt.length);
        }
        this.masterKey = masterKey.clone();
        this.masterSalt = masterSalt.clone();
    }

    /** Fresh keys of {@code profile} from a {@link SecureRandom}. */
    public static SrtpKeys random(SrtpProfile profile) {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[profile.masterKeyLength()];
        byte[] salt = new byte[profile.masterSaltLength()];
        random.nextBytes(key);
        random.nextBytes(salt);
        return new SrtpKeys(profile, key, salt);
    }

    /**
     * Keys from the key parameter of an SDP {@code a=crypto} line (RFC 4568 §6.1): base64 of the
     * master key followed by the master salt, with or without the {@code inline:} prefix.
     *
     * @throws IllegalArgumentException if the text is not base64, decodes to the wrong length, or
     *                                  carries a lifetime or MKI ({@code |2^31}, {@code |1:4}),
     *                                  which salvo does not support
     */
    public static SrtpKeys fromSdesInline(SrtpProfile profile, String inline) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(inline, "inline");
        String text = inline.strip();
        if (text.startsWith(INLINE)) {
            text = text.substring(INLINE.length());
        }
        int bar = text.indexOf('|');
        if (bar >= 0) {
            throw new IllegalArgumentException("SDES key parameter \"" + text.substring(0, bar) + "|…\" has a lifetime or MKI part \""
                    + text.substring(bar) + "\"; salvo supports only a bare key||salt (no lifetime, no MKI)");
        }
        byte[] keyAndSalt;
        try {
            keyAndSalt = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SDES key parameter is not base64: " + e.getMessage(), e);
        }
        int expected = profile.masterKeyLength() + profile.masterSaltLength();
        if (keyAndSalt.length != expected) {
            throw new IllegalArgumentException(profile.sdpName() + " needs " + expected + " bytes of key and salt ("
                    + profile.masterKeyLength() + " + " + profile.masterSaltLength() + ") in its inline key, got "
                    + keyAndSalt.length);
        }
        try {
            return new SrtpKeys(profile, Arrays.copyOf(keyAndSalt, profile.masterKeyLength()),
                    Arrays.copyOfRange(keyAndSalt, profile.masterKeyLength(), expected));
        } finally {
            Arrays.fill(keyAndSalt, (byte) 0);
        }
    }

    /**
     * Client and server keys from DTLS-SRTP keying material (RFC 5764 §4.2): the 2 × (key + salt)
     * bytes the DTLS stack exports with the label {@code "EXTRACTOR-dtls_srtp"}, laid out as client
     * key, server key, client salt, server salt.
     *
     * @return {client write keys, server write keys}: a DTLS client protects with the first and
     *         unprotects with the second, a server the other way round
     * @throws IllegalArgumentException if {@code material} is not exactly 2 × (key + salt) bytes
     */
    public static SrtpKeys[] fromDtlsKeyingMaterial(SrtpProfile profile, byte[] material) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(material, "material");
        int k = profile.masterKeyLength();
        int s = profile.masterSaltLength();
        if (material.length != 2 * (k + s)) {
            throw new IllegalArgumentException(profile.sdpName() + " needs " + (2 * (k + s))
                    + " bytes of DTLS-SRTP keying material (2 × (" + k + " + " + s + ")), got " + material.length);
        }
        byte[] clientKey = Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * (k + s));
        try {
            return new SrtpKeys[]{new SrtpKeys(profile, clientKey, clientSalt), new SrtpKeys(profile, serverKey, serverSalt)};
        } finally {
            Arrays.fill(clientKey, (byte) 0);
            Arrays.fill(serverKey, (byte) 0);
            Arrays.fill(clientSalt, (byte) 0);
            Arrays.fill(serverSalt, (byte) 0);
        }
    }

    /** The profile these keys are for. */
    public SrtpProfile profile() {
        return profile;
    }

    /** A copy of the master key. */
    public byte[] masterKey() {
        return masterKey.clone();
    }

    /** A copy of the master salt. */
    public byte[] masterSalt() {
        return masterSalt.clone();
    }

    /** The SDES key parameter without the {@code inline:} prefix: base64 of key || salt. */
    public String sdesInline() {
        byte[] keyAndSalt = new byte[masterKey.length + masterSalt.length];
        System.arraycopy(masterKey, 0, keyAndSalt, 0, masterKey.length);
        System.arraycopy(masterSalt, 0, keyAndSalt, masterKey.length, masterSalt.length);
        try {
            return Base64.getEncoder().encodeToString(keyAndSalt);
        } finally {
            Arrays.fill(keyAndSalt, (byte) 0);
        }
    }

    /**
     * The SDP attribute offering these keys (RFC 4568 §9.1), e.g.
     * {@code "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz"}.
     *
     * @param tag the attribute's tag, 0..999999999
     * @throws IllegalArgumentException if the tag is out of range
     */
    public String sdpCryptoLine(int tag) {
        if (tag < 0 || tag > 999_999_999) {
            throw new IllegalArgumentException("a=crypto tag must be 0..999999999 (1 to 9 digits), was " + tag);
        }
        return "a=crypto:" + tag + " " + profile.sdpName() + " " + INLINE + sdesInline();
    }

    /** Key and salt in place, for the session key derivation (never handed out). */
    byte[] masterKeyNoCopy() {
        return masterKey;
    }

    byte[] masterSaltNoCopy() {
        return masterSalt;
    }

    /** Equal when profile, key and salt are (compared in constant time). */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof SrtpKeys)) {
            return false;
        }
        SrtpKeys that = (SrtpKeys) other;
        return profile == that.profile && java.security.MessageDigest.isEqual(masterKey, that.masterKey)
                && java.security.MessageDigest.isEqual(masterSalt, that.masterSalt);
    }

    @Override
    public int hashCode() {
        return profile.hashCode();
    }

    /** The profile and the lengths, never the key bytes. */
    @Override
    public String toString() {
        return "SrtpKeys[" + profile.sdpName() + ", key " + masterKey.length + " bytes, salt " + masterSalt.length
                + " bytes]";
    }
}

package io.salvo.srtp;

import java.util.Arrays;

/**
 * The session keys of one direction of one protocol (SRTP or SRTCP): encryption key, salt and, for
 * the AES-CM profiles, the HMAC-SHA1 key. Derived once per master key ({@link #rtp}, {@link #rtcp});
 * tests build them directly from the session keys RFC 7714's vectors give.
 */
final class SessionKeys {
    final SrtpProfile profile;
    final byte[] encryptionKey;
    final byte[] salt;
    /** Empty for the AEAD profiles. */
    final byte[] authenticationKey;

    SessionKeys(SrtpProfile profile, byte[] encryptionKey, byte[] salt, byte[] authenticationKey) {
        if (encryptionKey.length != profile.sessionKeyLength() || salt.length != profile.sessionSaltLength()) {
            throw new IllegalArgumentException(profile.sdpName() + " session key/salt must be " + profile.sessionKeyLength()
                    + "/" + profile.sessionSaltLength() + " bytes, got " + encryptionKey.length + "/" + salt.length);
        }
        int authLength = profile.aead() ? 0 : SrtpProfile.AUTH_KEY_LENGTH;
        if (authenticationKey.length != authLength) {
            throw new IllegalArgumentException(profile.sdpName() + " authentication key must be " + authLength
                    + " bytes, got " + authenticationKey.length);
        }
        this.profile = profile;
        this.encryptionKey = encryptionKey.clone();
        this.salt = salt.clone();
        this.authenticationKey = authenticationKey.clone();
    }

    /** The SRTP session keys of {@code keys} (labels 0, 1, 2). */
    static SessionKeys rtp(SrtpKeys keys) {
        return derive(keys, KeyDerivation.RTP_ENCRYPTION, KeyDerivation.RTP_AUTHENTICATION, KeyDerivation.RTP_SALT);
    }

    /** The SRTCP session keys of {@code keys} (labels 3, 4, 5). */
    static SessionKeys rtcp(SrtpKeys keys) {
        return derive(keys, KeyDerivation.RTCP_ENCRYPTION, KeyDerivation.RTCP_AUTHENTICATION, KeyDerivation.RTCP_SALT);
    }

    private static SessionKeys derive(SrtpKeys keys, int encryptionLabel, int authenticationLabel, int saltLabel) {
        SrtpProfile profile = keys.profile();
        KeyDerivation kdf = new KeyDerivation(keys.masterKeyNoCopy(), keys.masterSaltNoCopy());
        byte[] key = kdf.derive(encryptionLabel, profile.sessionKeyLength());
        byte[] salt = kdf.derive(saltLabel, profile.sessionSaltLength());
        byte[] auth = profile.aead() ? new byte[0] : kdf.derive(authenticationLabel, SrtpProfile.AUTH_KEY_LENGTH);
        kdf.clear();
        try {
            return new SessionKeys(profile, key, salt, auth);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(salt, (byte) 0);
            Arrays.fill(auth, (byte) 0);
        }
    }

    /** Overwrites the key bytes; called once the backend holds its own copies. */
    void clear() {
        Arrays.fill(encryptionKey, (byte) 0);
        Arrays.fill(salt, (byte) 0);
        Arrays.fill(authenticationKey, (byte) 0);
    }

    @Override
    public String toString() {
        return "SessionKeys[" + profile.sdpName() + "]";
    }
}

package io.salvo.srtp;

/**
 * The libcrypto contexts of one cipher, created once per session key and freed together. Keys
 * pass through a native block that is zeroed as soon as libcrypto has expanded them.
 */
final class OpenSslContexts {
    private long cipher;
    private long hmac;

    /**
     * A new {@code EVP_CIPHER_CTX} for {@code evpCipher} (e.g. {@code EVP_aes_128_gcm()}) keyed with
     * {@code key}, initialised to encrypt or decrypt; the IV comes per packet.
     */
    long cipher(long evpCipher, byte[] key, boolean encrypt) {
        if (cipher != 0) {
            throw new IllegalStateException("one cipher context per cipher");
        }
        cipher = LibCrypto.EVP_CIPHER_CTX_new();
        if (cipher == 0) {
            throw new OutOfMemoryError("EVP_CIPHER_CTX_new failed");
        }
        NativeMemory keyMemory = new NativeMemory(key.length);
        try {
            keyMemory.put(0, key);
            int ok = encrypt ? LibCrypto.EVP_EncryptInit_ex(cipher, evpCipher, 0, keyMemory.address(), 0)
                    : LibCrypto.EVP_DecryptInit_ex(cipher, evpCipher, 0, keyMemory.address(), 0);
            check(ok, encrypt ? "EVP_EncryptInit_ex (key)" : "EVP_DecryptInit_ex (key)");
        } finally {
            keyMemory.free();
        }
        return cipher;
    }

    /** A new {@code HMAC_CTX} for HMAC-SHA1 under {@code key}. */
    long hmacSha1(byte[] key) {
        if (hmac != 0) {
            throw new IllegalStateException("one HMAC context per cipher");
        }
        hmac = LibCrypto.HMAC_CTX_new();
        if (hmac == 0) {
            throw new OutOfMemoryError("HMAC_CTX_new failed");
        }
        NativeMemory keyMemory = new NativeMemory(key.length);
        try {
            keyMemory.put(0, key);
            check(LibCrypto.HMAC_Init_ex(hmac, keyMemory.address(), key.length, LibCrypto.EVP_sha1(), 0),
                    "HMAC_Init_ex (key)");
        } finally {
            keyMemory.free();
        }
        return hmac;
    }

    /** Frees the contexts (libcrypto wipes their key schedules); later calls do nothing. */
    void free() {
        if (cipher != 0) {
            LibCrypto.EVP_CIPHER_CTX_free(cipher);
            cipher = 0;
        }
        if (hmac != 0) {
            LibCrypto.HMAC_CTX_free(hmac);
            hmac = 0;
        }
    }

    /**
     * Throws unless {@code result} is libcrypto's success value 1; a failure here is a bug or a
     * broken library, not a property of the packet.
     */
    static void check(int result, String call) {
        if (result != 1) {
            throw new IllegalStateException(call + " failed (returned " + result + ")");
        }
    }
}

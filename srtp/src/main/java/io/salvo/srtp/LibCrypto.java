package io.salvo.srtp;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The OpenSSL libcrypto calls the OpenSSL backend makes, bound by JNA direct mapping with
 * primitive arguments only: pointers are {@code long} addresses of native memory, {@code size_t}
 * is {@code long} (64-bit platforms only, as {@link OpenSslSupport} checks). Each returns what the
 * C function returns (EVP: 1 for success).
 *
 * <p>Loads {@code libcrypto.so} ("crypto"), else {@code libcrypto.so.3}, else
 * {@code libcrypto.so.1.1}; every function here exists in OpenSSL 1.1.0 and later (the HMAC_CTX
 * calls are deprecated but present in 3.x).
 */
final class LibCrypto {
    /** {@code EVP_CTRL_GCM_GET_TAG} (= {@code EVP_CTRL_AEAD_GET_TAG}). */
    static final int EVP_CTRL_GCM_GET_TAG = 0x10;
    /** {@code EVP_CTRL_GCM_SET_TAG} (= {@code EVP_CTRL_AEAD_SET_TAG}). */
    static final int EVP_CTRL_GCM_SET_TAG = 0x11;

    /** The library JNA loaded: its file where JNA knows it, else the name it was found by ("libcrypto.so"). */
    static final String LIBRARY;

    static {
        NativeLibrary library = load();
        LIBRARY = library.getFile() != null ? library.getFile().getPath() : library.getName();
        Native.register(LibCrypto.class, library);
    }

    private LibCrypto() {
    }

    private static NativeLibrary load() {
        UnsatisfiedLinkError first = null;
        for (String name : new String[]{"crypto", "libcrypto.so.3", "libcrypto.so.1.1"}) {
            try {
                return NativeLibrary.getInstance(name);
            } catch (UnsatisfiedLinkError e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        throw first;
    }

    static native long OpenSSL_version_num();

    static native long EVP_aes_128_ctr();

    static native long EVP_aes_128_gcm();

    static native long EVP_aes_256_gcm();

    static native long EVP_sha1();

    static native long EVP_CIPHER_CTX_new();

    static native void EVP_CIPHER_CTX_free(long ctx);

    static native int EVP_CIPHER_CTX_ctrl(long ctx, int type, int arg, long ptr);

    static native int EVP_EncryptInit_ex(long ctx, long cipher, long engine, long key, long iv);

    static native int EVP_EncryptUpdate(long ctx, long out, long outLength, long in, int inLength);

    static native int EVP_EncryptFinal_ex(long ctx, long out, long outLength);

    static native int EVP_DecryptInit_ex(long ctx, long cipher, long engine, long key, long iv);

    static native int EVP_DecryptUpdate(long ctx, long out, long outLength, long in, int inLength);

    static native int EVP_DecryptFinal_ex(long ctx, long out, long outLength);

    static native long HMAC_CTX_new();

    static native void HMAC_CTX_free(long ctx);

    static native int HMAC_Init_ex(long ctx, long key, int keyLength, long md, long engine);

    static native int HMAC_Update(long ctx, long data, long length);

    static native int HMAC_Final(long ctx, long md, long mdLength);
}

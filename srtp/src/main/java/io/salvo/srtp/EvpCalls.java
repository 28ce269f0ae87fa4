package io.salvo.srtp;

/**
 * The libcrypto EVP calls of the AES-GCM hot path (five a packet), behind one seam so they can be
 * bound two ways: {@link Jna JNA direct mapping} (Java 17 and later) or the JDK's foreign function
 * API ({@link FfmEvpCalls}, Java 22 and later), whose calls cost a few nanoseconds where JNA's cost
 * about 75 ns plus 25 ns per argument. Arguments and results are as in C: pointers as {@code long}
 * addresses, EVP results 1 for success.
 */
interface EvpCalls {
    /** System property: {@code jna} keeps the JNA binding even where the foreign function API is there. */
    String PROPERTY = "io.salvo.srtp.binding";

    int encryptInit(long ctx, long cipher, long engine, long key, long iv);

    int encryptUpdate(long ctx, long out, long outLength, long in, int inLength);

    int encryptFinal(long ctx, long out, long outLength);

    int decryptInit(long ctx, long cipher, long engine, long key, long iv);

    int decryptUpdate(long ctx, long out, long outLength, long in, int inLength);

    int decryptFinal(long ctx, long out, long outLength);

    int cipherCtrl(long ctx, int type, int arg, long ptr);

    /** What binds the calls, for {@link CryptoBackend#description()}: "JNA" or "the foreign function API". */
    String binding();

    /** The binding in use: the foreign function API on Java 22+ unless {@value #PROPERTY}=jna, else JNA. */
    static EvpCalls get() {
        return Chosen.CALLS;
    }

    /** Why the foreign function binding is not in use, or null when it is. */
    static String ffmUnusedBecause() {
        return Chosen.FFM_UNUSED_BECAUSE;
    }

    /** The calls through {@link LibCrypto}'s JNA direct mapping. */
    final class Jna implements EvpCalls {
        static final Jna INSTANCE = new Jna();

        private Jna() {
        }

        @Override
        public int encryptInit(long ctx, long cipher, long engine, long key, long iv) {
            return LibCrypto.EVP_EncryptInit_ex(ctx, cipher, engine, key, iv);
        }

        @Override
        public int encryptUpdate(long ctx, long out, long outLength, long in, int inLength) {
            return LibCrypto.EVP_EncryptUpdate(ctx, out, outLength, in, inLength);
        }

        @Override
        public int encryptFinal(long ctx, long out, long outLength) {
            return LibCrypto.EVP_EncryptFinal_ex(ctx, out, outLength);
        }

        @Override
        public int decryptInit(long ctx, long cipher, long engine, long key, long iv) {
            return LibCrypto.EVP_DecryptInit_ex(ctx, cipher, engine, key, iv);
        }

        @Override
        public int decryptUpdate(long ctx, long out, long outLength, long in, int inLength) {
            return LibCrypto.EVP_DecryptUpdate(ctx, out, outLength, in, inLength);
        }

        @Override
        public int decryptFinal(long ctx, long out, long outLength) {
            return LibCrypto.EVP_DecryptFinal_ex(ctx, out, outLength);
        }

        @Override
        public int cipherCtrl(long ctx, int type, int arg, long ptr) {
            return LibCrypto.EVP_CIPHER_CTX_ctrl(ctx, type, arg, ptr);
        }

        @Override
        public String binding() {
            return "JNA";
        }
    }

    /** The choice, made once. */
    final class Chosen {
        static final EvpCalls CALLS;
        static final String FFM_UNUSED_BECAUSE;

        static {
            String why = null;
            EvpCalls calls = Jna.INSTANCE;
            String forced = System.getProperty(PROPERTY, "");
            if (forced.equalsIgnoreCase("jna")) {
                why = "system property " + PROPERTY + "=jna";
            } else if (Runtime.version().feature() < 22) {
                why = "Java " + Runtime.version().feature() + " (the foreign function API is final from Java 22)";
            } else {
                try {
                    Class.forName("io.salvo.srtp.FfmEvpCalls", true, EvpCalls.class.getClassLoader());
                    calls = FfmEvpCalls.INSTANCE;
                } catch (Throwable e) {
                    Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
                    why = "the foreign function API could not bind libcrypto: " + cause;
                }
            }
            CALLS = calls;
            FFM_UNUSED_BECAUSE = why;
        }

        private Chosen() {
        }
    }
}

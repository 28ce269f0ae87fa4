package io.salvo.srtp;

/**
 * Whether the OpenSSL backend can run here: a 64-bit JVM (the bindings pass {@code size_t} and
 * pointers as {@code long}), JNA loadable, and a libcrypto whose functions all bind. Checked once,
 * without touching JNA classes when the platform is wrong.
 */
final class OpenSslSupport {
    private static final String UNAVAILABLE_BECAUSE = check();

    private OpenSslSupport() {
    }

    /** True if the OpenSSL backend can be used. */
    static boolean available() {
        return UNAVAILABLE_BECAUSE == null;
    }

    /** Why it cannot, or null. */
    static String unavailableBecause() {
        return UNAVAILABLE_BECAUSE;
    }

    private static String check() {
        String model = System.getProperty("sun.arch.data.model", "64");
        if (!"64".equals(model)) {
            return "a " + model + "-bit JVM (the libcrypto bindings need 64-bit pointers and size_t)";
        }
        try {
            Class.forName("io.salvo.srtp.LibCrypto", true, OpenSslSupport.class.getClassLoader());
            return null;
        } catch (Throwable e) {
            Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
            return "JNA could not bind libcrypto (tried libcrypto.so, libcrypto.so.3, libcrypto.so.1.1): " + cause;
        }
    }
}

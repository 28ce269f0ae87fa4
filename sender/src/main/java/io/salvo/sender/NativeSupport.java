package io.salvo.sender;

import java.util.Locale;

/**
 * Whether the native sender can run here: 64-bit Linux with JNA loadable and libc bound. Checked
 * once, without touching JNA classes when the platform is wrong. The system property {@code
 * io.salvo.sender.native=false} turns the native sender off.
 */
final class NativeSupport {
    /** Set to {@code false} to make {@link DatagramSenders} use {@link ChannelSender}. */
    static final String PROPERTY = "io.salvo.sender.native";

    private static final String UNAVAILABLE_BECAUSE = check();

    private NativeSupport() {
    }

    /** True if {@link SendmmsgSender} can be opened. */
    static boolean available() {
        return UNAVAILABLE_BECAUSE == null;
    }

    /** Why it cannot, or null. */
    static String unavailableBecause() {
        return UNAVAILABLE_BECAUSE;
    }

    /** Throws {@link UnsupportedOperationException} naming the reason if not {@link #available()}. */
    static void require() {
        if (UNAVAILABLE_BECAUSE != null) {
            throw new UnsupportedOperationException("sendmmsg sender unavailable: " + UNAVAILABLE_BECAUSE);
        }
    }

    private static String check() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux")) {
            return "not Linux (" + os + ")";
        }
        String arch = System.getProperty("os.arch", "");
        if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
            return "architecture " + arch + " not supported (amd64 and aarch64 are)";
        }
        try {
            Class.forName("io.salvo.sender.LibC", true, NativeSupport.class.getClassLoader());
            return null;
        } catch (Throwable e) {
            return "JNA could not bind libc: " + e;
        }
    }

    /** True unless the {@link #PROPERTY} says false. */
    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
    }
}

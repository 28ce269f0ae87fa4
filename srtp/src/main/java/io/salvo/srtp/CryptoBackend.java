package io.salvo.srtp;

import java.util.Locale;

/**
 * Where the AES and HMAC work of an SRTP context is done. Both backends produce the same bytes;
 * they differ in speed and in what they allocate.
 *
 * <ul>
 *   <li>{@link #JCE}: the JDK's {@code javax.crypto} and SHA-1 (AES-NI, CLMUL and SHA-NI
 *   intrinsics where the CPU has them). Always available. AES-CM + HMAC-SHA1 allocates nothing
 *   per packet; AES-GCM allocates per packet (the JDK needs a {@code Cipher.init} with a new
 *   parameter spec for every IV, about 1.1 KB per packet) and is here for comparison and as the
 *   fallback.</li>
 *   <li>{@link #OPENSSL}: libcrypto through JNA direct mapping, contexts keyed once, per packet
 *   only an IV re-init and updates over native addresses. Allocates nothing per packet. Available
 *   where a 64-bit JVM loads JNA and libcrypto ({@link #unavailableReason()} says why not).</li>
 * </ul>
 *
 * <p>{@link #forProfile} picks the faster backend per profile; the system property
 * {@value #PROPERTY} ({@code jce} or {@code openssl}) overrides it for every profile.
 * Measured with {@code SrtpBenchmark} (JMH, 1200-byte packets: 12-byte header, 1188-byte payload
 * in a direct frame buffer, output into a direct slot; JDK 17.0.15, OpenSSL 3.0.19, AMD EPYC
 * (Zen 3) with AES-NI, VAES, VPCLMULQDQ and SHA-NI, no AVX-512, 2 vCPUs), ns per protect:
 *
 * <table>
 * <caption>protect, ns/op (B/op)</caption>
 * <tr><th>profile</th><th>JCE</th><th>OPENSSL</th><th>chosen</th></tr>
 * <tr><td>AES_CM_128_HMAC_SHA1_80</td><td>TBD</td><td>TBD</td><td>OPENSSL</td></tr>
 * <tr><td>AES_CM_128_HMAC_SHA1_32</td><td>TBD</td><td>TBD</td><td>OPENSSL</td></tr>
 * <tr><td>AEAD_AES_128_GCM</td><td>TBD</td><td>TBD</td><td>OPENSSL</td></tr>
 * <tr><td>AEAD_AES_256_GCM</td><td>TBD</td><td>TBD</td><td>OPENSSL</td></tr>
 * </table>
 */
public enum CryptoBackend {
    /** The JDK's {@code javax.crypto}. */
    JCE,
    /** OpenSSL's libcrypto through JNA. */
    OPENSSL;

    /** System property that forces a backend for every profile: {@code jce} or {@code openssl}. */
    public static final String PROPERTY = "io.salvo.srtp.backend";

    /** True if contexts can be built on this backend here. */
    public boolean isAvailable() {
        return this == JCE || OpenSslSupport.available();
    }

    /** Why this backend cannot be used here, or null when it can. */
    public String unavailableReason() {
        return this == JCE ? null : OpenSslSupport.unavailableBecause();
    }

    /** True if protecting or unprotecting a packet of {@code profile} allocates on the Java heap. */
    public boolean allocatesPerPacket(SrtpProfile profile) {
        return this == JCE && profile.aead();
    }

    /**
     * The backend to use for {@code profile}: the one {@value #PROPERTY} names, else the faster
     * one that is available (see the table above).
     *
     * @throws IllegalArgumentException      if the property holds something else than jce or openssl
     * @throws UnsupportedOperationException if the property names a backend that is unavailable here
     */
    public static CryptoBackend forProfile(SrtpProfile profile) {
        String forced = System.getProperty(PROPERTY);
        if (forced != null && !forced.isBlank()) {
            CryptoBackend backend;
            switch (forced.strip().toLowerCase(Locale.ROOT)) {
                case "jce":
                    backend = JCE;
                    break;
                case "openssl":
                    backend = OPENSSL;
                    break;
                default:
                    throw new IllegalArgumentException("system property " + PROPERTY + "=" + forced
                            + " names no SRTP crypto backend; use jce or openssl");
            }
            backend.require();
            return backend;
        }
        return OPENSSL.isAvailable() ? OPENSSL : JCE;
    }

    /** Throws {@link UnsupportedOperationException} naming the reason unless {@link #isAvailable()}. */
    void require() {
        if (!isAvailable()) {
            throw new UnsupportedOperationException("SRTP crypto backend " + this + " is unavailable: " + unavailableReason());
        }
    }

    /** A cipher over {@code keys} with {@code tagLength}-byte tags (AES-CM), for one direction. */
    PacketCipher newCipher(SessionKeys keys, int tagLength, boolean encrypt, SrtpCounters counters) {
        require();
        boolean gcm = keys.profile.aead();
        if (this == JCE) {
            return gcm ? new JceGcmCipher(keys, encrypt) : new JceAesCmCipher(keys, tagLength);
        }
        return gcm ? new OpenSslGcmCipher(keys, encrypt, counters) : new OpenSslAesCmCipher(keys, tagLength, counters);
    }
}

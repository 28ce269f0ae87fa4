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
 *   parameter spec for every IV, and builds its GCM state anew: 992 bytes per protect on JDK 17)
 *   and is here for comparison and as the fallback.</li>
 *   <li>{@link #OPENSSL}: libcrypto through JNA direct mapping, contexts keyed once, per packet
 *   only an IV re-init and updates over native addresses. Allocates nothing per packet. Available
 *   where a 64-bit JVM loads JNA and libcrypto ({@link #unavailableReason()} says why not).</li>
 * </ul>
 *
 * <p>{@link #forProfile} picks, per profile, the faster backend that allocates nothing per packet;
 * the system property {@value #PROPERTY} ({@code jce} or {@code openssl}) overrides it for every
 * profile. Measured with {@code SrtpCpuTime} (thread CPU time per packet, best of 20 rounds of
 * 50,000) and {@code SrtpBenchmark} (JMH, {@code -prof gc}) in {@code bench/}: 1200-byte packets
 * (12-byte header in a direct slot, 1188-byte payload a view of a direct frame), output into a
 * direct slot; JDK 17.0.15, OpenSSL 3.0.19, JNA 5.17, 2 vCPUs of an AMD EPYC (Zen 3: AES-NI,
 * VAES, VPCLMULQDQ, SHA-NI, no AVX-512) shared with other work:
 *
 * <table>
 * <caption>ns per packet: CPU time (SrtpCpuTime) / wall time (JMH); bytes allocated per packet</caption>
 * <tr><th>profile</th><th>JCE protect</th><th>OPENSSL protect</th><th>JCE protect + unprotect</th>
 *     <th>OPENSSL protect + unprotect</th><th>chosen</th></tr>
 * <tr><td>AES_CM_128_HMAC_SHA1_80</td><td>1242 / 1298, 0 B</td><td>2105 / 2548, 0 B</td>
 *     <td>2425 / 2730, 0 B</td><td>4132 / 5150, 0 B</td><td>JCE</td></tr>
 * <tr><td>AES_CM_128_HMAC_SHA1_32</td><td>1251 / 1314, 0 B</td><td>2157 / 2369, 0 B</td>
 *     <td>2443 / 2777, 0 B</td><td>4190 / 5437, 0 B</td><td>JCE</td></tr>
 * <tr><td>AEAD_AES_128_GCM</td><td>860 / 1065, 992 B</td><td>1534 / 1720, 0 B</td>
 *     <td>1709 / 1881, 2048 B</td><td>3169 / 4085, 0 B</td><td>OPENSSL</td></tr>
 * <tr><td>AEAD_AES_256_GCM</td><td>955 / 1181, 1008 B</td><td>1542 / 1851, 0 B</td>
 *     <td>1851 / 2134, 2032 B</td><td>3218 / 4427, 0 B</td><td>OPENSSL</td></tr>
 * </table>
 *
 * <p>Why: HMAC-SHA1 dominates AES-CM (about 0.9 µs for 1200 bytes in either library, SHA-NI in
 * both), the JDK's AES-CTR intrinsic is as quick as OpenSSL's, and each JNA call costs about
 * 75 ns plus 25 ns per argument here (the five calls of a packet, about 0.9 µs) where the JDK
 * pays nothing: the JDK wins AES-CM outright. For AES-GCM the same five calls put OpenSSL at
 * 1.5 µs although its own work is 0.6 µs (measured in C, and through the JDK 25 foreign-function
 * API with the same calls: 0.62 µs); the JDK's GCM is faster than that but allocates a kilobyte
 * per packet, so OpenSSL is chosen where it loads, and the JDK's GCM serves where it does not.
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

    /**
     * What does the work, for logs and command lines: e.g. "JDK javax.crypto (Java 17.0.15)" or
     * "OpenSSL libcrypto libcrypto.so (version 0x30000130), AES-GCM through JNA" (the library as JNA
     * found it, and what binds the AES-GCM calls: {@code the foreign function API} on Java 22 and
     * later), or why OpenSSL is unavailable.
     */
    public String description() {
        if (this == JCE) {
            return "JDK javax.crypto (Java " + System.getProperty("java.version") + ")";
        }
        if (!isAvailable()) {
            return "OpenSSL libcrypto, unavailable: " + unavailableReason();
        }
        return String.format("OpenSSL libcrypto %s (version 0x%08X), AES-GCM through %s", LibCrypto.LIBRARY,
                LibCrypto.OpenSSL_version_num(), EvpCalls.get().binding());
    }

    /** True if protecting or unprotecting a packet of {@code profile} allocates on the Java heap. */
    public boolean allocatesPerPacket(SrtpProfile profile) {
        return this == JCE && profile.aead();
    }

    /**
     * The backend to use for {@code profile}: the one {@value #PROPERTY} names, else the faster
     * one that allocates nothing per packet (see the table above): {@link #JCE} for AES-CM,
     * {@link #OPENSSL} for AES-GCM where libcrypto loads, else {@link #JCE}.
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
        if (profile.aead() && OPENSSL.isAvailable()) {
            return OPENSSL;
        }
        return JCE;
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

    /**
     * The SRTP cipher over {@code rtpKeys} and the SRTCP cipher over {@code rtcpKeys}, with their
     * profile's tag lengths, for one direction: {@code {rtp, rtcp}}. If the second cannot be made
     * the first is closed; the session keys are wiped either way.
     */
    PacketCipher[] newCiphers(SessionKeys rtpKeys, SessionKeys rtcpKeys, boolean encrypt, SrtpCounters counters) {
        try {
            SrtpProfile profile = rtpKeys.profile;
            PacketCipher rtp = newCipher(rtpKeys, profile.rtpTagLength(), encrypt, counters);
            try {
                return new PacketCipher[] {rtp, newCipher(rtcpKeys, profile.rtcpTagLength(), encrypt, counters)};
            } catch (RuntimeException | Error e) {
                rtp.close();
                throw e;
            }
        } finally {
            rtpKeys.clear();
            rtcpKeys.clear();
        }
    }
}

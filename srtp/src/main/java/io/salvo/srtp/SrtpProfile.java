package io.salvo.srtp;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The SRTP protection profiles salvo speaks: the two AES counter mode + HMAC-SHA1 suites of
 * RFC 3711 / RFC 4568 and the two AES-GCM suites of RFC 7714.
 *
 * <table>
 * <caption>Lengths in bytes</caption>
 * <tr><th>profile</th><th>master key</th><th>master salt</th><th>SRTP tag</th><th>SRTCP tag</th><th>DTLS-SRTP id</th></tr>
 * <tr><td>AES_CM_128_HMAC_SHA1_80</td><td>16</td><td>14</td><td>10</td><td>10</td><td>0x0001</td></tr>
 * <tr><td>AES_CM_128_HMAC_SHA1_32</td><td>16</td><td>14</td><td>4</td><td>10</td><td>0x0002</td></tr>
 * <tr><td>AEAD_AES_128_GCM</td><td>16</td><td>12</td><td>16</td><td>16</td><td>0x0007</td></tr>
 * <tr><td>AEAD_AES_256_GCM</td><td>32</td><td>12</td><td>16</td><td>16</td><td>0x0008</td></tr>
 * </table>
 *
 * <p>The SRTCP tag of AES_CM_128_HMAC_SHA1_32 is 80 bits: RFC 4568 §6.2.2 and RFC 5764 §4.1.2
 * shorten only the SRTP tag.
 */
public enum SrtpProfile {
    /** AES-128 in counter mode, HMAC-SHA1 tag of 80 bits (RFC 3711 default, RFC 4568 §6.2.1). */
    AES_CM_128_HMAC_SHA1_80("AES_CM_128_HMAC_SHA1_80", 0x0001, 16, 14, 10, 10, false),
    /** AES-128 in counter mode, HMAC-SHA1 SRTP tag of 32 bits (RFC 4568 §6.2.2). */
    AES_CM_128_HMAC_SHA1_32("AES_CM_128_HMAC_SHA1_32", 0x0002, 16, 14, 4, 10, false),
    /** AES-128 in Galois/counter mode, 128-bit tag (RFC 7714). */
    AEAD_AES_128_GCM("AEAD_AES_128_GCM", 0x0007, 16, 12, 16, 16, true),
    /** AES-256 in Galois/counter mode, 128-bit tag (RFC 7714). */
    AEAD_AES_256_GCM("AEAD_AES_256_GCM", 0x0008, 32, 12, 16, 16, true);

    /** Length of the HMAC-SHA1 session authentication key of the AES-CM profiles (RFC 3711 §8.2). */
    static final int AUTH_KEY_LENGTH = 20;
    /** Length of the E flag + 31-bit SRTCP index word (RFC 3711 §3.4). */
    static final int SRTCP_INDEX_LENGTH = 4;

    private final String sdpName;
    private final int dtlsId;
    private final int masterKeyLength;
    private final int masterSaltLength;
    private final int rtpTagLength;
    private final int rtcpTagLength;
    private final boolean aead;

    SrtpProfile(String sdpName, int dtlsId, int masterKeyLength, int masterSaltLength, int rtpTagLength,
                int rtcpTagLength, boolean aead) {
        this.sdpName = sdpName;
        this.dtlsId = dtlsId;
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
        this.rtpTagLength = rtpTagLength;
        this.rtcpTagLength = rtcpTagLength;
        this.aead = aead;
    }

    /** Length of the master key in bytes: 16, or 32 for AEAD_AES_256_GCM. */
    public int masterKeyLength() {
        return masterKeyLength;
    }

    /** Length of the master salt in bytes: 14 for AES-CM, 12 for AES-GCM. */
    public int masterSaltLength() {
        return masterSaltLength;
    }

    /** Bytes the authentication tag adds to each SRTP packet. */
    public int rtpTagLength() {
        return rtpTagLength;
    }

    /** Bytes the authentication tag adds to each SRTCP packet (the 4-byte index word comes on top). */
    public int rtcpTagLength() {
        return rtcpTagLength;
    }

    /** Bytes protection adds to an RTP packet: the tag. */
    public int rtpOverhead() {
        return rtpTagLength;
    }

    /** Bytes protection adds to an RTCP packet: the E flag + SRTCP index word and the tag. */
    public int rtcpOverhead() {
        return SRTCP_INDEX_LENGTH + rtcpTagLength;
    }

    /** The crypto-suite name of SDP security descriptions, e.g. {@code "AES_CM_128_HMAC_SHA1_80"}. */
    public String sdpName() {
        return sdpName;
    }

    /** The DTLS-SRTP protection profile id (RFC 5764 §4.1.2, RFC 7714 §14.2), e.g. 0x0001. */
    public int dtlsId() {
        return dtlsId;
    }

    /** True for the AES-GCM profiles, whose tag comes from the cipher itself. */
    boolean aead() {
        return aead;
    }

    /** Length of the session encryption key: the master key's length (RFC 3711 §8.2, RFC 7714 §12). */
    int sessionKeyLength() {
        return masterKeyLength;
    }

    /** Length of the session salt: the master salt's length. */
    int sessionSaltLength() {
        return masterSaltLength;
    }

    /**
     * The profile with the given SDP crypto-suite name (exact, case-sensitive as RFC 4568 writes them).
     *
     * @throws IllegalArgumentException naming the unknown suite and the known ones
     */
    public static SrtpProfile fromSdpName(String name) {
        for (SrtpProfile profile : values()) {
            if (profile.sdpName.equals(name)) {
                return profile;
            }
        }
        throw new IllegalArgumentException("unknown SRTP crypto suite \"" + name + "\"; known: " + knownNames());
    }

    /**
     * The profile with the given DTLS-SRTP protection profile id.
     *
     * @throws IllegalArgumentException naming the id and the known ones
     */
    public static SrtpProfile fromDtlsId(int id) {
        for (SrtpProfile profile : values()) {
            if (profile.dtlsId == id) {
                return profile;
            }
        }
        throw new IllegalArgumentException(String.format("unknown DTLS-SRTP protection profile 0x%04X; known: %s", id,
                Arrays.stream(values()).map(p -> String.format("0x%04X (%s)", p.dtlsId, p.sdpName))
                        .collect(Collectors.joining(", "))));
    }

    private static String knownNames() {
        return Arrays.stream(values()).map(SrtpProfile::sdpName).collect(Collectors.joining(", "));
    }
}

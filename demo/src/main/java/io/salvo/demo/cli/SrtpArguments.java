package io.salvo.demo.cli;

import io.salvo.srtp.SrtpKeys;
import io.salvo.srtp.SrtpProfile;

import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Collectors;

/**
 * SRTP profiles and keys as people type them on the command line ({@code --srtp PROFILE},
 * {@code --srtp-key KEY}). A profile is its SDP crypto-suite name in any case
 * ({@code aead_aes_128_gcm}). A key is one of:
 *
 * <pre>
 * AES_CM_128_HMAC_SHA1_80:BASE64                     NAME:key||salt in base64
 * AES_CM_128_HMAC_SHA1_80:inline:BASE64              the same with SDES's inline: prefix
 * "AES_CM_128_HMAC_SHA1_80 inline:BASE64"            NAME and key parameter, as in a=crypto
 * "1 AES_CM_128_HMAC_SHA1_80 inline:BASE64"          an a=crypto attribute's value (RFC 4568)
 * "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:BASE64" the SDP line itself
 * inline:BASE64                                      no name: the profile given elsewhere, else by length
 * </pre>
 *
 * <p>Without a name, and without a profile given elsewhere, the key's length picks the profile:
 * 30 bytes (16 + 14) AES_CM_128_HMAC_SHA1_80, 28 (16 + 12) AEAD_AES_128_GCM, 44 (32 + 12)
 * AEAD_AES_256_GCM; AES_CM_128_HMAC_SHA1_32 has the length of _80 and must be named. Errors are
 * {@link IllegalArgumentException}s whose message names the problem, never the key bytes.
 */
public final class SrtpArguments {
    /** The profile of a bare {@code --srtp}: the one every SDES implementation (ffmpeg among them) speaks. */
    public static final SrtpProfile DEFAULT_PROFILE = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
    private static final String INLINE = "inline:";
    private static final String CRYPTO_LINE = "a=crypto:";
    private static final String FORMS = "NAME:BASE64, NAME:inline:BASE64, 'NAME inline:BASE64' or an a=crypto value "
            + "'1 NAME inline:BASE64'";

    private SrtpArguments() {
    }

    /**
     * The profile named {@code name}, in any case.
     *
     * @throws IllegalArgumentException naming the unknown name and the known ones
     */
    public static SrtpProfile profile(String name) {
        for (SrtpProfile profile : SrtpProfile.values()) {
            if (profile.sdpName().equalsIgnoreCase(name.strip())) {
                return profile;
            }
        }
        throw new IllegalArgumentException("unknown SRTP profile '" + name + "'; known: " + knownProfiles());
    }

    /** The profiles by SDP name, the default marked: "AES_CM_128_HMAC_SHA1_80 (default), AES_CM_128_HMAC_SHA1_32, …". */
    public static String knownProfiles() {
        return Arrays.stream(SrtpProfile.values())
                .map(p -> p.sdpName() + (p == DEFAULT_PROFILE ? " (default)" : ""))
                .collect(Collectors.joining(", "));
    }

    /**
     * The keys {@code text} gives (see the class comment for the forms).
     *
     * @param unnamed the profile of a key given without a name (another option's), or null to
     *                pick it by the key's length
     * @throws IllegalArgumentException if the text has none of the forms, names an unknown
     *                                  profile, is not base64, or has the wrong length for the profile
     */
    public static SrtpKeys keys(String text, SrtpProfile unnamed) {
        String value = text.strip();
        if (value.regionMatches(true, 0, CRYPTO_LINE, 0, CRYPTO_LINE.length())) {
            value = value.substring(CRYPTO_LINE.length()).strip();
        }
        String[] words = value.split("\\s+");
        String name;
        String key;
        if (words.length == 3 && words[0].chars().allMatch(Character::isDigit)) {
            name = words[1];
            key = words[2];
        } else if (words.length == 2) {
            name = words[0];
            key = words[1];
        } else if (words.length == 1 && !value.isEmpty()) {
            int colon = value.indexOf(':');
            boolean bare = colon < 0 || value.regionMatches(true, 0, INLINE, 0, INLINE.length());
            name = bare ? null : value.substring(0, colon);
            key = bare ? value : value.substring(colon + 1);
        } else {
            throw new IllegalArgumentException("expected " + FORMS + ", e.g. " + DEFAULT_PROFILE.sdpName()
                    + ":inline:BASE64");
        }
        if (words.length > 1 && !key.regionMatches(true, 0, INLINE, 0, INLINE.length())) {
            throw new IllegalArgumentException("the key parameter after " + name + " must start with inline: (RFC 4568)");
        }
        if (key.regionMatches(true, 0, INLINE, 0, INLINE.length())) {
            key = key.substring(INLINE.length());
        }
        if (key.indexOf('|') >= 0) { // said here without echoing the key
            throw new IllegalArgumentException("the key has a lifetime or MKI part (after '|'); salvo takes only a bare "
                    + "key||salt");
        }
        SrtpProfile profile = name != null ? profile(name) : unnamed != null ? unnamed : byLength(key);
        return SrtpKeys.fromSdesInline(profile, key);
    }

    /**
     * The value of an SDP {@code a=crypto} attribute offering {@code keys}, with tag 1:
     * {@code "1 AES_CM_128_HMAC_SHA1_80 inline:BASE64"}.
     */
    public static String cryptoValue(SrtpKeys keys) {
        return keys.sdpCryptoLine(1).substring(CRYPTO_LINE.length());
    }

    private static SrtpProfile byLength(String base64) {
        int length;
        try {
            length = Base64.getDecoder().decode(base64).length;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SDES key parameter is not base64: " + e.getMessage(), e);
        }
        for (SrtpProfile profile : new SrtpProfile[] {DEFAULT_PROFILE, SrtpProfile.AEAD_AES_128_GCM,
                SrtpProfile.AEAD_AES_256_GCM}) {
            if (length == profile.masterKeyLength() + profile.masterSaltLength()) {
                return profile;
            }
        }
        throw new IllegalArgumentException("a key of " + length + " bytes fits no SRTP profile (30 bytes for "
                + "AES_CM_128_HMAC_SHA1_80 or _32, 28 for AEAD_AES_128_GCM, 44 for AEAD_AES_256_GCM)");
    }
}

package io.salvo.demo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.salvo.srtp.SrtpKeys;
import io.salvo.srtp.SrtpProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --srtp PROFILE} and {@code --srtp-key KEY}: what parses, and the message for what does not. */
class SrtpArgumentsTest {
    /** 30 bytes: 00 01 02 … 1D (an AES-CM key and salt). */
    private static final String KEY30 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd";
    /** 28 bytes: 00 01 02 … 1B (an AES-128-GCM key and salt). */
    private static final String KEY28 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==";
    /** 44 bytes: 00 01 02 … 2B (an AES-256-GCM key and salt). */
    private static final String KEY44 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKis=";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "AES_CM_128_HMAC_SHA1_80:" + KEY30 + "                       | AES_CM_128_HMAC_SHA1_80",
            "aes_cm_128_hmac_sha1_32:inline:" + KEY30 + "                | AES_CM_128_HMAC_SHA1_32",
            "AEAD_AES_128_GCM inline:" + KEY28 + "                       | AEAD_AES_128_GCM",
            "1 AEAD_AES_256_GCM inline:" + KEY44 + "                     | AEAD_AES_256_GCM",
            "a=crypto:7 AES_CM_128_HMAC_SHA1_32 inline:" + KEY30 + "     | AES_CM_128_HMAC_SHA1_32",
            "inline:" + KEY30 + "                                        | AES_CM_128_HMAC_SHA1_80",
            "inline:" + KEY28 + "                                        | AEAD_AES_128_GCM",
            KEY44 + "                                                    | AEAD_AES_256_GCM"})
    void shouldReadEveryFormAndTheProfileItNamesOrItsLengthPicks(String text, SrtpProfile profile) {
        SrtpKeys keys = SrtpArguments.keys(text, null);

        assertEquals(profile, keys.profile());
        assertEquals(0, keys.masterKey()[0]);
        assertEquals(profile.masterKeyLength(), keys.masterSalt()[0], "the salt follows the key");
    }

    @Test
    void shouldGiveAnUnnamedKeyTheProfileGivenElsewhere() {
        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_32,
                SrtpArguments.keys("inline:" + KEY30, SrtpProfile.AES_CM_128_HMAC_SHA1_32).profile());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SrtpArguments.keys(KEY28, SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        assertEquals("AES_CM_128_HMAC_SHA1_80 needs 30 bytes of key and salt (16 + 14) in its inline key, got 28",
                e.getMessage(), "the profile given, not the one the length would pick");
    }

    @Test
    void shouldWriteTheCryptoValueThatReadsBack() {
        SrtpKeys keys = SrtpKeys.random(SrtpProfile.AEAD_AES_128_GCM);
        String value = SrtpArguments.cryptoValue(keys);

        assertEquals("1 AEAD_AES_128_GCM inline:" + keys.sdesInline(), value);
        assertEquals(keys, SrtpArguments.keys(value, null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "aead_aes_128_gcm   | AEAD_AES_128_GCM",
            "AES_CM_128_HMAC_SHA1_32 | AES_CM_128_HMAC_SHA1_32"})
    void shouldNameProfilesInAnyCase(String name, SrtpProfile profile) {
        assertEquals(profile, SrtpArguments.profile(name));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '#', quoteCharacter = '"', value = {
            "AES_GCM_128:" + KEY28 + " # unknown SRTP profile 'AES_GCM_128'; known: AES_CM_128_HMAC_SHA1_80 (default), "
                    + "AES_CM_128_HMAC_SHA1_32, AEAD_AES_128_GCM, AEAD_AES_256_GCM",
            "AES_CM_128_HMAC_SHA1_80:" + KEY28 + " # AES_CM_128_HMAC_SHA1_80 needs 30 bytes of key and salt (16 + 14) in "
                    + "its inline key, got 28",
            "AES_CM_128_HMAC_SHA1_80:not*base64 # SDES key parameter is not base64: Illegal base64 character 2a",
            "AES_CM_128_HMAC_SHA1_80 " + KEY30 + " # the key parameter after AES_CM_128_HMAC_SHA1_80 must start with "
                    + "inline: (RFC 4568)",
            "AES_CM_128_HMAC_SHA1_80:inline:" + KEY30 + "|2^20 # the key has a lifetime or MKI part (after '|'); salvo "
                    + "takes only a bare key||salt",
            "inline:AAECAwQF # a key of 6 bytes fits no SRTP profile (30 bytes for AES_CM_128_HMAC_SHA1_80 or _32, 28 for "
                    + "AEAD_AES_128_GCM, 44 for AEAD_AES_256_GCM)",
            "1 2 3 4 # expected NAME:BASE64, NAME:inline:BASE64, 'NAME inline:BASE64' or an a=crypto value "
                    + "'1 NAME inline:BASE64', e.g. AES_CM_128_HMAC_SHA1_80:inline:BASE64",
            "\"\" # expected NAME:BASE64, NAME:inline:BASE64, 'NAME inline:BASE64' or an a=crypto value "
                    + "'1 NAME inline:BASE64', e.g. AES_CM_128_HMAC_SHA1_80:inline:BASE64"})
    void shouldRefuseWhatIsNoKeyNamingTheProblem(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SrtpArguments.keys(text, null));

        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains(KEY30) || e.getMessage().contains(KEY28), "no key in the message");
    }
}

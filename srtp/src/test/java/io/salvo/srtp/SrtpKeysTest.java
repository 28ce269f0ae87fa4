package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpKeysTest {
    // RFC 4568 §9.1 example key parameter: 40 base64 characters, 30 bytes of key (16) and salt (14)
    private static final String RFC4568_INLINE = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

    @Test
    void shouldSplitAnSdesInlineKeyIntoKeyAndSalt() {
        SrtpKeys keys = SrtpKeys.fromSdesInline(SrtpProfile.AES_CM_128_HMAC_SHA1_80, "inline:" + RFC4568_INLINE);
        byte[] decoded = Base64.getDecoder().decode(RFC4568_INLINE);

        assertArrayEquals(java.util.Arrays.copyOf(decoded, 16), keys.masterKey());
        assertArrayEquals(java.util.Arrays.copyOfRange(decoded, 16, 30), keys.masterSalt());
        assertEquals(RFC4568_INLINE, keys.sdesInline());
    }

    @Test
    void shouldAcceptAnInlineKeyWithoutItsPrefix() {
        assertEquals(SrtpKeys.fromSdesInline(SrtpProfile.AES_CM_128_HMAC_SHA1_32, "inline:" + RFC4568_INLINE),
                SrtpKeys.fromSdesInline(SrtpProfile.AES_CM_128_HMAC_SHA1_32, RFC4568_INLINE));
    }

    @Test
    void shouldWriteTheSdpCryptoLine() {
        SrtpKeys keys = SrtpKeys.fromSdesInline(SrtpProfile.AES_CM_128_HMAC_SHA1_80, RFC4568_INLINE);

        assertEquals("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC4568_INLINE, keys.sdpCryptoLine(1));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void shouldRoundTripRandomKeysThroughSdes(SrtpProfile profile) {
        SrtpKeys keys = SrtpKeys.random(profile);
        String line = keys.sdpCryptoLine(7);

        assertTrue(line.startsWith("a=crypto:7 " + profile.sdpName() + " inline:"), line);
        assertEquals(keys, SrtpKeys.fromSdesInline(profile, line.substring(line.indexOf("inline:"))));
        assertNotEquals(keys, SrtpKeys.random(profile));
    }

    @Test
    void shouldRejectAnInlineKeyOfTheWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SrtpKeys.fromSdesInline(SrtpProfile.AEAD_AES_128_GCM, RFC4568_INLINE));

        assertEquals("AEAD_AES_128_GCM needs 28 bytes of key and salt (16 + 12) in its inline key, got 30", e.getMessage());
    }

    @Test
    void shouldRejectALifetimeOrMki() {
        IllegalArgumentException lifetime = assertThrows(IllegalArgumentException.class,
                () -> SrtpKeys.fromSdesInline(SrtpProfile.AES_CM_128_HMAC_SHA1_80, RFC4568_INLINE + "|2^20"));
        IllegalArgumentException mki = assertThrows(IllegalArgumentException.class,
                () -> SrtpKeys.fromSdesInline(SrtpProfile.AES_CM_128_HMAC_SHA1_80, RFC4568_INLINE + "|1:4"));

        assertTrue(lifetime.getMessage().contains("lifetime or MKI part \"|2^20\""), lifetime.getMessage());
        assertTrue(mki.getMessage().contains("\"|1:4\""), mki.getMessage());
    }

    @Test
    void shouldRejectTextThatIsNotBase64() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SrtpKeys.fromSdesInline(SrtpProfile.AES_CM_128_HMAC_SHA1_80, "inline:not*base64"));
        assertTrue(e.getMessage().startsWith("SDES key parameter is not base64"), e.getMessage());
    }

    @Test
    void shouldRejectKeyAndSaltOfTheWrongLength() {
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> new SrtpKeys(SrtpProfile.AEAD_AES_256_GCM, new byte[16], new byte[12]));
        IllegalArgumentException salt = assertThrows(IllegalArgumentException.class,
                () -> new SrtpKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new byte[16], new byte[12]));

        assertEquals("AEAD_AES_256_GCM needs a master key of 32 bytes, got 16", key.getMessage());
        assertEquals("AES_CM_128_HMAC_SHA1_80 needs a master salt of 14 bytes, got 12", salt.getMessage());
    }

    @Test
    void shouldRejectATagOutsideNineDigits() {
        SrtpKeys keys = SrtpKeys.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        assertThrows(IllegalArgumentException.class, () -> keys.sdpCryptoLine(-1));
        assertThrows(IllegalArgumentException.class, () -> keys.sdpCryptoLine(1_000_000_000));
    }

    @Test
    void shouldCopyKeysInAndOut() {
        byte[] key = new byte[16];
        byte[] salt = new byte[14];
        SrtpKeys keys = new SrtpKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, key, salt);
        key[0] = 1;
        keys.masterKey()[1] = 1;
        keys.masterSalt()[0] = 1;

        assertArrayEquals(new byte[16], keys.masterKey());
        assertArrayEquals(new byte[14], keys.masterSalt());
    }

    @Test
    void shouldSplitDtlsKeyingMaterialIntoClientAndServerKeys() {
        // RFC 5764 §4.2: client key (16) | server key (16) | client salt (14) | server salt (14)
        byte[] material = new byte[60];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) i;
        }
        SrtpKeys[] keys = SrtpKeys.fromDtlsKeyingMaterial(SrtpProfile.AES_CM_128_HMAC_SHA1_80, material);

        assertArrayEquals(Hex.bytes("000102030405060708090a0b0c0d0e0f"), keys[0].masterKey());
        assertArrayEquals(Hex.bytes("101112131415161718191a1b1c1d1e1f"), keys[1].masterKey());
        assertArrayEquals(Hex.bytes("202122232425262728292a2b2c2d"), keys[0].masterSalt());
        assertArrayEquals(Hex.bytes("2e2f303132333435363738393a3b"), keys[1].masterSalt());
    }

    @Test
    void shouldSplitAes256GcmKeyingMaterial() {
        // 32 + 32 + 12 + 12
        byte[] material = new byte[88];
        material[31] = 1;   // last byte of the client key
        material[32] = 2;   // first byte of the server key
        material[75] = 3;   // last byte of the client salt
        material[76] = 4;   // first byte of the server salt
        SrtpKeys[] keys = SrtpKeys.fromDtlsKeyingMaterial(SrtpProfile.AEAD_AES_256_GCM, material);

        assertEquals(1, keys[0].masterKey()[31]);
        assertEquals(2, keys[1].masterKey()[0]);
        assertEquals(3, keys[0].masterSalt()[11]);
        assertEquals(4, keys[1].masterSalt()[0]);
    }

    @Test
    void shouldRejectKeyingMaterialOfTheWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SrtpKeys.fromDtlsKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, new byte[60]));
        assertEquals("AEAD_AES_128_GCM needs 56 bytes of DTLS-SRTP keying material (2 × (16 + 12)), got 60", e.getMessage());
    }

    @Test
    void shouldNeverPrintKeyBytes() {
        SrtpKeys keys = SrtpKeys.fromSdesInline(SrtpProfile.AES_CM_128_HMAC_SHA1_80, RFC4568_INLINE);
        String text = keys.toString();

        assertEquals("SrtpKeys[AES_CM_128_HMAC_SHA1_80, key 16 bytes, salt 14 bytes]", text);
        assertFalse(text.contains(RFC4568_INLINE));
    }
}

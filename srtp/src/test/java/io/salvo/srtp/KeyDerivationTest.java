package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** RFC 3711 Appendix B.3: the AES-CM PRF with key derivation rate 0. */
class KeyDerivationTest {
    // master key and master salt of B.3
    private static final byte[] MASTER_KEY = Hex.bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static final byte[] MASTER_SALT = Hex.bytes("0EC675AD498AFEEBB6960B3AABE6");

    private final KeyDerivation kdf = new KeyDerivation(MASTER_KEY, MASTER_SALT);

    @Test
    void shouldDeriveTheCipherKeyOfB3() {
        // AES-CM input 0EC675AD498AFEEBB6960B3AABE60000 (label 0x00)
        assertArrayEquals(Hex.bytes("C61E7A93744F39EE10734AFE3FF7A087"), kdf.derive(KeyDerivation.RTP_ENCRYPTION, 16));
    }

    @Test
    void shouldDeriveTheCipherSaltOfB3() {
        // AES-CM input 0EC675AD498AFEE9B6960B3AABE60000 (label 0x02): output 30CB…9AE1 7AC6, first 14 bytes kept
        assertArrayEquals(Hex.bytes("30CBBC08863D8C85D49DB34A9AE1"), kdf.derive(KeyDerivation.RTP_SALT, 14));
    }

    @Test
    void shouldDeriveAll94BytesOfTheAuthKeyOfB3() {
        // AES input blocks 0EC675AD498AFEEAB6960B3AABE60000 … 0005 (label 0x01)
        byte[] expected = Hex.bytes(
                "CEBE321F6FF7716B6FD4AB49AF256A15"
                        + "6D38BAA48F0A0ACF3C34E2359E6CDBCE"
                        + "E049646C43D9327AD175578EF7227098"
                        + "6371C10C9A369AC2F94A8C5FBCDDDC25"
                        + "6D6E919A48B610EF17C2041E47403576"
                        + "6B68642C59BBFC2F34DB60DBDFB2");
        assertArrayEquals(expected, kdf.derive(KeyDerivation.RTP_AUTHENTICATION, 94));
    }

    @Test
    void shouldGiveSrtpTheFirst20BytesOfTheAuthKey() {
        SessionKeys keys = SessionKeys.rtp(new SrtpKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT));

        assertArrayEquals(Hex.bytes("C61E7A93744F39EE10734AFE3FF7A087"), keys.encryptionKey);
        assertArrayEquals(Hex.bytes("30CBBC08863D8C85D49DB34A9AE1"), keys.salt);
        assertArrayEquals(Hex.bytes("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"), keys.authenticationKey);
    }

    @Test
    void shouldGiveGcmA12ByteSaltAndNoAuthKey() {
        SessionKeys keys = SessionKeys.rtp(new SrtpKeys(SrtpProfile.AEAD_AES_256_GCM, new byte[32], new byte[12]));

        assertArrayEquals(new int[]{32, 12, 0},
                new int[]{keys.encryptionKey.length, keys.salt.length, keys.authenticationKey.length});
    }
}

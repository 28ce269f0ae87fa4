package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpProfileTest {
    @ParameterizedTest
    @CsvSource({
            // profile,               key, salt, SRTP tag, SRTCP tag, DTLS id
            "AES_CM_128_HMAC_SHA1_80, 16,  14,   10,       10,        1",
            "AES_CM_128_HMAC_SHA1_32, 16,  14,   4,        10,        2",
            "AEAD_AES_128_GCM,        16,  12,   16,       16,        7",
            "AEAD_AES_256_GCM,        32,  12,   16,       16,        8"})
    void shouldCarryTheLengthsAndIdsOfTheRfcs(SrtpProfile profile, int key, int salt, int rtpTag, int rtcpTag, int dtlsId) {
        assertEquals(key, profile.masterKeyLength());
        assertEquals(salt, profile.masterSaltLength());
        assertEquals(rtpTag, profile.rtpTagLength());
        assertEquals(rtcpTag, profile.rtcpTagLength());
        assertEquals(rtpTag, profile.rtpOverhead());
        assertEquals(4 + rtcpTag, profile.rtcpOverhead());
        assertEquals(dtlsId, profile.dtlsId());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void shouldFindEveryProfileByItsSdpNameAndDtlsId(SrtpProfile profile) {
        assertEquals(profile.name(), profile.sdpName());
        assertEquals(profile, SrtpProfile.fromSdpName(profile.sdpName()));
        assertEquals(profile, SrtpProfile.fromDtlsId(profile.dtlsId()));
    }

    @Test
    void shouldNameTheUnknownSuiteAndTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SrtpProfile.fromSdpName("F8_128_HMAC_SHA1_80"));

        assertEquals("unknown SRTP crypto suite \"F8_128_HMAC_SHA1_80\"; known: AES_CM_128_HMAC_SHA1_80, "
                + "AES_CM_128_HMAC_SHA1_32, AEAD_AES_128_GCM, AEAD_AES_256_GCM", e.getMessage());
    }

    @Test
    void shouldMatchSdpNamesExactly() {
        assertThrows(IllegalArgumentException.class, () -> SrtpProfile.fromSdpName("aes_cm_128_hmac_sha1_80"));
    }

    @Test
    void shouldNameTheUnknownDtlsProfile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SrtpProfile.fromDtlsId(0x0005));

        assertTrue(e.getMessage().startsWith("unknown DTLS-SRTP protection profile 0x0005; known: 0x0001 (AES_CM_128_HMAC_SHA1_80)"),
                e.getMessage());
    }
}

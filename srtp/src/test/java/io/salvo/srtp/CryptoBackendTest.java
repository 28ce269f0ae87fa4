package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CryptoBackendTest {
    private final String saved = System.getProperty(CryptoBackend.PROPERTY);

    @AfterEach
    void restoreProperty() {
        if (saved == null) {
            System.clearProperty(CryptoBackend.PROPERTY);
        } else {
            System.setProperty(CryptoBackend.PROPERTY, saved);
        }
    }

    @Test
    void shouldAlwaysHaveTheJdk() {
        assertTrue(CryptoBackend.JCE.isAvailable());
        assertNull(CryptoBackend.JCE.unavailableReason());
    }

    @Test
    void shouldSayWhyOpenSslIsUnavailableOrNothing() {
        assertEquals(CryptoBackend.OPENSSL.isAvailable(), CryptoBackend.OPENSSL.unavailableReason() == null);
    }

    @Test
    void shouldDescribeWhatDoesTheWork() {
        assertTrue(CryptoBackend.JCE.description().startsWith("JDK javax.crypto (Java "), CryptoBackend.JCE.description());
        String openSsl = CryptoBackend.OPENSSL.description();
        assertTrue(openSsl.startsWith(CryptoBackend.OPENSSL.isAvailable() ? "OpenSSL libcrypto libcrypto" : "OpenSSL libcrypto, unavailable: "),
                openSsl);
        if (CryptoBackend.OPENSSL.isAvailable()) {
            assertTrue(openSsl.endsWith(", AES-GCM through " + EvpCalls.get().binding()), openSsl);
        }
    }

    @Test
    void shouldBindTheGcmCallsThroughTheForeignFunctionApiFromJava22() {
        org.junit.jupiter.api.Assumptions.assumeTrue(CryptoBackend.OPENSSL.isAvailable(), "no libcrypto here");
        boolean forcedJna = "jna".equalsIgnoreCase(System.getProperty(EvpCalls.PROPERTY, ""));
        if (Runtime.version().feature() >= 22 && !forcedJna) {
            assertEquals("the foreign function API", EvpCalls.get().binding(), EvpCalls.ffmUnusedBecause());
            assertEquals(null, EvpCalls.ffmUnusedBecause());
        } else {
            assertEquals("JNA", EvpCalls.get().binding());
            assertTrue(EvpCalls.ffmUnusedBecause() != null && !EvpCalls.ffmUnusedBecause().isBlank());
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void shouldPickTheJdkForAesCmAndOpenSslForGcmWhereItLoads(SrtpProfile profile) {
        System.clearProperty(CryptoBackend.PROPERTY);
        CryptoBackend expected = profile.name().startsWith("AEAD") && CryptoBackend.OPENSSL.isAvailable()
                ? CryptoBackend.OPENSSL : CryptoBackend.JCE;

        assertEquals(expected, CryptoBackend.forProfile(profile));
        try (SrtpSender sender = new SrtpSender(SrtpKeys.random(profile))) {
            assertEquals(expected, sender.backend());
        }
    }

    @Test
    void shouldLetThePropertyForceABackend() {
        System.setProperty(CryptoBackend.PROPERTY, " JCE ");
        assertEquals(CryptoBackend.JCE, CryptoBackend.forProfile(SrtpProfile.AEAD_AES_128_GCM));
        try (SrtpReceiver receiver = new SrtpReceiver(SrtpKeys.random(SrtpProfile.AEAD_AES_128_GCM))) {
            assertEquals(CryptoBackend.JCE, receiver.backend());
        }

        System.setProperty(CryptoBackend.PROPERTY, "openssl");
        if (CryptoBackend.OPENSSL.isAvailable()) {
            assertEquals(CryptoBackend.OPENSSL, CryptoBackend.forProfile(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        } else {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> CryptoBackend.forProfile(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
            assertTrue(e.getMessage().startsWith("SRTP crypto backend OPENSSL is unavailable: "), e.getMessage());
        }
    }

    @Test
    void shouldNameAPropertyValueThatIsNoBackend() {
        System.setProperty(CryptoBackend.PROPERTY, "bouncycastle");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CryptoBackend.forProfile(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        assertEquals("system property io.salvo.srtp.backend=bouncycastle names no SRTP crypto backend; use jce or openssl",
                e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void shouldSayWhichCombinationAllocates(SrtpProfile profile) {
        assertEquals(profile.name().startsWith("AEAD"), CryptoBackend.JCE.allocatesPerPacket(profile));
        assertFalse(CryptoBackend.OPENSSL.allocatesPerPacket(profile));
    }
}

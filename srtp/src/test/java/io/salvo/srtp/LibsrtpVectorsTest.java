package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole packets from master keys, as libsrtp protects them: its own {@code srtp_validate} and
 * {@code srtp_validate_gcm} known answers, and packets libsrtp 2.5 (built on NSS) made for these
 * tests with {@code src/test/c/libsrtp_vectors.c}: CSRCs, a header extension, the ROC going to 1,
 * every profile. libsrtp numbers SRTCP packets from 1, so the RTCP vectors use index 1.
 */
class LibsrtpVectorsTest {
    private static final SrtpKeys B3_KEYS_80 = keys(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    private static final SrtpKeys B3_KEYS_32 = keys(SrtpProfile.AES_CM_128_HMAC_SHA1_32);
    private static final long SSRC = 0x12345678L;

    // srtp_validate: SSRC 0xcafebabe, SEQ 0x1234, 16 bytes of 0xab
    private static final String VALIDATE_RTP = "800f1234 decafbad cafebabe abababab abababab abababab abababab";
    // an SR header and 16 bytes of 0xab
    private static final String VALIDATE_RTCP = "81c8000b cafebabe abababab abababab abababab abababab";

    /** RFC 3711 B.3's master key and salt: what srtp_validate and the generated vectors use. */
    private static SrtpKeys keys(SrtpProfile profile) {
        return new SrtpKeys(profile, Hex.bytes("e1f97a0d3e018be0d64fa32c06de4139"), Hex.bytes("0ec675ad498afeebb6960b3aabe6"));
    }

    /** Key 00..0f (or 00..1f), salt a0..ab: srtp_validate_gcm's and the generated GCM vectors' keys. */
    private static SrtpKeys gcmKeys(SrtpProfile profile) {
        return Cases.keys(profile);
    }

    @ParameterizedTest
    @MethodSource("io.salvo.srtp.Cases#backends")
    void shouldMatchSrtpValidate(CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        assertProtects(B3_KEYS_80, backend, VALIDATE_RTP,
                "800f1234 decafbad cafebabe 4e55dc4c e79978d8 8ca4d215 949d2402"   // header, ciphertext
                        + " b78d6acc 99ea179b 8dbb");                               // 80-bit tag
        assertProtectsRtcp(B3_KEYS_80, backend, 0xcafebabeL, VALIDATE_RTCP,
                "81c8000b cafebabe 7128035b e487b9bd bef89041 f977a5a8"            // header, SSRC, ciphertext
                        + " 80000001"                                               // E=1, index 1
                        + " 993e08cd 54d6c123 0798");                               // 80-bit tag
    }

    @ParameterizedTest
    @MethodSource("io.salvo.srtp.Cases#backends")
    void shouldMatchSrtpValidateWithA32BitTag(CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        assertProtects(B3_KEYS_32, backend, VALIDATE_RTP,
                "800f1234 decafbad cafebabe 4e55dc4c e79978d8 8ca4d215 949d2402 b78d6acc");
        // SRTCP keeps its 80-bit tag with the 32-bit SRTP profile
        assertProtectsRtcp(B3_KEYS_32, backend, 0xcafebabeL, VALIDATE_RTCP,
                "81c8000b cafebabe 7128035b e487b9bd bef89041 f977a5a8 80000001 993e08cd 54d6c123 0798");
    }

    @ParameterizedTest
    @MethodSource("io.salvo.srtp.Cases#backends")
    void shouldMatchSrtpValidateGcm(CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        SrtpKeys keys = gcmKeys(SrtpProfile.AEAD_AES_128_GCM);
        assertProtects(keys, backend, VALIDATE_RTP,
                "800f1234 decafbad cafebabe c5002ede 04cfdd2e b91159e0 880aa06e"   // header, ciphertext
                        + " d2976826 f796b201 df3131a1 27e8a392");                  // 128-bit tag
        assertProtectsRtcp(keys, backend, 0xcafebabeL, VALIDATE_RTCP,
                "81c8000b cafebabe c98b8b5d f0392a55 852b6c21 ac8e7025"            // header, SSRC, ciphertext
                        + " c52c6fbe a2b3b446 ea31123b a88ce61e"                    // tag
                        + " 80000001");                                             // E=1, index 1
    }

    // The generated packets: V=2 X=1 CC=2 PT 96, TS 123456, SSRC 0x12345678, CSRCs 10 and 11,
    // a one-byte extension (id 1, value 0x2a), 40 payload bytes 01 08 0f … (i * 7 + 1).
    private static final String HEADER_REST = " 0001e240 12345678 0000000a 0000000b bede0001 102a0000";
    private static final String PAYLOAD = "01080f16 1d242b32 3940474e 555c636a 71787f86 8d949ba2 a9b0b7be c5ccd3da e1e8eff6"
            + " fd040b12";
    // an RR without report blocks and an SDES CNAME "salvo", from SSRC 0x12345678
    private static final String RR_SDES = "80c90001 12345678 81ca0003 12345678 01057361 6c766f00";

    @ParameterizedTest
    @MethodSource("io.salvo.srtp.Cases#backends")
    void shouldMatchLibsrtpAcrossTheRolloverWith80BitTags(CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        assertRollover(B3_KEYS_80, backend,
                "9260ffff" + HEADER_REST + " 725538c1 0ad4debd 0dd56d7f fce747e6 595f9cd4 25a1c295 b7bdcabc 255b596b"
                        + " a767c15a 80efd790 3a671a1b 43bcaca8 97cb",
                "92600001" + HEADER_REST + " 6c9141e4 58fc6e9b d6413acc 4d390088 5b8cb131 be333c9a e3ecf32c 317a6f43"
                        + " 39e8dbfe 5b5a6b19 68d998a7 0f726dbe b419",
                "80c90001 12345678 fd4abace 2438e6a2 34987ab0 0b59d6cb 80000001 909dbad4 37e485df 4182");
    }

    @ParameterizedTest
    @MethodSource("io.salvo.srtp.Cases#backends")
    void shouldMatchLibsrtpAcrossTheRolloverWith32BitTags(CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        assertRollover(B3_KEYS_32, backend,
                "9260ffff" + HEADER_REST + " 725538c1 0ad4debd 0dd56d7f fce747e6 595f9cd4 25a1c295 b7bdcabc 255b596b"
                        + " a767c15a 80efd790 3a671a1b",
                "92600001" + HEADER_REST + " 6c9141e4 58fc6e9b d6413acc 4d390088 5b8cb131 be333c9a e3ecf32c 317a6f43"
                        + " 39e8dbfe 5b5a6b19 68d998a7",
                "80c90001 12345678 fd4abace 2438e6a2 34987ab0 0b59d6cb 80000001 909dbad4 37e485df 4182");
    }

    @ParameterizedTest
    @MethodSource("io.salvo.srtp.Cases#backends")
    void shouldMatchLibsrtpAcrossTheRolloverWithAes128Gcm(CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        assertRollover(gcmKeys(SrtpProfile.AEAD_AES_128_GCM), backend,
                "9260ffff" + HEADER_REST + " 794ce748 cc85f515 9ae66da6 89641514 46ee8433 c0e38ad4 8b3815de 22c9a78e"
                        + " 7f7c51a4 099e097d 546d59f4 2a79854e 15f01541 48578e41",
                "92600001" + HEADER_REST + " 2bdd5510 9671fe03 89f37ed8 9607dec4 bac3061c 9d170bfd 2a74a417 4950ca7c"
                        + " 9f2adda9 3283ba99 8ba8afe3 a8325c04 ea6ba110 fb598a15",
                "80c90001 12345678 21bde466 a4e80f7f 35117351 000ac1a1 f2106468 41e5da24 6b79fb28 d7981d3d 80000001");
    }

    @ParameterizedTest
    @MethodSource("io.salvo.srtp.Cases#backends")
    void shouldMatchLibsrtpAcrossTheRolloverWithAes256Gcm(CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        assertRollover(gcmKeys(SrtpProfile.AEAD_AES_256_GCM), backend,
                "9260ffff" + HEADER_REST + " a1e64a72 c83b0b68 b949906d 2bbd7839 93add350 eff383c7 fa3aaeb7 1f6e45c0"
                        + " dcd97590 bd02a0e8 e049a1be 4f9b3b56 7240763a e63406ae",
                "92600001" + HEADER_REST + " 89607165 6dbbebb9 744cd56b 7887a45b 7b42ba85 f98f8bdf 33cd6b01 e9fd04f3"
                        + " 85c4b6f0 d9556a2c 340a68ff 78930235 6df5ecac 0d929279",
                "80c90001 12345678 1b7dd41e ebd39c1c ac6e865e 316de0b6 d7f21f62 4c7be422 9f9c4495 2a1a8e6e 80000001");
    }

    /** Protects SEQ 65535 (ROC 0), then SEQ 1 (ROC 1), then the RTCP packet; unprotects them again. */
    private static void assertRollover(SrtpKeys keys, CryptoBackend backend, String first, String second, String rtcp) {
        assertProtectsSequence(keys, backend, new String[]{"9260ffff" + HEADER_REST + " " + PAYLOAD,
                "92600001" + HEADER_REST + " " + PAYLOAD}, new String[]{first, second});
        assertProtectsRtcp(keys, backend, SSRC, RR_SDES, rtcp);
    }

    private static void assertProtects(SrtpKeys keys, CryptoBackend backend, String plain, String expected) {
        assertProtectsSequence(keys, backend, new String[]{plain}, new String[]{expected});
    }

    private static void assertProtectsSequence(SrtpKeys keys, CryptoBackend backend, String[] plain, String[] expected) {
        ByteBuffer out = Cases.direct(256);
        try (SrtpSender sender = new SrtpSender(keys, backend); SrtpReceiver receiver = new SrtpReceiver(keys, backend)) {
            for (int i = 0; i < plain.length; i++) {
                byte[] packet = Hex.bytes(plain[i]);
                int length = sender.protectRtp(Cases.at(0, packet, 256, true), 0, packet.length, out, 2);
                assertEquals(Hex.of(Hex.bytes(expected[i])), Hex.of(out, 2, length), "packet " + i);

                assertEquals(packet.length, receiver.unprotectRtp(out, 2, length), "unprotect packet " + i);
                assertEquals(Hex.of(packet), Hex.of(out, 2, packet.length), "decrypted packet " + i);
            }
        }
    }

    private static void assertProtectsRtcp(SrtpKeys keys, CryptoBackend backend, long ssrc, String plain, String expected) {
        byte[] packet = Hex.bytes(plain);
        ByteBuffer out = ByteBuffer.allocate(256);
        try (SrtpSender sender = new SrtpSender(keys, backend); SrtpReceiver receiver = new SrtpReceiver(keys, backend)) {
            sender.nextSrtcpIndex(ssrc, 1);
            int length = sender.protectRtcp(Cases.at(4, packet, 256, false), 4, packet.length, out, 0);
            assertEquals(Hex.of(Hex.bytes(expected)), Hex.of(out, 0, length));

            assertEquals(packet.length, receiver.unprotectRtcp(out, 0, length));
            assertEquals(Hex.of(packet), Hex.of(out, 0, packet.length));
        }
    }
}

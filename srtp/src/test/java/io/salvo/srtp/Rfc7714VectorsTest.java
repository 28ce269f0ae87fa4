package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 7714 §16 (AEAD_AES_128_GCM) and §17 (AEAD_AES_256_GCM): the RFC gives session keys
 * directly (the same key and salt for SRTP and SRTCP), an RTP packet with ROC 0 and an RTCP
 * packet with SRTCP index 0x5d4, encrypted and, for RTCP, authenticated only (E = 0).
 */
class Rfc7714VectorsTest {
    // salt 51 75 69 64 20 70 72 6f 20 71 75 6f ("Quid pro quo")
    private static final byte[] SALT = Hex.bytes("517569642070726f2071756f");
    private static final long RTCP_SSRC = 0x4d617273L;
    private static final int SRTCP_INDEX = 0x5d4;

    private static final byte[] RTP_PLAIN = Hex.bytes(
            "8040f17b 8041f8d3 5501a0b2"                    // V=2, PT 64, SEQ 0xf17b, TS, SSRC 0x5501a0b2
                    + " 47616c6c 69612065 7374206f 6d6e6973" // "Gallia est omnis divisa in partes tres"
                    + " 20646976 69736120 696e2070 61727465 73207472 6573");
    private static final byte[] RTCP_PLAIN = Hex.bytes(
            "81c8000d 4d617273"                             // SR, length 13, SSRC "Mars"
                    + " 4e545031 4e545032 52545020 0000042a" // "NTP1" "NTP2" "RTP " packets 1066
                    + " 0000e930 4c756e61"                   // octets 59696, report block SSRC "Luna"
                    + " deadbeef deadbeef deadbeef deadbeef deadbeef");

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of(SrtpProfile.AEAD_AES_128_GCM, "000102030405060708090a0b0c0d0e0f",
                        // §16.1.1 RTP: header | ciphertext | tag
                        "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f"
                                + " 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce",
                        // §17.1 SRTCP: header | ciphertext | tag | E=1 + index 0x5d4
                        "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1"
                                + " 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4",
                        // §17.3 SRTCP authentication only: plaintext | tag | E=0 + index 0x5d4
                        "841dd968 3dd78ec9 2ae58790 125f62b3 000005d4"),
                Arguments.of(SrtpProfile.AEAD_AES_256_GCM,
                        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                        "8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa 332e33aa b1801238 9a58e2f3"
                                + " b50b2a02 76ffae0f 1ba63799 b87b7aa3 db36dfff d6b0f9bb 7878d7a7 6c13",
                        "81c8000d 4d617273 d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d bffe0a50 a2eaa5c1"
                                + " 110555be 8415f658 c61de047 6f1b6fad 1d1eb30c 4446839f 57ff6f6c b26ac3be 800005d4",
                        "91db4afb feee5a97 8fab4393 ed2615fe 000005d4"));
    }

    static Stream<Arguments> vectorsAndBackends() {
        return vectors().flatMap(v -> Cases.backends().map(b -> {
            Object[] args = v.get();
            return Arguments.of(args[0], args[1], args[2], args[3], args[4], b);
        }));
    }

    @ParameterizedTest(name = "{0} on {5}")
    @MethodSource("vectorsAndBackends")
    void shouldEncryptTheRtpAndRtcpVectors(SrtpProfile profile, String key, String rtp, String rtcp, String authOnly,
                                           CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        ByteBuffer out = Cases.direct(200);
        try (SrtpSender sender = new SrtpSender(keys(profile, key), keys(profile, key), backend)) {
            int rtpLength = sender.protectRtp(Cases.at(0, RTP_PLAIN, 100, true), 0, RTP_PLAIN.length, out, 0);
            assertEquals(Hex.of(Hex.bytes(rtp)), Hex.of(out, 0, rtpLength));

            sender.nextSrtcpIndex(RTCP_SSRC, SRTCP_INDEX);
            int rtcpLength = sender.protectRtcp(ByteBuffer.wrap(RTCP_PLAIN), 0, RTCP_PLAIN.length, out, 0);
            assertEquals(Hex.of(Hex.bytes(rtcp)), Hex.of(out, 0, rtcpLength));
        }
    }

    @ParameterizedTest(name = "{0} on {5}")
    @MethodSource("vectorsAndBackends")
    void shouldDecryptTheRtpAndRtcpVectors(SrtpProfile profile, String key, String rtp, String rtcp, String authOnly,
                                           CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        try (SrtpReceiver receiver = new SrtpReceiver(keys(profile, key), keys(profile, key), backend)) {
            byte[] srtp = Hex.bytes(rtp);
            ByteBuffer packet = Cases.at(3, srtp, 200, true);
            assertEquals(RTP_PLAIN.length, receiver.unprotectRtp(packet, 3, srtp.length));
            assertEquals(Hex.of(RTP_PLAIN), Hex.of(packet, 3, RTP_PLAIN.length));

            byte[] srtcp = Hex.bytes(rtcp);
            packet = Cases.at(5, srtcp, 200, false);
            assertEquals(RTCP_PLAIN.length, receiver.unprotectRtcp(packet, 5, srtcp.length));
            assertEquals(Hex.of(RTCP_PLAIN), Hex.of(packet, 5, RTCP_PLAIN.length));
        }
    }

    @ParameterizedTest(name = "{0} on {5}")
    @MethodSource("vectorsAndBackends")
    void shouldAuthenticateTheUnencryptedRtcpVector(SrtpProfile profile, String key, String rtp, String rtcp,
                                                    String authOnly, CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        byte[] trailer = Hex.bytes(authOnly);
        byte[] srtcp = new byte[RTCP_PLAIN.length + trailer.length];
        System.arraycopy(RTCP_PLAIN, 0, srtcp, 0, RTCP_PLAIN.length);
        System.arraycopy(trailer, 0, srtcp, RTCP_PLAIN.length, trailer.length);
        try (SrtpReceiver receiver = new SrtpReceiver(keys(profile, key), keys(profile, key), backend)) {
            ByteBuffer packet = Cases.at(0, srtcp, 100, true);
            assertEquals(RTCP_PLAIN.length, receiver.unprotectRtcp(packet, 0, srtcp.length));
            assertEquals(Hex.of(RTCP_PLAIN), Hex.of(packet, 0, RTCP_PLAIN.length));
            assertEquals(SrtpStatus.REPLAYED, SrtpStatus.of(receiver.unprotectRtcp(packet, 0, srtcp.length)));
        }
        try (SrtpReceiver receiver = new SrtpReceiver(keys(profile, key), keys(profile, key), backend)) {
            ByteBuffer packet = Cases.at(0, srtcp, 100, true);
            packet.put(10, (byte) (packet.get(10) ^ 1));   // the clear payload is authenticated too
            assertEquals(SrtpStatus.AUTH_FAILED, SrtpStatus.of(receiver.unprotectRtcp(packet, 0, srtcp.length)));
        }
    }

    private static SessionKeys keys(SrtpProfile profile, String key) {
        return new SessionKeys(profile, Hex.bytes(key), SALT, new byte[0]);
    }
}

package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.salvo.rtp.OutputMessage;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 3711 Appendix B.2: the AES-CM keystream of session key 2B7E…4F3C and session salt
 * F0F1…FCFD for SSRC 0, ROC 0, SEQ 0, over a 1044512-byte segment (65282 blocks), read as the
 * ciphertext of an all-zero payload through the whole SRTP path of each backend (IV included).
 */
class AesCounterModeTest {
    private static final int SEGMENT = 1_044_512;
    private static final int HEADER = 12;

    @ParameterizedTest
    @MethodSource("io.salvo.srtp.Cases#backends")
    void shouldProduceTheKeystreamOfB2(CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        SessionKeys keys = new SessionKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80,
                Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C"),  // session key
                Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"),      // session salt (shown shifted in B.2)
                new byte[20]);                                    // any auth key
        ByteBuffer packet = ByteBuffer.allocateDirect(HEADER + SEGMENT);
        packet.put(0, (byte) 0x80);                              // V=2, SEQ 0, timestamp 0, SSRC 0; payload zeros
        ByteBuffer out = ByteBuffer.allocateDirect(HEADER + SEGMENT + 10);

        try (SrtpSender sender = new SrtpSender(keys, copy(keys, 3), backend)) {
            sender.protectRtp(new OutputMessage().add(packet, 0, HEADER + SEGMENT), out, 0);
        }

        // counter F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000, 0001, 0002
        assertEquals("E03EAD0935C95E80E166B16DD92B4EB4" + "D23513162B02D0F72A43A2FE4A5F97AB"
                + "41E95B3BB0A2E8DD477901E4FCA894C0", Hex.of(out, HEADER, 48).toUpperCase());
        // counter …FEFF, …FF00, …FF01: the segment's last three blocks
        assertEquals("EC8CDF7398607CB0F2D21675EA9EA1E4" + "362B7C3C6773516318A077D7FC5073AE"
                + "6A2CC3787889374FBEB4C81B17BA6C44", Hex.of(out, HEADER + SEGMENT - 48, 48).toUpperCase());
    }

    /** Keys for the (unused) SRTCP side. */
    private static SessionKeys copy(SessionKeys keys, int seed) {
        byte[] key = keys.encryptionKey.clone();
        key[0] ^= (byte) seed;
        return new SessionKeys(keys.profile, key, keys.salt, keys.authenticationKey);
    }
}

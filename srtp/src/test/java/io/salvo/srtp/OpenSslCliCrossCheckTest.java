package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AES_CM_128_HMAC_SHA1_80 rebuilt from first principles with the {@code openssl} command line
 * (skipped where it is not installed): the session keys by AES-ECB of the RFC 3711 §4.3 PRF input
 * blocks, the payload by {@code enc -aes-128-ctr} from an IV computed here with BigIntegers, the
 * tag by {@code dgst -hmac} over header, ciphertext and ROC. A 1188-byte payload with ROC 1.
 */
class OpenSslCliCrossCheckTest {
    private static final long SSRC = 0xDEADBEEFL;

    @ParameterizedTest
    @MethodSource("io.salvo.srtp.Cases#backends")
    void shouldMatchTheOpensslCommandLine(CryptoBackend backend) throws Exception {
        Cases.assumeAvailable(backend);
        assumeTrue(openssl("version").length > 0, "no openssl command");
        SrtpKeys keys = SrtpKeys.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        byte[] key = prf(keys, 0x00, 16);
        byte[] authKey = prf(keys, 0x01, 20);
        byte[] salt = prf(keys, 0x02, 14);
        byte[] packet = Cases.rtp(SSRC, 7, 1188);
        ByteBuffer out = Cases.direct(1300);
        try (SrtpSender sender = new SrtpSender(keys, backend)) {
            byte[] first = Cases.rtp(SSRC, 65535, 10);
            sender.protectRtp(ByteBuffer.wrap(first), 0, first.length, out, 0);
            sender.protectRtp(ByteBuffer.wrap(packet), 0, packet.length, out, 0);   // SEQ 7 after the wrap: ROC 1
        }
        long index = (1L << 16) | 7;

        // IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)
        BigInteger iv = new BigInteger(1, salt).shiftLeft(16)
                .xor(BigInteger.valueOf(SSRC).shiftLeft(64))
                .xor(BigInteger.valueOf(index).shiftLeft(16));
        byte[] ciphertext = openssl(Arrays.copyOfRange(packet, 12, packet.length),
                "enc", "-aes-128-ctr", "-nopad", "-K", Hex.of(key), "-iv", String.format("%032x", iv));
        byte[] authenticated = new byte[packet.length + 4];
        System.arraycopy(packet, 0, authenticated, 0, 12);
        System.arraycopy(ciphertext, 0, authenticated, 12, ciphertext.length);
        authenticated[packet.length + 3] = 1;                                        // ROC 1, big-endian
        byte[] mac = openssl(authenticated, "dgst", "-sha1", "-binary", "-mac", "HMAC", "-macopt", "hexkey:" + Hex.of(authKey));

        assertEquals(Hex.of(Arrays.copyOf(packet, 12)) + Hex.of(ciphertext) + Hex.of(Arrays.copyOf(mac, 10)),
                Hex.of(out, 0, packet.length + 10));
    }

    /** RFC 3711 §4.3: AES-ECB under the master key of (label XOR master salt) * 2^16 + block counter. */
    private static byte[] prf(SrtpKeys keys, int label, int length) throws Exception {
        int blocks = (length + 15) / 16;
        byte[] input = new byte[blocks * 16];
        for (int block = 0; block < blocks; block++) {
            System.arraycopy(keys.masterSalt(), 0, input, block * 16, 14);
            input[block * 16 + 7] ^= (byte) label;
            input[block * 16 + 15] = (byte) block;
        }
        byte[] output = openssl(input, "enc", "-aes-128-ecb", "-nopad", "-K", Hex.of(keys.masterKey()));
        return Arrays.copyOf(output, length);
    }

    private static byte[] openssl(String... args) {
        try {
            return openssl(new byte[0], args);
        } catch (Exception e) {
            return new byte[0];
        }
    }

    private static byte[] openssl(byte[] input, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input);
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " exited with " + process.exitValue());
        }
        return output;
    }
}

package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.salvo.rtp.OutputMessage;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripTest {
    private static final long SSRC = 0x0BADCAFEL;
    private static final int[] PAYLOAD_LENGTHS = {0, 1, 15, 16, 17, 160, 1188, 4000};

    /** V=2 X=1 CC=2, PT 96, SEQ 1000, TS 90000, SSRC, CSRCs 1 and 2, two-byte extension of 2 words, then payload. */
    static byte[] rtpWithCsrcsAndExtension(int payloadLength) {
        byte[] header = Hex.bytes(
                "92 60 03 e8"        // V=2 P=0 X=1 CC=2, M=0 PT=96, SEQ 1000
                        + " 00 01 5f 90" // timestamp 90000
                        + " 0b ad ca fe" // SSRC
                        + " 00 00 00 01" // CSRC 1
                        + " 00 00 00 02" // CSRC 2
                        + " 10 00 00 02" // two-byte form, 2 words
                        + " 05 03 aa bb cc 00 00 00"); // id 5, 3 bytes, padding
        byte[] packet = new byte[header.length + payloadLength];
        System.arraycopy(header, 0, packet, 0, header.length);
        for (int i = 0; i < payloadLength; i++) {
            packet[header.length + i] = (byte) (i * 31 + 7);
        }
        return packet;
    }

    /** The packet as a message of several vectors: header + 5 payload bytes, then thirds, heap and direct in turn. */
    static OutputMessage split(byte[] packet, int headerLength) {
        OutputMessage message = new OutputMessage();
        int first = Math.min(packet.length, headerLength + 5);
        message.add(Cases.at(3, java.util.Arrays.copyOf(packet, first), first + 10, true), 3, first);
        int rest = packet.length - first;
        int at = first;
        for (int piece = 0; piece < 3; piece++) {
            int length = piece == 2 ? packet.length - at : rest / 3;
            byte[] bytes = java.util.Arrays.copyOfRange(packet, at, at + length);
            message.add(Cases.at(7, bytes, length + 20, piece % 2 == 1), 7, length);
            at += length;
        }
        return message;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldRoundTripSplitPacketsWithCsrcsAndExtension(SrtpProfile profile, CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        SrtpKeys keys = SrtpKeys.random(profile);
        ByteBuffer out = Cases.direct(8192);
        try (SrtpSender sender = new SrtpSender(keys, backend); SrtpReceiver receiver = new SrtpReceiver(keys, backend)) {
            for (int i = 0; i < PAYLOAD_LENGTHS.length; i++) {
                int payloadLength = PAYLOAD_LENGTHS[i];
                byte[] packet = rtpWithCsrcsAndExtension(payloadLength);
                packet[3] = (byte) i;   // a new sequence number each time
                int length = sender.protectRtp(split(packet, 32), out, 11);

                assertEquals(packet.length + profile.rtpTagLength(), length);
                assertArrayEquals(java.util.Arrays.copyOf(packet, 32), Cases.bytes(out, 11, 32), "header in clear");
                if (payloadLength >= 16) {
                    assertTrue(!java.util.Arrays.equals(java.util.Arrays.copyOfRange(packet, 32, 48),
                            Cases.bytes(out, 11 + 32, 16)), "payload encrypted");
                }
                assertEquals(packet.length, receiver.unprotectRtp(out, 11, length));
                assertArrayEquals(packet, Cases.bytes(out, 11, packet.length));
            }
            assertEquals(PAYLOAD_LENGTHS.length, receiver.stats().rtpPackets());
            assertEquals(PAYLOAD_LENGTHS.length, sender.stats().rtpPackets());
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldRoundTripRtcpInHeapAndDirectBuffers(SrtpProfile profile, CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        SrtpKeys keys = SrtpKeys.random(profile);
        byte[] rtcp = Cases.rtcp(SSRC);
        try (SrtpSender sender = new SrtpSender(keys, backend); SrtpReceiver receiver = new SrtpReceiver(keys, backend)) {
            for (boolean direct : new boolean[]{true, false}) {
                ByteBuffer out = direct ? Cases.direct(100) : ByteBuffer.allocate(100);
                int length = sender.protectRtcp(Cases.at(1, rtcp, 64, !direct), 1, rtcp.length, out, 5);

                assertEquals(rtcp.length + profile.rtcpOverhead(), length);
                assertArrayEquals(java.util.Arrays.copyOf(rtcp, 8), Cases.bytes(out, 5, 8), "first 8 bytes in clear");
                assertEquals(rtcp.length, receiver.unprotectRtcp(out, 5, length));
                assertArrayEquals(rtcp, Cases.bytes(out, 5, rtcp.length));
            }
            assertEquals(2, receiver.stats().rtcpPackets());
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldUnprotectInHeapBuffersAndIntoHeapOutputs(SrtpProfile profile, CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        SrtpKeys keys = SrtpKeys.random(profile);
        byte[] packet = Cases.rtp(SSRC, 7, 1188);
        try (SrtpSender sender = new SrtpSender(keys, backend); SrtpReceiver receiver = new SrtpReceiver(keys, backend)) {
            ByteBuffer heapOut = ByteBuffer.allocate(1300);
            int length = sender.protectRtp(ByteBuffer.wrap(packet), 0, packet.length, heapOut, 0);

            ByteBuffer sliced = ByteBuffer.wrap(new byte[1400], 50, 1300).slice();   // array offset 50
            sliced.put(0, heapOut, 0, length);
            assertEquals(packet.length, receiver.unprotectRtp(sliced, 0, length));
            assertArrayEquals(packet, Cases.bytes(sliced, 0, packet.length));
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void shouldProduceTheSameBytesOnBothBackends(SrtpProfile profile) {
        assumeTrue(CryptoBackend.OPENSSL.isAvailable(), () -> "OpenSSL unavailable: " + CryptoBackend.OPENSSL.unavailableReason());
        SrtpKeys keys = SrtpKeys.random(profile);
        ByteBuffer jceOut = Cases.direct(2048);
        ByteBuffer openSslOut = Cases.direct(2048);
        try (SrtpSender jce = new SrtpSender(keys, CryptoBackend.JCE);
             SrtpSender openSsl = new SrtpSender(keys, CryptoBackend.OPENSSL)) {
            for (int sequenceNumber = 65530; sequenceNumber < 65536 + 6; sequenceNumber++) {
                byte[] packet = rtpWithCsrcsAndExtension(1188);
                packet[2] = (byte) (sequenceNumber >>> 8);
                packet[3] = (byte) sequenceNumber;
                int a = jce.protectRtp(split(packet, 32), jceOut, 0);
                int b = openSsl.protectRtp(split(packet, 32), openSslOut, 0);
                assertEquals(Hex.of(jceOut, 0, a), Hex.of(openSslOut, 0, b), "sequence number " + sequenceNumber);
            }
            byte[] rtcp = Cases.rtcp(SSRC);
            for (int i = 0; i < 3; i++) {
                int a = jce.protectRtcp(ByteBuffer.wrap(rtcp), 0, rtcp.length, jceOut, 0);
                int b = openSsl.protectRtcp(ByteBuffer.wrap(rtcp), 0, rtcp.length, openSslOut, 0);
                assertEquals(Hex.of(jceOut, 0, a), Hex.of(openSslOut, 0, b), "RTCP " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldProtectOneVectorAndManyVectorsAlike(SrtpProfile profile, CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        SrtpKeys keys = SrtpKeys.random(profile);
        byte[] packet = rtpWithCsrcsAndExtension(500);
        ByteBuffer whole = Cases.direct(1024);
        ByteBuffer pieces = Cases.direct(1024);
        try (SrtpSender one = new SrtpSender(keys, backend); SrtpSender many = new SrtpSender(keys, backend)) {
            int a = one.protectRtp(ByteBuffer.wrap(packet), 0, packet.length, whole, 0);
            int b = many.protectRtp(split(packet, 32), pieces, 0);
            assertEquals(Hex.of(whole, 0, a), Hex.of(pieces, 0, b));
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldCountHeapCopiesOnlyWhereTheOpenSslBackendNeedsThem(SrtpProfile profile, CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        SrtpKeys keys = SrtpKeys.random(profile);
        byte[] packet = Cases.rtp(SSRC, 1, 100);
        try (SrtpSender sender = new SrtpSender(keys, backend)) {
            sender.protectRtp(Cases.at(0, packet, 200, true), 0, packet.length, Cases.direct(200), 0);
            assertEquals(0, sender.stats().heapCopyBytes(), "direct in, direct out");

            packet[3] = 2;
            sender.protectRtp(ByteBuffer.wrap(packet), 0, packet.length, Cases.direct(200), 0);
            // the header is copied from the heap by a ByteBuffer put; the 100-byte payload through native memory
            assertEquals(backend == CryptoBackend.OPENSSL ? 100 : 0, sender.stats().heapCopyBytes(), "heap in");
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldProtectInPlace(SrtpProfile profile, CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        SrtpKeys keys = SrtpKeys.random(profile);
        byte[] packet = rtpWithCsrcsAndExtension(300);
        ByteBuffer elsewhere = Cases.direct(512);
        try (SrtpSender inPlace = new SrtpSender(keys, backend); SrtpSender copying = new SrtpSender(keys, backend)) {
            for (boolean direct : new boolean[]{true, false}) {
                ByteBuffer buffer = Cases.at(4, packet, 512, direct);
                int a = inPlace.protectRtp(buffer, 4, packet.length, buffer, 4);
                int b = copying.protectRtp(ByteBuffer.wrap(packet), 0, packet.length, elsewhere, 0);
                assertEquals(Hex.of(elsewhere, 0, b), Hex.of(buffer, 4, a), direct ? "direct" : "heap");
                packet[3]++;
            }
        }
    }
}

package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.rtp.OutputMessage;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Caller bugs are exceptions that name the problem; a closed context refuses work. */
class ContextLifecycleTest {
    private static final long SSRC = 0x0C105EDL;

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldRefuseWorkOnceClosed(SrtpProfile profile, CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        SrtpKeys keys = SrtpKeys.random(profile);
        SrtpSender sender = new SrtpSender(keys, backend);
        SrtpReceiver receiver = new SrtpReceiver(keys, backend);
        sender.close();
        sender.close();
        receiver.close();
        receiver.close();
        ByteBuffer buffer = Cases.direct(256);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> sender.protectRtp(buffer, 0, 100, buffer, 100));
        assertEquals("SrtpSender is closed", e.getMessage());
        assertThrows(IllegalStateException.class, () -> sender.protectRtp(new OutputMessage().add(buffer, 0, 20), buffer, 100));
        assertThrows(IllegalStateException.class, () -> sender.protectRtcp(buffer, 0, 20, buffer, 100));
        IllegalStateException r = assertThrows(IllegalStateException.class, () -> receiver.unprotectRtp(buffer, 0, 100));
        assertEquals("SrtpReceiver is closed", r.getMessage());
        assertThrows(IllegalStateException.class, () -> receiver.unprotectRtcp(buffer, 0, 100));
        assertEquals(0, sender.stats().rtpPackets(), "stats stay readable");
        assertTrue(sender.toString().endsWith(", closed]"), sender.toString());
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldNameAnOutputThatIsTooSmallAndUseUpNoIndex(SrtpProfile profile, CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        byte[] packet = Cases.rtp(SSRC, 65535, 1188);
        try (SrtpSender sender = new SrtpSender(SrtpKeys.random(profile), backend)) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> sender.protectRtp(ByteBuffer.wrap(packet), 0, packet.length, Cases.direct(1200), 0));
            assertEquals("SRTP output: range [0, " + (1200 + profile.rtpTagLength())
                    + ") is outside the buffer's capacity 1200", e.getMessage());

            byte[] next = Cases.rtp(SSRC, 0, 1188);
            sender.protectRtp(ByteBuffer.wrap(next), 0, next.length, Cases.direct(1300), 0);
            assertEquals(0, sender.rolloverCounter(SSRC), "the failed 65535 did not become the highest index");

            byte[] rtcp = Cases.rtcp(SSRC);
            IndexOutOfBoundsException r = assertThrows(IndexOutOfBoundsException.class,
                    () -> sender.protectRtcp(ByteBuffer.wrap(rtcp), 0, rtcp.length, Cases.direct(100), 90));
            assertTrue(r.getMessage().startsWith("SRTCP output: range [90, "), r.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldNameWhatIsWrongWithAPacketToProtect(SrtpProfile profile, CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        ByteBuffer out = Cases.direct(2048);
        try (SrtpSender sender = new SrtpSender(SrtpKeys.random(profile), backend)) {
            byte[] version1 = Cases.rtp(SSRC, 1, 10);
            version1[0] = 0x40;
            assertMessage("RTP version must be 2, was 1",
                    () -> sender.protectRtp(ByteBuffer.wrap(version1), 0, version1.length, out, 0));
            assertMessage("RTP packet of 11 bytes is shorter than the 12-byte fixed header",
                    () -> sender.protectRtp(ByteBuffer.wrap(version1), 0, 11, out, 0));
            byte[] csrcs = Cases.rtp(SSRC, 1, 10);
            csrcs[0] = (byte) 0x83;                          // 3 CSRCs: 24 header bytes, 22 in the packet
            assertMessage("RTP header with 3 CSRCs runs past the end of the 22-byte packet",
                    () -> sender.protectRtp(ByteBuffer.wrap(csrcs), 0, csrcs.length, out, 0));
            byte[] split = Cases.rtp(SSRC, 1, 40);
            split[0] = (byte) 0x82;                          // 2 CSRCs: 20 header bytes, first vector has 16
            OutputMessage message = new OutputMessage().add(ByteBuffer.wrap(split), 0, 16)
                    .add(ByteBuffer.wrap(split), 16, split.length - 16);
            assertMessage("RTP header of 20 bytes must lie in the first vector (16 bytes)",
                    () -> sender.protectRtp(message, out, 0));
            assertMessage("RTP packet has no vectors", () -> sender.protectRtp(new OutputMessage(), out, 0));

            byte[] rtcp = Cases.rtcp(SSRC);
            assertMessage("RTCP packet of 7 bytes is shorter than the 8 bytes of header and sender SSRC",
                    () -> sender.protectRtcp(ByteBuffer.wrap(rtcp), 0, 7, out, 0));
            rtcp[0] = 0x00;
            assertMessage("RTCP version must be 2, was 0",
                    () -> sender.protectRtcp(ByteBuffer.wrap(rtcp), 0, rtcp.length, out, 0));
            assertEquals(0, sender.stats().rtpPackets() + sender.stats().rtcpPackets());
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldNameAReceivedRangeOutsideItsBuffer(SrtpProfile profile, CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        try (SrtpReceiver receiver = new SrtpReceiver(SrtpKeys.random(profile), backend)) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> receiver.unprotectRtp(Cases.direct(100), 50, 60));
            assertEquals("SRTP packet: range [50, 110) is outside the buffer's capacity 100", e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> receiver.unprotectRtcp(Cases.direct(100), -1, 60));
        }
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
    }
}

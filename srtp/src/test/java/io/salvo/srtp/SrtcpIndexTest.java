package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.salvo.rtp.Bytes;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The 31-bit SRTCP index with its E flag (RFC 3711 §3.4), per sender SSRC. */
class SrtcpIndexTest {
    private static final long ALICE = 0x11111111L;
    private static final long BOB = 0x22222222L;

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldNumberEachSsrcsPacketsFromZeroWithTheEFlag(SrtpProfile profile, CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        SrtpKeys keys = SrtpKeys.random(profile);
        try (SrtpSender sender = new SrtpSender(keys, backend); SrtpReceiver receiver = new SrtpReceiver(keys, backend)) {
            long[] from = {ALICE, ALICE, BOB, ALICE, BOB};
            int[] expectedIndex = {0, 1, 0, 2, 1};
            ByteBuffer[] sent = new ByteBuffer[from.length];
            for (int i = 0; i < from.length; i++) {
                byte[] rtcp = Cases.rtcp(from[i]);
                sent[i] = Cases.direct(100);
                int length = sender.protectRtcp(ByteBuffer.wrap(rtcp), 0, rtcp.length, sent[i], 0);
                long word = Bytes.u32(sent[i], SrtcpLayout.indexOffset(profile, length));
                assertEquals(0x8000_0000L | expectedIndex[i], word, "packet " + i);
            }
            int length = Cases.rtcp(ALICE).length + profile.rtcpOverhead();
            for (int i : new int[]{1, 0, 4, 3, 2}) {   // out of order is fine
                assertEquals(length - profile.rtcpOverhead(), receiver.unprotectRtcp(sent[i], 0, length), "packet " + i);
            }
            assertEquals(SrtpStatus.REPLAYED.code(), receiver.unprotectRtcp(sent[1], 0, length));
            assertEquals(5, receiver.stats().rtcpPackets());
            assertEquals(1, receiver.stats().rtcpRejected(SrtpStatus.REPLAYED));
            assertEquals(2, receiver.stats().streams());
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldRejectAnSrtcpIndexThatLeftTheWindow(SrtpProfile profile, CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        SrtpKeys keys = SrtpKeys.random(profile);
        byte[] rtcp = Cases.rtcp(ALICE);
        int length = rtcp.length + profile.rtcpOverhead();
        try (SrtpSender sender = new SrtpSender(keys, backend); SrtpReceiver receiver = new SrtpReceiver(keys, backend)) {
            ByteBuffer old = Cases.direct(100);
            sender.protectRtcp(ByteBuffer.wrap(rtcp), 0, rtcp.length, old, 0);      // index 0
            sender.nextSrtcpIndex(ALICE, ReplayWindow.SIZE);
            ByteBuffer recent = Cases.direct(100);
            sender.protectRtcp(ByteBuffer.wrap(rtcp), 0, rtcp.length, recent, 0);   // index 1024

            assertEquals(rtcp.length, receiver.unprotectRtcp(recent, 0, length));
            assertEquals(SrtpStatus.TOO_OLD.code(), receiver.unprotectRtcp(old, 0, length));
            assertEquals(1, receiver.stats().rtcpRejected(SrtpStatus.TOO_OLD));
        }
    }
}

package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The rollover counter (RFC 3711 §3.3.1, Appendix A) on both sides of a sequence-number wrap. */
class RolloverTest {
    private static final long SSRC = 0xFEEDF00DL;
    private static final int[] ACROSS_THE_WRAP = {65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3, 4, 5};

    private static ByteBuffer protect(SrtpSender sender, int sequenceNumber) {
        byte[] packet = Cases.rtp(SSRC, sequenceNumber, 100);
        ByteBuffer out = Cases.direct(200);
        sender.protectRtp(ByteBuffer.wrap(packet), 0, packet.length, out, 0);
        return out;
    }

    private static int length(SrtpSender sender) {
        return 112 + sender.profile().rtpTagLength();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldCarryTheRolloverCounterAcrossTheWrap(SrtpProfile profile, CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        SrtpKeys keys = SrtpKeys.random(profile);
        try (SrtpSender sender = new SrtpSender(keys, backend); SrtpReceiver receiver = new SrtpReceiver(keys, backend)) {
            for (int sequenceNumber : ACROSS_THE_WRAP) {
                ByteBuffer packet = protect(sender, sequenceNumber);
                assertEquals(112, receiver.unprotectRtp(packet, 0, length(sender)), "sequence number " + sequenceNumber);
                assertEquals(Cases.rtp(SSRC, sequenceNumber, 100)[12 + 99], packet.get(12 + 99));
            }
            assertEquals(1, sender.rolloverCounter(SSRC));
            assertEquals(0x1_0005L, receiver.highestIndex(SSRC));
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldAcceptPacketsReorderedAcrossTheWrap(SrtpProfile profile, CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        SrtpKeys keys = SrtpKeys.random(profile);
        try (SrtpSender sender = new SrtpSender(keys, backend); SrtpReceiver receiver = new SrtpReceiver(keys, backend)) {
            ByteBuffer[] packets = new ByteBuffer[ACROSS_THE_WRAP.length];
            for (int i = 0; i < packets.length; i++) {
                packets[i] = protect(sender, ACROSS_THE_WRAP[i]);
            }
            // 65534, 1, 65535, 0, 5, 2, 3, 65533 (still in the window), 4
            for (int i : new int[]{4, 7, 5, 6, 11, 8, 9, 3, 10}) {
                assertEquals(112, receiver.unprotectRtp(packets[i], 0, length(sender)), "sequence number " + ACROSS_THE_WRAP[i]);
            }
            assertEquals(0x1_0005L, receiver.highestIndex(SSRC));
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldProtectAResendUnderTheIndexItHad(SrtpProfile profile, CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        SrtpKeys keys = SrtpKeys.random(profile);
        try (SrtpSender sender = new SrtpSender(keys, backend); SrtpReceiver receiver = new SrtpReceiver(keys, backend)) {
            ByteBuffer before = protect(sender, 65534);      // ROC 0
            ByteBuffer original = protect(sender, 65535);   // ROC 0, lost on the way
            ByteBuffer zero = protect(sender, 0);            // ROC 1
            ByteBuffer one = protect(sender, 1);
            ByteBuffer resent = protect(sender, 65535);      // a resend after the wrap: still ROC 0

            assertEquals(Hex.of(original, 0, length(sender)), Hex.of(resent, 0, length(sender)));
            assertEquals(1, sender.rolloverCounter(SSRC));
            assertEquals(112, receiver.unprotectRtp(before, 0, length(sender)));
            assertEquals(112, receiver.unprotectRtp(zero, 0, length(sender)));
            assertEquals(112, receiver.unprotectRtp(one, 0, length(sender)));
            assertEquals(112, receiver.unprotectRtp(resent, 0, length(sender)));
            assertEquals(SrtpStatus.REPLAYED.code(), receiver.unprotectRtp(original, 0, length(sender)));
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldRefuseASequenceNumberFromBeforeTheFirstPacket(SrtpProfile profile, CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        SrtpKeys keys = SrtpKeys.random(profile);
        try (SrtpSender sender = new SrtpSender(keys, backend); SrtpReceiver receiver = new SrtpReceiver(keys, backend)) {
            ByteBuffer first = protect(sender, 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> protect(sender, 65535));
            assertTrue(e.getMessage().contains("comes before the first packet protected"), e.getMessage());

            assertEquals(112, receiver.unprotectRtp(first, 0, length(sender)));
            try (SrtpSender other = new SrtpSender(keys, backend)) {
                ByteBuffer before = protect(other, 65535);   // ROC 0 for this sender, ROC -1 for the receiver
                assertEquals(SrtpStatus.TOO_OLD.code(), receiver.unprotectRtp(before, 0, length(sender)));
            }
        }
    }
}

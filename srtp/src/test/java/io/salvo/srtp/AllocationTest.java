package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.RtpHeader;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nothing allocated per packet, measured with the JVM's per-thread allocation counter around
 * 10,000 protect + unprotect calls (and 10,000 of SRTCP) after a warm-up, for every profile and
 * backend that claims it ({@link CryptoBackend#allocatesPerPacket}). The bound leaves room for a
 * one-off JDK allocation (JIT deoptimisation, a class initialised late), not for one per packet.
 */
class AllocationTest {
    private static final int PACKETS = 10_000;
    private static final int WARM_UP = 30_000;
    private static final long ALLOWED_BYTES = 2048;
    private static final long SSRC = 0xA110CA7EL;

    private static com.sun.management.ThreadMXBean threads() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter on this JVM");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "per-thread allocation counter unsupported");
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldProtectAndUnprotectWithoutAllocating(SrtpProfile profile, CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        assumeFalse(backend.allocatesPerPacket(profile), () -> backend + " allocates per " + profile + " packet by design");
        com.sun.management.ThreadMXBean threads = threads();
        SrtpKeys keys = SrtpKeys.random(profile);
        ByteBuffer header = Cases.direct(64);                          // a header slot
        ByteBuffer frame = Cases.direct(4096);                         // the frame the payload is a view of
        ByteBuffer out = Cases.direct(2048);                           // a pooled native slot
        ByteBuffer rtcp = ByteBuffer.allocateDirect(64).put(0, Cases.rtcp(SSRC));
        ByteBuffer srtcp = Cases.direct(128);
        int rtcpLength = Cases.rtcp(SSRC).length;
        OutputMessage message = new OutputMessage().add(header, 0, 12).add(frame, 100, 1188);
        try (SrtpSender sender = new SrtpSender(keys, backend); SrtpReceiver receiver = new SrtpReceiver(keys, backend)) {
            int[] sequence = {0};
            Runnable rtpRound = () -> {
                RtpHeader.write(header, 0, 0, false, 96, sequence[0]++, 90_000L, SSRC);
                int length = sender.protectRtp(message, out, 0);
                if (receiver.unprotectRtp(out, 0, length) != 1200) {
                    throw new AssertionError("unprotect failed at " + sequence[0]);
                }
            };
            Runnable rtcpRound = () -> {
                int length = sender.protectRtcp(rtcp, 0, rtcpLength, srtcp, 0);
                if (receiver.unprotectRtcp(srtcp, 0, length) != rtcpLength) {
                    throw new AssertionError("SRTCP unprotect failed");
                }
            };
            for (int i = 0; i < WARM_UP; i++) {
                rtpRound.run();
                rtcpRound.run();
            }
            long threadId = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < PACKETS; i++) {
                rtpRound.run();
            }
            long afterRtp = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < PACKETS; i++) {
                rtcpRound.run();
            }
            long afterRtcp = threads.getThreadAllocatedBytes(threadId);

            assertTrue(afterRtp - before < ALLOWED_BYTES,
                    () -> (afterRtp - before) + " bytes allocated by " + PACKETS + " SRTP protect + unprotect");
            assertTrue(afterRtcp - afterRtp < ALLOWED_BYTES,
                    () -> (afterRtcp - afterRtp) + " bytes allocated by " + PACKETS + " SRTCP protect + unprotect");
            assertEquals(WARM_UP + PACKETS, receiver.stats().rtpPackets());
        }
    }
}

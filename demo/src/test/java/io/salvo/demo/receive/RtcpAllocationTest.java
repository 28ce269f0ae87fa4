package io.salvo.demo.receive;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The receive loop's thread allocates nothing per RTCP datagram of a known sender, nor per receiver
 * report. The smallest Java object takes 16 bytes, so anything allocated each time would come to
 * at least 16 bytes per datagram; the limit of {@value #BYTES_PER_DATAGRAM} leaves room for a
 * one-off allocation of the JDK's (a few hundred bytes are seen now and then).
 */
class RtcpAllocationTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final int BYTES_PER_DATAGRAM = 8;

    private static com.sun.management.ThreadMXBean threads() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs thread allocation counters");
        return (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    }

    private static long loopThread(RtpReceiver receiver) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("salvo-receive-" + receiver.port()))
                .findFirst().orElseThrow().getId();
    }

    @Test
    void shouldNotAllocatePerSenderReportOfAKnownSender() throws Exception {
        com.sun.management.ThreadMXBean threads = threads();
        RtcpOptions options = RtcpOptions.defaults().withInterval(Duration.ofSeconds(60));
        try (RtpReceiver receiver = RtpReceiver.open(null, 0, RtpReceiver.BY_PAYLOAD_TYPE, options);
             RtcpPeer peer = RtcpPeer.separate(receiver)) {
            receiver.start(Duration.ofSeconds(30), null);
            long loop = loopThread(receiver);
            peer.sendRtp(Packets.SSRC_A, 1, 2, 3);
            peer.sendSenderReport(Packets.SSRC_A, "tx@test", 0, 3, 300); // new sender, new CNAME: allocates
            assertTrue(peer.await(LIMIT) != null, "the first report");
            int datagrams = 4;
            datagrams = sendReports(receiver, peer, datagrams, 20); // warm up

            long before = threads.getThreadAllocatedBytes(loop);
            datagrams = sendReports(receiver, peer, datagrams, 1000);
            long allocated = threads.getThreadAllocatedBytes(loop) - before;

            assertEquals(1021, receiver.snapshot().rtcpSession().senderReports());
            assertTrue(allocated < 1000 * BYTES_PER_DATAGRAM, allocated + " bytes allocated for 1000 SR + SDES");
        }
    }

    private static int sendReports(RtpReceiver receiver, RtcpPeer peer, int datagrams, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            peer.sendSenderReport(Packets.SSRC_A, "tx@test", 3000L * i, 3, 300);
            datagrams++;
            if (i % 50 == 49) {
                assertTrue(receiver.awaitDatagrams(datagrams, LIMIT), receiver.datagrams() + " of " + datagrams);
            }
        }
        assertTrue(receiver.awaitDatagrams(datagrams, LIMIT), receiver.datagrams() + " of " + datagrams);
        return datagrams;
    }

    @Test
    void shouldNotAllocatePerReceiverReport() throws Exception {
        com.sun.management.ThreadMXBean threads = threads();
        RtcpOptions options = RtcpOptions.defaults().withInterval(Duration.ofMillis(2));
        try (RtpReceiver receiver = RtpReceiver.open(null, 0, RtpReceiver.BY_PAYLOAD_TYPE, options);
             RtcpPeer peer = RtcpPeer.separate(receiver)) {
            receiver.start(Duration.ofSeconds(30), null);
            long loop = loopThread(receiver);
            peer.sendRtp(Packets.SSRC_A, 1, 2, 3);
            peer.sendSenderReport(Packets.SSRC_A, "tx@test", 0, 3, 300);
            awaitReports(receiver, 20); // warm up

            long before = threads.getThreadAllocatedBytes(loop);
            long sentBefore = receiver.snapshot().rtcpSession().reportsSent();
            awaitReports(receiver, sentBefore + 500);
            long allocated = threads.getThreadAllocatedBytes(loop) - before;
            long sent = receiver.snapshot().rtcpSession().reportsSent() - sentBefore;

            assertTrue(allocated < sent * BYTES_PER_DATAGRAM, allocated + " bytes allocated for " + sent + " receiver reports");
        }
    }

    private static void awaitReports(RtpReceiver receiver, long count) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (receiver.snapshot().rtcpSession().reportsSent() < count) {
            assertTrue(System.nanoTime() < deadline, receiver.snapshot().rtcpSession().reportsSent() + " of " + count);
            Thread.sleep(5);
        }
    }
}

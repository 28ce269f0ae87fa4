package io.salvo.demo.receive;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RtpReceiverLifecycleTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @Test
    void shouldRunOnTheCallersThreadUntilIdleAndReturnTheFinalCounts() throws Exception {
        try (RtpReceiver receiver = RtpReceiver.open(0);
             Packets.Sender sender = Packets.Sender.ipv4(receiver.port())) {
            sender.sendSequence(Packets.SSRC_A, 1, 2, 3, 5); // queued in the socket before the loop runs

            ReceiveSnapshot last = receiver.run(Duration.ofMillis(200));

            assertEquals(RtpReceiver.State.IDLE, receiver.state());
            assertEquals(4, last.packets());
            assertEquals(1, last.lost());
            assertNull(receiver.failure());
        }
    }

    @Test
    void shouldWaitForTheFirstPacketBeforeCountingIdleTime() throws Exception {
        try (RtpReceiver receiver = RtpReceiver.open(0);
             Packets.Sender sender = Packets.Sender.ipv4(receiver.port())) {
            receiver.start(Duration.ofMillis(100), null);

            assertFalse(receiver.awaitTermination(Duration.ofMillis(400)), "no timeout: waits for the first packet");
            sender.sendSequence(Packets.SSRC_A, 1);

            assertTrue(receiver.awaitTermination(LIMIT));
            assertEquals(RtpReceiver.State.IDLE, receiver.state());
            assertEquals(1, receiver.snapshot().packets());
        }
    }

    @Test
    void shouldTimeOutWhenNoPacketArrivesInTime() throws Exception {
        try (RtpReceiver receiver = RtpReceiver.open(0)) {
            receiver.start(Duration.ofSeconds(30), Duration.ofMillis(100));

            assertTrue(receiver.awaitTermination(LIMIT));
            assertEquals(RtpReceiver.State.TIMED_OUT, receiver.state());
            assertEquals(0, receiver.snapshot().datagrams());
        }
    }

    @Test
    void shouldReportAFalseAwaitWhenTheLoopEndsBeforeTheCount() throws Exception {
        try (RtpReceiver receiver = RtpReceiver.open(0)) {
            receiver.start(Duration.ofSeconds(30), Duration.ofMillis(50));

            assertFalse(receiver.awaitDatagrams(1, LIMIT));
            assertEquals(RtpReceiver.State.TIMED_OUT, receiver.state());
        }
    }

    @Test
    void shouldListenOnAnExplicitIpv4Address() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (RtpReceiver receiver = RtpReceiver.open(loopback, 0, RtpReceiver.BY_PAYLOAD_TYPE);
             Packets.Sender sender = Packets.Sender.ipv4(receiver.port())) {
            receiver.start(Duration.ofSeconds(30), null);
            sender.sendSequence(Packets.SSRC_A, 9, 10);

            assertTrue(receiver.awaitDatagrams(2, LIMIT));
            assertEquals(loopback, receiver.localAddress().getAddress());
            assertTrue(receiver.localAddress().getAddress() instanceof Inet4Address);
            assertFalse(receiver.dualStack());
            assertEquals(2, receiver.snapshot().packets());
        }
    }

    @Test
    void shouldApplyAFixedClockRateToEveryStream() throws Exception {
        try (RtpReceiver receiver = RtpReceiver.open(null, 0, 8000);
             Packets.Sender sender = Packets.Sender.ipv4(receiver.port())) {
            receiver.start(Duration.ofSeconds(30), null);
            sender.sendSequence(Packets.SSRC_A, 1);

            assertTrue(receiver.awaitDatagrams(1, LIMIT));
            assertEquals(8000, receiver.snapshot().streams().get(0).clockRate());
        }
    }

    @Test
    void shouldRejectArgumentsOutOfRange() throws Exception {
        assertEquals("port must be 0..65535, was 65536",
                assertThrows(IllegalArgumentException.class, () -> RtpReceiver.open(65_536)).getMessage());
        assertEquals("clock rate must be >= 0 Hz (0: by payload type), was -1",
                assertThrows(IllegalArgumentException.class, () -> RtpReceiver.open(null, 0, -1)).getMessage());
        try (RtpReceiver receiver = RtpReceiver.open(0)) {
            assertEquals("idle time must be > 0, was PT0S",
                    assertThrows(IllegalArgumentException.class, () -> receiver.start(Duration.ZERO, null)).getMessage());
            assertEquals("first-packet timeout must be > 0 or null (no limit), was PT-1S",
                    assertThrows(IllegalArgumentException.class,
                            () -> receiver.start(Duration.ofSeconds(1), Duration.ofSeconds(-1))).getMessage());
            assertEquals(RtpReceiver.State.READY, receiver.state(), "nothing started by a rejected call");
        }
    }

    @Test
    void shouldCloseAReceiverThatNeverStarted() throws Exception {
        RtpReceiver receiver = RtpReceiver.open(0);
        int port = receiver.port();

        receiver.close();
        receiver.close();

        assertEquals(RtpReceiver.State.STOPPED, receiver.state());
        try (RtpReceiver again = RtpReceiver.open(port)) {
            assertEquals(port, again.port(), "the port was released");
        }
    }

    @Test
    void shouldNotAllocatePerDatagramOnTheReceiveThread() throws Exception {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs thread allocation counters");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (RtpReceiver receiver = RtpReceiver.open(0);
             Packets.Sender sender = Packets.Sender.ipv4(receiver.port())) {
            receiver.start(Duration.ofSeconds(30), null);
            long loopThread = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals("salvo-receive-" + receiver.port()))
                    .findFirst().orElseThrow().getId();
            int chunk = 100; // small enough for any receive buffer, one wake-up or more each
            int sequence = sendInChunks(receiver, sender, 0, 20, chunk); // warm up: stream exists

            long before = threads.getThreadAllocatedBytes(loopThread);
            sequence = sendInChunks(receiver, sender, sequence, 50, chunk);
            long allocated = threads.getThreadAllocatedBytes(loopThread) - before;

            assertEquals(sequence, receiver.snapshot().packets());
            assertEquals(0, receiver.snapshot().lost());
            assertTrue(allocated < 50 * chunk, allocated + " bytes allocated for " + 50 * chunk + " datagrams");
        }
    }

    private static int sendInChunks(RtpReceiver receiver, Packets.Sender sender, int sequence, int chunks, int chunk)
            throws Exception {
        for (int c = 0; c < chunks; c++) {
            for (int i = 0; i < chunk; i++) {
                sender.sendSequence(Packets.SSRC_A, sequence++);
            }
            assertTrue(receiver.awaitDatagrams(sequence, LIMIT), receiver.datagrams() + " of " + sequence);
        }
        return sequence;
    }
}

package io.salvo.sender;

import io.salvo.pacer.DropReason;
import io.salvo.pacer.PacerConfig;
import io.salvo.pacer.PriorityClass;
import io.salvo.rtp.Bytes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The transmitter with the real sendmmsg sender and real receiving sockets on loopback. */
class TransmitterLoopbackTest {
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    /** Receives datagrams on its own thread, stamping each with its arrival time. */
    static final class Receiver implements AutoCloseable {
        final DatagramChannel channel;
        final List<long[]> arrivals = new ArrayList<>(); // {nanos, length, seq}
        final List<byte[]> payloads = new ArrayList<>();
        private final Thread thread;

        Receiver() throws IOException {
            channel = DatagramChannel.open().bind(ANY);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            thread = new Thread(this::run, "receiver");
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() throws IOException {
            return (InetSocketAddress) channel.getLocalAddress();
        }

        private void run() {
            ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
            try {
                while (true) {
                    buffer.clear();
                    channel.receive(buffer);
                    long now = System.nanoTime();
                    buffer.flip();
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    synchronized (this) {
                        arrivals.add(new long[]{now, bytes.length, Bytes.u16(ByteBuffer.wrap(bytes), 2)});
                        payloads.add(bytes);
                    }
                }
            } catch (IOException closed) {
                // done
            }
        }

        synchronized int count() {
            return arrivals.size();
        }

        boolean await(int count, long millis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + millis;
            while (count() < count && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            return count() >= count;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    @Test
    void shouldDeliverAPacedBurstCompleteInOrderAndSpreadOverTime() throws Exception {
        // Arrival times are read by a Java thread, so a descheduled receiver makes a paced stream
        // look bursty: the shape is checked on up to three runs, completeness on every run.
        String shape = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            shape = pacedBurstShape();
            if (shape == null) {
                return;
            }
        }
        fail(shape);
    }

    /** Streams a 300 KB burst paced at 1000 bytes per tick; null when spread as paced, else what was wrong. */
    private static String pacedBurstShape() throws Exception {
        try (Receiver receiver = new Receiver()) {
            // 8 Mbit/s: a budget of 1000 bytes per 1 ms tick
            Transmitter transmitter = Transmitter.start(SendmmsgSender.open(ANY), TransmitterConfig.builder()
                    .pacer(PacerConfig.builder().rateBps(8_000_000).build()).build());
            ChunkPacketizer packetizer = new ChunkPacketizer(7, 988); // 1000-byte datagrams
            TransmitterStream stream = transmitter.addStream("video", packetizer, PriorityClass.VIDEO, receiver.address());
            AtomicInteger released = new AtomicInteger();
            ByteBuffer frame = ByteBuffer.allocateDirect(9_880);
            for (int i = 0; i < frame.capacity(); i++) {
                frame.put(i, (byte) i);
            }

            for (int f = 0; f < 30; f++) { // 300 datagrams at once: a 300 KB burst
                assertTrue(transmitter.submit(stream, frame, 0, frame.capacity(), f * 3000L, f == 0, f,
                        (b, tag, all) -> released.incrementAndGet()));
            }
            assertTrue(transmitter.awaitDrained(10, TimeUnit.SECONDS));
            assertTrue(receiver.await(300, 5000), "received " + receiver.count());
            TransmitterStats stats = transmitter.stats();
            transmitter.close();

            assertEquals(300, stats.sent());
            assertEquals(30, released.get());
            List<long[]> arrivals = receiver.arrivals;
            for (int i = 0; i < 300; i++) {
                assertEquals(i, arrivals.get(i)[2], "in order, none lost");
                assertEquals(1000, arrivals.get(i)[1]);
            }
            long spanMillis = (arrivals.get(299)[0] - arrivals.get(0)[0]) / 1_000_000;
            if (spanMillis < 250) {
                return "300 KB at 8 Mbit/s needs ~300 ms on the wire, took " + spanMillis + " ms";
            }
            // no window of 10 ms holds more than 10 ticks' budget + 1 tick of carry + one packet,
            // plus a generous 10 KB for a receiver thread that was descheduled for a while
            int maxInWindow = 0;
            for (int i = 0, j = 0; i < 300; i++) {
                while (arrivals.get(i)[0] - arrivals.get(j)[0] > 10_000_000L) {
                    j++;
                }
                maxInWindow = Math.max(maxInWindow, (i - j + 1) * 1000);
            }
            if (maxInWindow > 10_000 + 1_000 + 1_000 + 10_000) {
                return "largest 10 ms burst: " + maxInWindow + " bytes";
            }
            return null;
        }
    }

    @Test
    void shouldDropATooLongDatagramAndSendTheRest() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Transmitter transmitter = Transmitter.start(SendmmsgSender.open(ANY), TransmitterConfig.builder()
                    .pacer(PacerConfig.builder().unpaced().build()).idleStrategy(IdleStrategy.park()).build());
            TransmitterStream stream = transmitter.addStream("fwd", new ChunkPacketizer(1, 1), PriorityClass.VIDEO,
                    receiver.address());
            ByteBuffer small = ByteBuffer.allocateDirect(100);
            ByteBuffer huge = ByteBuffer.allocateDirect(70_000); // above the 65,507-byte UDP limit
            AtomicInteger incomplete = new AtomicInteger();

            transmitter.submitPacket(stream, small, 0, 100, 1, null);
            transmitter.submitPacket(stream, huge, 0, 70_000, 2, (b, tag, all) -> {
                if (!all) {
                    incomplete.incrementAndGet();
                }
            });
            transmitter.submitPacket(stream, small, 0, 100, 3, null);
            assertTrue(transmitter.awaitDrained(5, TimeUnit.SECONDS));
            TransmitterStats stats = transmitter.stats();
            transmitter.close();

            assertTrue(receiver.await(2, 2000));
            assertEquals(1, stats.dropped(DropReason.MESSAGE_TOO_LONG));
            assertEquals(2, stats.sent());
            assertEquals(1, incomplete.get());
            assertEquals(stats.submitted(), stats.sent() + stats.dropped() + stats.queued());
        }
    }

    @Test
    void shouldCountRefusalsFromAClosedPortAndGoOnSending() throws Exception {
        // in a fresh namespace where possible, and all on one thread (the transmitter driven by
        // doWork): the kernel's ICMP sockets are per CPU, so the oracle and the sends share one
        TransmitterStats stats = NetworkNamespace.isolatedIfPossible(() -> {
            PortUnreachableOracle.assumeKernelReportsPortUnreachable();
            InetSocketAddress closedPort;
            try (DatagramChannel gone = DatagramChannel.open().bind(ANY)) {
                closedPort = (InetSocketAddress) gone.getLocalAddress();
            }
            Transmitter transmitter = Transmitter.create(SendmmsgSender.open(ANY, closedPort), TransmitterConfig.builder()
                    .pacer(PacerConfig.builder().rateBps(800_000).build()).build()); // ~one packet per tick
            TransmitterStream stream = transmitter.addStream("v", new ChunkPacketizer(1, 88), PriorityClass.VIDEO);
            ByteBuffer frame = ByteBuffer.allocateDirect(88 * 50);
            transmitter.submit(stream, frame, 0, frame.capacity(), 0, true, 1, null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (transmitter.stats().sent() < 50 && System.nanoTime() < deadline) {
                transmitter.doWork();
                Thread.onSpinWait();
            }
            TransmitterStats result = transmitter.stats();
            transmitter.close();
            return result;
        });

        assertTrue(stats.refused() > 0, "ICMP port unreachable came back as ECONNREFUSED: " + stats);
        assertEquals(50, stats.sent(), "refusals are counted, nothing is dropped for them");
        assertEquals(0, stats.dropped());
    }
}

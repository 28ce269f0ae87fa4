package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.pacer.NanoClock;
import io.salvo.pacer.PacerConfig;
import io.salvo.pacer.PriorityClass;
import io.salvo.rtp.OutputMessage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The transmitter with a kernel-pacing sender ({@code SO_TXTIME} on a real loopback socket):
 * ticks go to the kernel ahead of their time, stamped with it, and the stream arrives whole and
 * in order. Loopback has no {@code fq}, so the kernel sends each datagram when it gets it: the
 * stamps are read where they leave the transmitter (a recording wrapper around the real sender),
 * not measured on the wire.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransmitterTxTimeTest {
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);
    private static final long HORIZON = TransmitterConfig.DEFAULT_TX_TIME_HORIZON_NANOS;

    /** Passes every call to a real sender and records, per datagram taken, {departure, handoff time}. */
    static final class StampRecorder implements DatagramSender {
        final DatagramSender delegate;
        final List<long[]> stamps = new ArrayList<>();

        StampRecorder(DatagramSender delegate) {
            this.delegate = delegate;
        }

        @Override
        public int send(OutputMessage[] messages, int offset, int count, int flags, long timeoutMicros,
                        Cancellable cancellable) throws IOException {
            long now = System.nanoTime();
            int sent = delegate.send(messages, offset, count, flags, timeoutMicros, cancellable);
            synchronized (stamps) {
                for (int i = offset; i < offset + sent; i++) {
                    stamps.add(new long[] {messages[i].departureNanos(), now});
                }
            }
            return sent;
        }

        @Override
        public boolean txTimeEnabled() {
            return delegate.txTimeEnabled();
        }

        @Override
        public InetSocketAddress localAddress() {
            return delegate.localAddress();
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return delegate.remoteAddress();
        }

        @Override
        public SenderStats stats() {
            return delegate.stats();
        }

        @Override
        public DatagramReceiver receiver() {
            return delegate.receiver();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    @Test
    void shouldHandTicksToTheKernelAheadOfTimeStampedWithTheirTimeAndDeliverTheStreamInOrder() throws Exception {
        try (TransmitterLoopbackTest.Receiver receiver = new TransmitterLoopbackTest.Receiver()) {
            StampRecorder sender = new StampRecorder(
                    SendmmsgSender.open(ANY, null, new SenderOptions().txTime(SenderOptions.TxTime.ON)));
            // 8 Mbit/s: a budget of 1000 bytes per 1 ms tick
            Transmitter transmitter = Transmitter.start(sender, TransmitterConfig.builder()
                    .pacer(PacerConfig.builder().rateBps(8_000_000).build()).rtcp(RtcpConfig.disabled()).build());
            TransmitterStream stream = transmitter.addStream("video", new ChunkPacketizer(7, 988), PriorityClass.VIDEO,
                    receiver.address());
            AtomicInteger released = new AtomicInteger();
            ByteBuffer frame = ByteBuffer.allocateDirect(9_880);

            for (int f = 0; f < 30; f++) { // 300 datagrams of 1000 bytes at once
                assertTrue(transmitter.submit(stream, frame, 0, frame.capacity(), f * 3000L, f == 0, f,
                        (b, tag, all) -> released.incrementAndGet()));
            }
            assertTrue(transmitter.awaitDrained(10, TimeUnit.SECONDS));
            assertTrue(receiver.await(300, 5000), "received " + receiver.count());
            TransmitterStats stats = transmitter.stats();
            boolean kernelPacing = transmitter.kernelPacing();
            transmitter.close();

            assertTrue(kernelPacing);
            assertEquals(300, stats.sent());
            assertEquals(30, released.get());
            assertEquals(stats.submitted(), stats.sent() + stats.dropped() + stats.queued());
            for (int i = 0; i < 300; i++) {
                assertEquals(i, receiver.arrivals.get(i)[2], "in order, none lost");
            }
            List<long[]> stamps = sender.stamps;
            assertEquals(300, stamps.size());
            long maxLead = Long.MIN_VALUE;
            for (int i = 0; i < stamps.size(); i++) {
                long departure = stamps.get(i)[0];
                long lead = departure - stamps.get(i)[1];
                assertTrue(departure != 0, "datagram " + i + " has a departure time");
                assertTrue(i == 0 || departure >= stamps.get(i - 1)[0], "times in order at datagram " + i);
                assertTrue(lead <= HORIZON, "datagram " + i + " handed over " + lead + " ns ahead, beyond the horizon");
                maxLead = Math.max(maxLead, lead);
            }
            assertTrue(maxLead > PacerConfig.DEFAULT_TICK_NANOS, "ticks ran ahead of time, the most by " + maxLead + " ns");
            // 300 KB at 1000 bytes a tick: the stamps span ~300 ticks, however early they were handed over
            long spanMillis = (stamps.get(299)[0] - stamps.get(0)[0]) / 1_000_000;
            assertTrue(spanMillis >= 250, "departure times span " + spanMillis + " ms");
        }
    }

    @ParameterizedTest(name = "txTime {0}")
    @EnumSource(value = SenderOptions.TxTime.class, names = {"OFF", "ON"})
    void shouldSendOnTheSystemClockWithoutAllocating(SenderOptions.TxTime mode) throws Exception {
        try (DatagramChannel sink = DatagramChannel.open().bind(ANY);
             Transmitter transmitter = Transmitter.create(
                     SendmmsgSender.open(ANY, null, new SenderOptions().txTime(mode)),
                     TransmitterConfig.builder().pacer(PacerConfig.builder().rateBps(400_000_000).build())
                             .rtcp(RtcpConfig.disabled()).build())) {
            sink.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 16); // not read: the kernel drops what overflows
            TransmitterStream stream = transmitter.addStream("v", new ChunkPacketizer(1, 988), PriorityClass.VIDEO,
                    (InetSocketAddress) sink.getLocalAddress());
            ByteBuffer frame = ByteBuffer.allocateDirect(3000);
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long allocated = 0;
            int frames = 3000;
            // a burst first, so the pools have grown past any backlog a descheduled thread makes later
            for (int i = 0; i < 2000; i++) {
                assertTrue(transmitter.submit(stream, frame, 0, 3000, i * 3000L, false, i, null));
            }
            while (transmitter.stats().queued() > 0 || transmitter.stats().submitted() < 6000) {
                transmitter.doWork();
            }
            long start = System.nanoTime();
            for (int i = 0; i < frames + 1000; i++) {
                // a frame every 100 us (240 Mbit/s, below the pacing rate): the queue stays short, as in steady state
                assertTrue(transmitter.submit(stream, frame, 0, 3000, i * 3000L, false, i, null));
                long due = start + (i + 1) * 100_000L;
                long before = mx.getCurrentThreadAllocatedBytes();
                while (System.nanoTime() < due) {
                    transmitter.doWork();
                }
                if (i >= 1000) { // after warm-up
                    allocated += mx.getCurrentThreadAllocatedBytes() - before;
                }
            }
            TransmitterStats stats = transmitter.stats();

            assertEquals(mode == SenderOptions.TxTime.ON, transmitter.kernelPacing());
            assertTrue(stats.sent() > 6000 + frames, "sent " + stats);
            assertEquals(stats.submitted(), stats.sent() + stats.dropped() + stats.queued());
            assertTrue(allocated < frames * 3L, "allocated " + allocated + " bytes for " + frames * 3 + " datagrams");
        }
    }

    @Test
    void shouldPaceInUserSpaceWithoutTxtimeWithAZeroHorizonOrAVirtualClock() throws Exception {
        SenderOptions on = new SenderOptions().txTime(SenderOptions.TxTime.ON);
        TransmitterConfig.Builder paced = TransmitterConfig.builder().rtcp(RtcpConfig.disabled());
        try (Transmitter withTxTime = Transmitter.create(SendmmsgSender.open(ANY, null, on), paced.build());
             Transmitter off = Transmitter.create(SendmmsgSender.open(ANY), paced.build());
             Transmitter zero = Transmitter.create(SendmmsgSender.open(ANY, null, on),
                     TransmitterConfig.builder().rtcp(RtcpConfig.disabled()).txTimeHorizonNanos(0).build());
             Transmitter virtual = Transmitter.create(SendmmsgSender.open(ANY, null, on),
                     TransmitterConfig.builder().rtcp(RtcpConfig.disabled()).clock(new ManualClock()).build());
             Transmitter unpaced = Transmitter.create(SendmmsgSender.open(ANY, null, on),
                     TransmitterConfig.builder().rtcp(RtcpConfig.disabled())
                             .pacer(PacerConfig.builder().unpaced().build()).build())) {
            assertTrue(withTxTime.kernelPacing());
            assertFalse(off.kernelPacing(), "sender without SO_TXTIME");
            assertFalse(zero.kernelPacing(), "horizon 0");
            assertFalse(virtual.kernelPacing(), "a clock other than CLOCK_MONOTONIC");
            assertFalse(unpaced.kernelPacing(), "no ticks to stamp");
        }
    }

    /** A clock that stands still: not the kernel's. */
    private static final class ManualClock implements NanoClock {
        @Override
        public long nanoTime() {
            return 1_000_000_000L;
        }
    }
}

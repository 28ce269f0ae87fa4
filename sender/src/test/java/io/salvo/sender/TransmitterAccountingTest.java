package io.salvo.sender;

import io.salvo.pacer.DropReason;
import io.salvo.pacer.PacerConfig;
import io.salvo.pacer.PriorityClass;
import io.salvo.rtp.Bytes;
import io.salvo.rtp.FramePacketizer;
import io.salvo.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transmitter on a virtual clock and a test sender: deterministic, no sleeps. */
class TransmitterAccountingTest {
    private static final long TICK = 1_000_000L;
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 10_000);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 10_001);
    private static final InetSocketAddress C = new InetSocketAddress("127.0.0.1", 10_002);

    private long now;

    /** Release callbacks received, by tag: how many times, and whether all was sent. */
    private final Map<Long, Integer> releases = new HashMap<>();
    private final Map<Long, Boolean> allSent = new HashMap<>();

    private void released(ByteBuffer frame, long tag, boolean complete) {
        releases.merge(tag, 1, Integer::sum);
        allSent.put(tag, complete);
    }

    private Transmitter transmitter(DatagramSender sender, PacerConfig pacer) {
        return Transmitter.create(sender, TransmitterConfig.builder().pacer(pacer).clock(() -> now)
                .submissionCapacity(1024).build());
    }

    private static void assertIdentity(TransmitterStats stats) {
        assertEquals(stats.submitted(), stats.sent() + stats.dropped() + stats.queued(), stats.toString());
    }

    private static ByteBuffer frameBytes(Random random, int length) {
        ByteBuffer frame = ByteBuffer.allocateDirect(length);
        for (int i = 0; i < length; i++) {
            frame.put(i, (byte) random.nextInt());
        }
        return frame;
    }

    @Test
    void shouldRequeueUnsentTailsInOrderAndLoseNothingOverThousandsOfTicks() {
        PartialSender sender = new PartialSender(42, 0.2);
        Transmitter transmitter = transmitter(sender, PacerConfig.builder().rateBps(40_000_000).build());
        ChunkPacketizer video1 = new ChunkPacketizer(1, 1000);
        ChunkPacketizer video2 = new ChunkPacketizer(2, 700);
        ChunkPacketizer audio = new ChunkPacketizer(3, 200);
        TransmitterStream s1 = transmitter.addStream("v1", video1, PriorityClass.VIDEO, A, B);
        TransmitterStream s2 = transmitter.addStream("v2", video2, PriorityClass.VIDEO, C);
        TransmitterStream s3 = transmitter.addStream("a", audio, PriorityClass.AUDIO, A);
        Random random = new Random(7);
        Map<Long, List<ByteBuffer>> framesBySsrc = new HashMap<>();
        long tag = 0;

        for (int tick = 0; tick < 4000; tick++) {
            if (tick % 16 == 0) {
                ByteBuffer f1 = frameBytes(random, 1 + random.nextInt(tick % 480 == 0 ? 60_000 : 6_000));
                ByteBuffer f2 = frameBytes(random, 1 + random.nextInt(3_000));
                assertTrue(transmitter.submit(s1, f1, 0, f1.capacity(), tick, false, tag++, this::released));
                assertTrue(transmitter.submit(s2, f2, 0, f2.capacity(), tick, false, tag++, this::released));
                framesBySsrc.computeIfAbsent(1L, k -> new ArrayList<>()).add(f1);
                framesBySsrc.computeIfAbsent(2L, k -> new ArrayList<>()).add(f2);
            }
            if (tick % 20 == 0) {
                ByteBuffer a = frameBytes(random, 1 + random.nextInt(200));
                assertTrue(transmitter.submit(s3, a, 0, a.capacity(), tick, true, tag++, this::released));
                framesBySsrc.computeIfAbsent(3L, k -> new ArrayList<>()).add(a);
            }
            now += TICK;
            transmitter.doWork();
            assertIdentity(transmitter.stats());
        }
        for (int i = 0; i < 10_000 && transmitter.stats().queued() > 0; i++) {
            now += TICK;
            transmitter.doWork();
            assertIdentity(transmitter.stats());
        }

        TransmitterStats stats = transmitter.stats();
        assertEquals(0, stats.queued());
        assertEquals(0, stats.dropped());
        long datagrams = 2L * video1.packetsMade + video2.packetsMade + audio.packetsMade;
        assertEquals(datagrams, stats.submitted());
        assertEquals(datagrams, stats.sent());
        assertEquals(datagrams, sender.sent.size());
        assertTrue(stats.wouldBlocks() > 100, "the test sender refused often: " + stats.wouldBlocks());
        assertEquals(tag, releases.size());
        releases.values().forEach(count -> assertEquals(1, count, "released exactly once"));
        allSent.values().forEach(complete -> assertTrue(complete));
        // per stream and destination: consecutive sequence numbers, frames reassemble byte for byte
        assertStreamIntact(sender, 1, A, framesBySsrc.get(1L));
        assertStreamIntact(sender, 1, B, framesBySsrc.get(1L));
        assertStreamIntact(sender, 2, C, framesBySsrc.get(2L));
        assertStreamIntact(sender, 3, A, framesBySsrc.get(3L));
        transmitter.close();
    }

    @Test
    void shouldKeepATickApartFromTheEndOfATickWhoseDatagramsLeftLate() {
        // every 5th send call reaches the kernel 700 us after its tick began (the thread preempted,
        // a large frame packetized first); the next tick must not then leave on the grid, 300 us
        // later, which put two ticks' worth in one millisecond on the wire (5.7x the mean of a
        // 2.5x-paced stream at the receiver)
        PartialSender sender = PartialSender.takingAll();
        long rate = 40_000_000;
        Transmitter transmitter = transmitter(sender, PacerConfig.builder().rateBps(rate).build());
        TransmitterStream stream = transmitter.addStream("v", new ChunkPacketizer(1, 1000), PriorityClass.VIDEO, A);
        List<long[]> sends = new ArrayList<>(); // {time, bytes so far before this call}
        sender.beforeSend = () -> {
            if (sender.calls % 5 == 0) {
                now += 700_000;
            }
            sends.add(new long[] {now, sender.sent.size()});
        };
        Random random = new Random(3);
        ByteBuffer frame = frameBytes(random, 400_000); // 80 ticks' worth at 40 Mbit/s
        assertTrue(transmitter.submit(stream, frame, 0, frame.capacity(), 0, false, 1, this::released));
        for (int step = 0; step < 20_000 && releases.isEmpty(); step++) {
            now += 10_000; // the loop wakes every 10 us
            transmitter.doWork();
        }
        assertEquals(1, releases.size(), "the frame was sent whole");
        assertTrue(sends.size() > 40, "sends: " + sends.size());
        for (int i = 1; i < sends.size(); i++) {
            long gap = sends.get(i)[0] - sends.get(i - 1)[0];
            assertTrue(gap >= TICK, "send " + i + " came " + gap + " ns after the one before");
        }
        // any tick-long window holds one tick's budget (tickBurst 1.1) and one packet's overdraft at most
        long tickBytes = rate / 8 * TICK / 1_000_000_000L;
        for (int i = 0; i < sends.size(); i++) {
            int packets = 0;
            for (int k = i; k < sends.size() && sends.get(k)[0] < sends.get(i)[0] + TICK; k++) {
                long upTo = k + 1 < sends.size() ? sends.get(k + 1)[1] : sender.sent.size();
                packets += (int) (upTo - sends.get(k)[1]);
            }
            assertTrue(packets * 1012L <= 1.1 * tickBytes + 1012, "window at send " + i + ": " + packets + " packets");
        }
        transmitter.close();
    }

    private static void assertStreamIntact(PartialSender sender, long ssrc, InetSocketAddress to, List<ByteBuffer> frames) {
        int expectedSequence = 0;
        java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
        for (PartialSender.Sent datagram : sender.sent) {
            ByteBuffer bytes = ByteBuffer.wrap(datagram.bytes());
            if (!to.equals(datagram.to()) || Bytes.u32(bytes, 8) != ssrc) {
                continue;
            }
            assertEquals(expectedSequence, Bytes.u16(bytes, 2), "ssrc " + ssrc + " to " + to);
            expectedSequence = (expectedSequence + 1) & 0xFFFF;
            payload.write(datagram.bytes(), 12, datagram.bytes().length - 12);
        }
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        for (ByteBuffer frame : frames) {
            byte[] copy = new byte[frame.capacity()];
            frame.get(0, copy);
            expected.write(copy, 0, copy.length);
        }
        assertArrayEquals(expected.toByteArray(), payload.toByteArray(), "payload of ssrc " + ssrc + " to " + to);
    }

    @Test
    void shouldDropOnlyWholeUnstartedFramesWhenTheKernelStaysBlocked() {
        PartialSender sender = new PartialSender(1, 1.0); // always would-block
        Transmitter transmitter = Transmitter.create(sender, TransmitterConfig.builder().clock(() -> now)
                .maxBatch(1) // the unsent packet fills the batch: nothing else can leave the pacer
                .pacer(PacerConfig.builder().rateBps(8_000_000).queueTimeLimits(50 * TICK, 100 * TICK).build())
                .build());
        TransmitterStream a = transmitter.addStream("a", new ChunkPacketizer(1, 100), PriorityClass.VIDEO, A);
        TransmitterStream b = transmitter.addStream("b", new ChunkPacketizer(2, 100), PriorityClass.VIDEO, A);
        ByteBuffer frame = ByteBuffer.allocateDirect(300);
        transmitter.submit(a, frame, 0, 300, 0, true, 1, this::released);
        now += TICK;
        transmitter.doWork(); // a's first packet leaves the pacer into the batch, and stays there
        for (int i = 0; i < 4; i++) {
            transmitter.submit(b, frame, 0, 300, 0, false, 10 + i, this::released);
        }

        for (int t = 0; t < 400; t++) {
            now += TICK;
            transmitter.doWork();
            assertIdentity(transmitter.stats());
        }

        TransmitterStats stats = transmitter.stats();
        assertEquals(12, stats.dropped(DropReason.QUEUE_TIME_LIMIT), "b's four frames of three packets, whole");
        for (long t = 10; t < 14; t++) {
            assertEquals(1, releases.get(t));
            assertFalse(allSent.get(t));
        }
        assertFalse(releases.containsKey(1L), "a started leaving: it is never dropped half-sent");
        assertEquals(3, stats.queued());

        transmitter.close();
        assertEquals(1, releases.get(1L), "closing drops and releases what waits");
        assertEquals(3, transmitter.stats().dropped(DropReason.TRANSMITTER_CLOSED));
        assertIdentity(transmitter.stats());
        assertTrue(sender.closed, "the transmitter closes its sender");
    }

    @Test
    void shouldRejectAMalformedFrameWholeAndReleaseItOnce() {
        PartialSender sender = new PartialSender(3, 0);
        List<String> problems = new ArrayList<>();
        Transmitter transmitter = Transmitter.create(sender, TransmitterConfig.builder().clock(() -> now)
                .listener(new TransmitterListener() {
                    @Override
                    public void frameRejected(TransmitterStream stream, long tag, RuntimeException problem) {
                        problems.add(stream.name() + " " + tag + ": " + problem.getMessage());
                    }
                }).build());
        FramePacketizer halfBroken = (frame, offset, length, ts, key, sink) -> {
            RtpPacket first = sink.claim();
            first.addSlot(0, 12);
            sink.commit(first);
            sink.claim();
            throw new IllegalArgumentException("NAL at offset 7 has forbidden_zero_bit set");
        };
        TransmitterStream stream = transmitter.addStream("bad", halfBroken, PriorityClass.VIDEO, A);

        transmitter.submit(stream, ByteBuffer.allocate(10), 0, 10, 0, true, 5, this::released);
        now += TICK;
        transmitter.doWork();

        TransmitterStats stats = transmitter.stats();
        assertEquals(1, stats.framesRejected());
        assertEquals(0, stats.submitted());
        assertEquals(List.of("bad 5: NAL at offset 7 has forbidden_zero_bit set"), problems);
        assertEquals(1, releases.get(5L));
        assertFalse(allSent.get(5L));
        assertEquals(0, sender.calls);
        transmitter.close();
    }

    @Test
    void shouldStopAndDropEverythingWhenTheSenderIsClosed() {
        PartialSender sender = new PartialSender(4, 0);
        List<Exception> stops = new ArrayList<>();
        Transmitter transmitter = Transmitter.create(sender, TransmitterConfig.builder().clock(() -> now)
                .pacer(PacerConfig.builder().rateBps(1_800_000).build()) // one packet to two destinations per tick
                .listener(new TransmitterListener() {
                    @Override
                    public void stopped(Exception cause) {
                        stops.add(cause);
                    }
                }).build());
        TransmitterStream stream = transmitter.addStream("v", new ChunkPacketizer(1, 100), PriorityClass.VIDEO, A, B);
        ByteBuffer frame = ByteBuffer.allocateDirect(1000);
        transmitter.submit(stream, frame, 0, 1000, 0, true, 1, this::released);
        now += TICK;
        transmitter.doWork();
        long sentBefore = transmitter.stats().sent();
        assertTrue(sentBefore > 0 && sentBefore < 20);

        sender.close();
        now += TICK;
        transmitter.doWork();

        TransmitterStats stats = transmitter.stats();
        assertEquals(1, stops.size());
        assertTrue(stops.get(0) instanceof SenderClosedException);
        assertFalse(transmitter.isRunning());
        assertEquals(20 - sentBefore, stats.dropped(DropReason.SENDER_CLOSED));
        assertEquals(0, stats.queued());
        assertIdentity(stats);
        assertEquals(1, releases.get(1L));
        assertFalse(transmitter.submit(stream, frame, 0, 10, 0, true, 2, this::released),
                "a stopped transmitter takes nothing");
        transmitter.close();
        assertEquals(1, releases.size());
    }

    @Test
    void shouldGroupATicksPacketsByStreamAndDestination() {
        PartialSender sender = PartialSender.takingAll();
        Transmitter transmitter = transmitter(sender, PacerConfig.builder().unpaced().build());
        TransmitterStream one = transmitter.addStream("1", new ChunkPacketizer(1, 100), PriorityClass.VIDEO, A, B);
        TransmitterStream two = transmitter.addStream("2", new ChunkPacketizer(2, 100), PriorityClass.VIDEO, A);
        ByteBuffer frame = ByteBuffer.allocateDirect(300);
        transmitter.submit(one, frame, 0, 300, 0, true, 1, this::released);
        transmitter.submit(two, frame, 0, 300, 0, true, 2, this::released);

        now += TICK;
        transmitter.doWork();

        List<String> order = new ArrayList<>();
        for (PartialSender.Sent s : sender.sent) {
            order.add(Bytes.u32(ByteBuffer.wrap(s.bytes()), 8) + "->" + s.to().getPort());
        }
        assertEquals(Arrays.asList("1->10000", "1->10000", "1->10000", "1->10001", "1->10001", "1->10001",
                "2->10000", "2->10000", "2->10000"), order, "each stream's packets of a tick run together per destination");
        transmitter.close();
    }

    @Test
    void shouldRefuseSubmissionsWhileTheQueueIsAboveItsHighWaterMark() {
        PartialSender sender = new PartialSender(6, 1.0); // the kernel takes nothing
        Transmitter transmitter = Transmitter.create(sender, TransmitterConfig.builder().clock(() -> now)
                .pacer(PacerConfig.builder().unpaced().build()).maxBatch(4).maxQueuedPackets(10)
                .submissionCapacity(4).build());
        TransmitterStream stream = transmitter.addStream("v", new ChunkPacketizer(1, 100), PriorityClass.VIDEO, A);
        ByteBuffer frame = ByteBuffer.allocateDirect(600); // 6 packets a frame
        now += TICK;
        transmitter.doWork();

        int accepted = 0;
        for (int i = 0; i < 20; i++) {
            if (transmitter.submit(stream, frame, 0, 600, 0, true, i, this::released)) {
                accepted++;
            }
            now += TICK;
            transmitter.doWork();
        }

        TransmitterStats stats = transmitter.stats();
        // 4 in the batch, at most 10 + one frame in the pacer, 4 waiting in the handoff
        assertTrue(stats.queued() <= 4 + 10 + 6, "queued " + stats.queued());
        assertEquals(4, stats.pendingSubmissions(), "the handoff filled up behind the high-water mark");
        assertTrue(accepted < 20, "the producer was told to wait");
        assertIdentity(stats);
        transmitter.close();
        assertEquals(accepted, releases.size(), "closing takes what waited in the handoff and releases it");
    }
}

package io.salvo.pacer;

import io.salvo.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacerTest {
    private static final long TICK = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final List<PacedPacket> dropped = new ArrayList<>();
    private final List<DropReason> reasons = new ArrayList<>();

    private Pacer pacer(PacerConfig config) {
        return new Pacer(config, (packet, reason) -> {
            dropped.add(packet);
            reasons.add(reason);
        });
    }

    /** Queues a frame of {@code packets} packets of {@code size} bytes on {@code stream} at {@code now}. */
    private static PacedFrame frame(Pacer pacer, PacedStream stream, int packets, int size, long now) {
        PacedFrame frame = new PacedFrame().reset(now, null, 0, null);
        for (int i = 0; i < packets; i++) {
            PacedPacket packet = new PacedPacket().reset(stream, frame, RtpPacket.allocate(16), size, 1);
            pacer.enqueue(packet, now);
        }
        return frame;
    }

    private static int drainTick(Pacer pacer, long now, List<PacedPacket> out) {
        pacer.beginTick(now);
        int bytes = 0;
        for (PacedPacket p = pacer.poll(); p != null; p = pacer.poll()) {
            out.add(p);
            bytes += p.wireBytes();
        }
        return bytes;
    }

    @Test
    void shouldGrantRateTimesTickPerTick() {
        Pacer pacer = pacer(PacerConfig.builder().rateBps(8_000_000).build()); // 1000 bytes per ms
        PacedStream video = pacer.addStream(PriorityClass.VIDEO);
        frame(pacer, video, 100, 100, 0);
        List<PacedPacket> out = new ArrayList<>();

        for (int tick = 1; tick <= 5; tick++) {
            out.clear();
            assertEquals(1000, drainTick(pacer, tick * TICK, out), "tick " + tick);
            assertEquals(10, out.size());
        }
        assertEquals(50, pacer.queuedPackets());
        assertEquals(5000, pacer.queuedBytes());
    }

    @Test
    void shouldOverdrawByAtMostOnePacketAndPayTheDebtNextTick() {
        Pacer pacer = pacer(PacerConfig.builder().rateBps(8_000_000).build());
        PacedStream video = pacer.addStream(PriorityClass.VIDEO);
        frame(pacer, video, 1000, 300, 0);
        long total = 0;

        for (int tick = 1; tick <= 300; tick++) {
            pacer.beginTick(tick * TICK);
            double granted = pacer.tickGrantedBytes();
            int bytes = drainTick(pacer, tick * TICK, new ArrayList<>()) ;
            assertTrue(bytes <= granted + 300, "tick " + tick + ": " + bytes + " bytes for a budget of " + granted);
            total += bytes;
        }
        assertTrue(Math.abs(total - 300_000) <= 300, "300 ticks at 1000 B/tick delivered " + total);
    }

    @Test
    void shouldGiveNoBurstAfterIdleAndMakeUpForALateTickOverTheNextTicks() {
        Pacer pacer = pacer(PacerConfig.builder().rateBps(8_000_000).maxCarryTicks(1).build());
        PacedStream video = pacer.addStream(PriorityClass.VIDEO);
        pacer.beginTick(0);
        pacer.beginTick(10 * SECOND); // ten idle seconds

        frame(pacer, video, 300, 100, 10 * SECOND); // 30 kB: a backlog for 30 ms
        int bytes = drainTick(pacer, 10 * SECOND + TICK, new ArrayList<>());
        assertEquals(1000, bytes, "one tick's worth: the idle time earns neither credit nor carry");

        int late = drainTick(pacer, 10 * SECOND + 3 * TICK, new ArrayList<>()); // a tick 1 ms late, backlog waiting
        assertEquals(1100, late, "the carried tick is spent over the next ticks: at most 1.1 ticks' worth in one");
        int caughtUp = late;
        for (int tick = 4; tick <= 12; tick++) {
            caughtUp += drainTick(pacer, 10 * SECOND + tick * TICK, new ArrayList<>());
        }
        assertEquals(11_000, caughtUp, "by 12 ms the rate is made up for: the 2 ms tick and 9 on time, 1000 B a ms");
    }

    @Test
    void shouldPaceAStreamWithAKnownMeanRateAtItsFactorFromTheFirstByte() {
        Pacer guessing = pacer(PacerConfig.defaults());
        PacedStream a = guessing.addStream(PriorityClass.VIDEO);
        Pacer hinted = pacer(PacerConfig.defaults());
        PacedStream b = hinted.addStream(PriorityClass.VIDEO);
        b.rateHintBps(4_000_000); // a 4 Mbit/s file

        frame(guessing, a, 100, 1000, 0); // a 100 kB first keyframe
        frame(hinted, b, 100, 1000, 0);
        guessing.beginTick(TICK);
        hinted.beginTick(TICK);

        // guessed: 100 kB in the meter's first 100 ms reads as 8 Mbit/s, paced at 2.5 x = 20 Mbit/s
        assertEquals(20_000_000, guessing.rateBps(), 1);
        // known: 2.5 x 4 Mbit/s; the keyframe spread over a full second (0.8 Mbit/s) is below it
        assertEquals(10_000_000, hinted.rateBps(), 1);
    }

    @Test
    void shouldServeClassesInPriorityOrder() {
        Pacer pacer = pacer(PacerConfig.builder().rateBps(8_000_000).build());
        PacedStream padding = pacer.addStream(PriorityClass.PADDING);
        PacedStream video = pacer.addStream(PriorityClass.VIDEO);
        PacedStream rtx = pacer.addStream(PriorityClass.RETRANSMISSION);
        PacedStream audio = pacer.addStream(PriorityClass.AUDIO);
        frame(pacer, padding, 2, 10, 0);
        frame(pacer, video, 2, 10, 0);
        frame(pacer, rtx, 2, 10, 0);
        frame(pacer, audio, 2, 10, 0);
        List<PacedPacket> out = new ArrayList<>();

        drainTick(pacer, TICK, out);

        List<PriorityClass> order = new ArrayList<>();
        out.forEach(p -> order.add(p.stream().priority()));
        assertEquals(List.of(PriorityClass.AUDIO, PriorityClass.AUDIO, PriorityClass.RETRANSMISSION,
                PriorityClass.RETRANSMISSION, PriorityClass.VIDEO, PriorityClass.VIDEO,
                PriorityClass.PADDING, PriorityClass.PADDING), order);
    }

    @Test
    void shouldTakeTurnsBetweenStreamsOfAClassKeepingEachStreamInOrder() {
        Pacer pacer = pacer(PacerConfig.builder().rateBps(8_000_000).build());
        PacedStream a = pacer.addStream(PriorityClass.VIDEO);
        PacedStream b = pacer.addStream(PriorityClass.VIDEO);
        PacedStream c = pacer.addStream(PriorityClass.VIDEO);
        frame(pacer, a, 3, 10, 0);
        frame(pacer, b, 1, 10, 0);
        frame(pacer, c, 2, 10, 0);
        List<PacedPacket> out = new ArrayList<>();

        drainTick(pacer, TICK, out);

        StringBuilder order = new StringBuilder();
        out.forEach(p -> order.append(p.stream() == a ? 'a' : p.stream() == b ? 'b' : 'c'));
        assertEquals("abcaca", order.toString());
    }

    @Test
    void shouldLetAudioBypassASpentBudgetOnlyWhenConfigured() {
        for (boolean bypass : new boolean[]{true, false}) {
            Pacer pacer = pacer(PacerConfig.builder().rateBps(8_000_000).audioBypassesBudget(bypass).build());
            PacedStream video = pacer.addStream(PriorityClass.VIDEO);
            PacedStream audio = pacer.addStream(PriorityClass.AUDIO);
            frame(pacer, video, 10, 1200, 0);
            pacer.beginTick(TICK);
            assertSame(video, pacer.poll().stream(), "the first packet spends the whole budget");

            frame(pacer, audio, 1, 100, TICK);
            PacedPacket next = pacer.poll();

            if (bypass) {
                assertSame(audio, next.stream());
            } else {
                assertNull(next);
            }
            assertNull(pacer.poll(), "video still waits for budget");
        }
    }

    @Test
    void shouldRaiseTheRateToDrainWithinTheQueueTimeLimit() {
        Pacer pacer = pacer(PacerConfig.builder().rateBps(1_000_000)
                .queueTimeLimits(2 * SECOND, 10 * SECOND).build());
        PacedStream video = pacer.addStream(PriorityClass.VIDEO);
        frame(pacer, video, 2000, 1000, 0); // 2 MB: 16 s at 1 Mbit/s

        long now = 0;
        while (pacer.queuedPackets() > 0 && now < 5 * SECOND) {
            now += TICK;
            drainTick(pacer, now, new ArrayList<>());
        }

        assertEquals(0, pacer.queuedPackets());
        assertTrue(now <= 2 * SECOND + TICK, "drained after " + now / 1_000_000 + " ms");
        assertTrue(dropped.isEmpty());
    }

    @Test
    void shouldDropOnlyWholeFramesThatHaveNotStartedLeaving() {
        Pacer pacer = pacer(PacerConfig.builder().rateBps(8_000).queueTimeLimits(SECOND, SECOND).build());
        PacedStream a = pacer.addStream(PriorityClass.VIDEO);
        PacedStream b = pacer.addStream(PriorityClass.VIDEO);
        PacedFrame started = frame(pacer, a, 3, 1, 0);
        PacedFrame behindStarted = frame(pacer, a, 2, 1, 0);
        pacer.beginTick(TICK);
        PacedPacket first = pacer.poll();
        assertSame(started, first.frame());
        assertTrue(started.departed());
        PacedFrame unstarted = frame(pacer, b, 4, 1, TICK);

        pacer.beginTick(2 * SECOND); // every frame is past the hard limit

        assertEquals(4, dropped.size(), "only stream b's frame, whole");
        dropped.forEach(p -> assertSame(unstarted, p.frame()));
        reasons.forEach(r -> assertEquals(DropReason.QUEUE_TIME_LIMIT, r));
        assertFalse(unstarted.departed());
        assertEquals(0, unstarted.packetsQueued());
        assertEquals(2, started.packetsQueued(), "a frame that started leaving is never half-dropped");
        assertEquals(2, behindStarted.packetsQueued(), "and it shields the frames behind it in its stream");
        assertEquals(4, pacer.queuedPackets());
    }

    @Test
    void shouldKeepEveryFrameHoweverOldWhenToldNeverToDropForAge() {
        Pacer pacer = pacer(PacerConfig.builder().rateBps(8_000).neverDropForAge().build());
        PacedStream video = pacer.addStream(PriorityClass.VIDEO);
        PacedFrame waiting = frame(pacer, video, 3, 1200, 0);

        pacer.beginTick(3600 * SECOND); // an hour: far past the default 4 s hard limit

        assertTrue(dropped.isEmpty(), "dropped " + reasons);
        assertEquals(3, waiting.packetsQueued());
        assertEquals(PacerConfig.NEVER_DROP, PacerConfig.builder().unpaced().neverDropForAge().build().dropAfterNanos());
        assertEquals(2 * SECOND, PacerConfig.builder().neverDropForAge()
                .queueTimeLimits(SECOND, 2 * SECOND).build().dropAfterNanos(), "queueTimeLimits sets a limit again");
    }

    @Test
    void shouldPaceAtAFactorOfTheMeasuredMediaRate() {
        Pacer pacer = pacer(PacerConfig.builder().pacingFactor(2.5, 100_000).build());
        PacedStream video = pacer.addStream(PriorityClass.VIDEO);
        long now = 0;
        for (int i = 0; i < 100; i++) { // 1 s of 10 ms frames of 1250 bytes = 1 Mbit/s
            frame(pacer, video, 1, 1250, now);
            for (int t = 0; t < 10; t++) {
                now += TICK;
                drainTick(pacer, now, new ArrayList<>());
            }
        }

        assertEquals(1_000_000, pacer.mediaRateBps(now), 20_000);
        assertEquals(2_500_000, pacer.rateBps(), 50_000);
    }

    @Test
    void shouldLetEverythingLeaveWhenUnpaced() {
        Pacer pacer = pacer(PacerConfig.builder().unpaced().build());
        PacedStream video = pacer.addStream(PriorityClass.VIDEO);
        frame(pacer, video, 500, 1200, 0);

        List<PacedPacket> out = new ArrayList<>();
        drainTick(pacer, 1, out);

        assertEquals(500, out.size());
        assertEquals(0, pacer.rateBps());
    }

    @Test
    void shouldDropTheQueueOfARemovedStream() {
        Pacer pacer = pacer(PacerConfig.defaults());
        PacedStream a = pacer.addStream(PriorityClass.VIDEO);
        PacedStream b = pacer.addStream(PriorityClass.VIDEO);
        frame(pacer, a, 3, 10, 0);
        frame(pacer, b, 2, 10, 0);

        pacer.removeStream(a, DropReason.STREAM_REMOVED);

        assertEquals(3, dropped.size());
        assertEquals(2, pacer.queuedPackets());
        assertEquals(1, pacer.streamCount());
        pacer.beginTick(TICK);
        assertSame(b, pacer.poll().stream());
    }
}

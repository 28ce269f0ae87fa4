package io.salvo.demo.receive;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StreamStatsTest {
    private static final int VIDEO_RATE = 90_000;
    private static final long MILLI = 1_000_000L;
    private static final long START = 5_000_000_000L;

    private final StreamStats stats = new StreamStats(Packets.SSRC_A, VIDEO_RATE);

    /** Feeds packets with these sequence numbers, 1 ms and 90 ticks apart, 100-byte payloads. */
    private void feed(int... sequenceNumbers) {
        for (int sequenceNumber : sequenceNumbers) {
            int order = (int) stats.packets();
            stats.onPacket(sequenceNumber, 90L * order, Packets.PT_VIDEO, false, 100, 112, START + order * MILLI);
        }
    }

    private static int[] range(int first, int count) {
        int[] sequenceNumbers = new int[count];
        for (int i = 0; i < count; i++) {
            sequenceNumbers[i] = (first + i) & 0xFFFF;
        }
        return sequenceNumbers;
    }

    @Test
    void shouldCountNothingLostForAnInOrderStream() {
        feed(range(1000, 50));

        StreamSnapshot snapshot = stats.snapshot();
        assertEquals(50, snapshot.packets());
        assertEquals(50, snapshot.expected());
        assertEquals(0, snapshot.lost());
        assertEquals(0, snapshot.reordered());
        assertEquals(0, snapshot.duplicates());
        assertEquals(1000, snapshot.firstSequence());
        assertEquals(1049, snapshot.highestSequence());
    }

    @Test
    void shouldCountAGapOfThreeAsThreeLost() {
        feed(1, 2, 3, 7, 8);

        assertEquals(8, stats.expected());
        assertEquals(3, stats.lost());
        assertEquals(0, stats.reordered());
    }

    @Test
    void shouldCountASwappedPairAsOneReorderedAndNothingLost() {
        feed(1, 2, 4, 3, 5);

        assertEquals(1, stats.reordered());
        assertEquals(0, stats.lost());
        assertEquals(0, stats.duplicates());
    }

    @Test
    void shouldCountALatePacketAsLostUntilItArrives() {
        feed(1, 2, 4, 5);
        assertEquals(1, stats.lost());

        feed(3);
        assertEquals(0, stats.lost());
        assertEquals(1, stats.reordered());
    }

    @Test
    void shouldCountDuplicatesApartFromLoss() {
        feed(1, 2, 2, 3, 3, 3, 1);

        assertEquals(7, stats.packets());
        assertEquals(4, stats.duplicates());
        assertEquals(3, stats.expected());
        assertEquals(0, stats.lost());
        assertEquals(0, stats.reordered(), "a duplicate is not also reordered");
    }

    @Test
    void shouldCountNothingLostAcrossTheSequenceWrap() {
        feed(range(65_530, 12)); // 65530..65535, 0..5

        assertEquals(12, stats.expected());
        assertEquals(0, stats.lost());
        assertEquals(65_530 + 11, stats.snapshot().highestSequence());
    }

    @Test
    void shouldCountALossAcrossTheSequenceWrap() {
        feed(65_534, 65_535, 1, 2);

        assertEquals(5, stats.expected());
        assertEquals(1, stats.lost());
    }

    @Test
    void shouldLowerTheBaseWhenTheFirstPacketWasOvertaken() {
        feed(11, 10, 12);

        assertEquals(3, stats.expected());
        assertEquals(0, stats.lost());
        assertEquals(1, stats.reordered());
        assertEquals(10, stats.snapshot().firstSequence());
    }

    @Test
    void shouldCountADuplicateTooOldToRecogniseAsReorderedAndClampTheLoss() {
        feed(range(0, RecentSequences.WINDOW + 100));
        feed(5);

        assertEquals(0, stats.duplicates(), "beyond the window a duplicate cannot be told");
        assertEquals(1, stats.reordered());
        assertEquals(RecentSequences.WINDOW + 100, stats.expected());
        assertEquals(0, stats.lost(), "one more received than expected, clamped to 0");
    }

    @Test
    void shouldKeepJitterAtZeroWhenTimestampsAdvanceWithArrival() {
        for (int i = 0; i < 100; i++) {
            stats.onPacket(i, 1234 + 90L * i, Packets.PT_VIDEO, false, 100, 112, START + i * MILLI);
        }

        assertEquals(0.0, stats.jitter(), 1e-9);
    }

    @Test
    void shouldApplyTheRfc3550FilterToEachTransitChange() {
        // timestamps 10 ms (900 ticks) apart, arrivals alternately 0 and 20 ms apart: |D| = 900 every time
        long arrival = START;
        for (int i = 0; i <= 20; i++) {
            if (i > 0) {
                arrival += (i % 2 == 1) ? 0 : 20 * MILLI;
            }
            stats.onPacket(i, 900L * i, Packets.PT_VIDEO, false, 100, 112, arrival);
            if (i == 1) {
                assertEquals(900 / 16.0, stats.jitter(), 1e-9, "J = 0 + (900 - 0) / 16");
            }
        }

        assertEquals(900 * (1 - Math.pow(15.0 / 16, 20)), stats.jitter(), 1e-6);
        assertEquals(stats.jitter() * 1000 / VIDEO_RATE, stats.snapshot().jitterMillis(), 1e-12);
    }

    @Test
    void shouldTakeTheTimestampDifferenceAcrossTheTimestampWrap() {
        long timestamp = 0xFFFF_FFFFL - 200;
        for (int i = 0; i < 10; i++) {
            stats.onPacket(i, (timestamp + 90L * i) & 0xFFFF_FFFFL, Packets.PT_VIDEO, false, 100, 112, START + i * MILLI);
        }

        assertEquals(0.0, stats.jitter(), 1e-9);
    }

    @Test
    void shouldUseTheStreamClockRateForJitter() {
        StreamStats opus = new StreamStats(Packets.SSRC_B, 48_000);
        opus.onPacket(0, 0, 111, false, 50, 62, START);
        opus.onPacket(1, 960, 111, false, 50, 62, START + 36 * MILLI); // 16 ms late: D = 768 ticks

        assertEquals(768 / 16.0, opus.jitter(), 1e-9);
        assertEquals(1.0, opus.snapshot().jitterMillis(), 1e-9);
    }

    @Test
    void shouldCountBytesMarkersAndBitrate() {
        for (int i = 0; i < 11; i++) {
            stats.onPacket(i, 9000L * i, Packets.PT_VIDEO, i % 2 == 0, 988, 1000, START + i * 100 * MILLI);
        }
        stats.onPacket(10, 90_000, Packets.PT_VIDEO, true, 988, 1000, START + 1000 * MILLI); // duplicate

        StreamSnapshot snapshot = stats.snapshot();
        assertEquals(12_000, snapshot.bytes());
        assertEquals(12 * 988, snapshot.payloadBytes());
        assertEquals(6, snapshot.markers(), "markers of 0, 2, .., 10; not the duplicate's");
        assertEquals(1.0, snapshot.seconds(), 1e-12);
        assertEquals(12_000 * 8 / 1e6, snapshot.mbps(), 1e-12);
        assertEquals(Packets.PT_VIDEO, snapshot.payloadType());
        assertEquals(Packets.SSRC_A, snapshot.ssrc());
    }

    @Test
    void shouldReportNothingBeforeTheFirstPacket() {
        StreamSnapshot snapshot = stats.snapshot();

        assertEquals(0, snapshot.expected());
        assertEquals(0, snapshot.lost());
        assertEquals(0.0, snapshot.mbps());
        assertEquals(0.0, snapshot.lossPercent());
    }

    @Test
    void shouldRejectANonPositiveClockRate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StreamStats(1, 0));
        assertEquals("clock rate must be > 0 Hz, was 0", e.getMessage());
    }
}

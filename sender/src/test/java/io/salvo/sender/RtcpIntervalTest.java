package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RtcpIntervalTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldKeepTheMinimumForAVideoSenderWithOneReceiver() {
        RtcpInterval interval = new RtcpInterval(72);
        // 1 Mbit/s of video: 5 % is 6250 B/s; a sender alone gets it all (2 members: senders > 25 %)
        assertEquals(SECOND, interval.deterministicNanos(2, 1, 6250, SECOND, false));
        assertEquals(SECOND / 2, interval.deterministicNanos(2, 1, 6250, SECOND, true), "the first report's minimum is halved");
    }

    @Test
    void shouldGrowPastTheMinimumWhenTheRtcpBandwidthIsSmall() {
        RtcpInterval interval = new RtcpInterval(72);
        // 100 average 100-byte packets (72 + 28) and 10 B/s: 4 members, 1 sender = 25 %, so the sender
        // gets a quarter of 10 B/s and is alone in its share: 100 B / 2.5 B/s = 40 s
        assertEquals(40 * SECOND, interval.deterministicNanos(4, 1, 10, 5 * SECOND, false));
        // with 3 members the sender is more than a quarter: all 3 share the whole 10 B/s: 3 × 100 / 10 = 30 s
        assertEquals(30 * SECOND, interval.deterministicNanos(3, 1, 10, 5 * SECOND, false));
    }

    @Test
    void shouldSmoothTheAveragePacketSizeBySixteenths() {
        RtcpInterval interval = new RtcpInterval(72);
        interval.sent(72 + 160);
        assertEquals(100 + 10, interval.averagePacketBytes(), 1e-9);
    }

    @Test
    void shouldRandomizeBetweenHalfAndOneAndAHalfTimesWithTheDeterministicIntervalAsMean() {
        long deterministic = SECOND;
        assertEquals(SECOND / 2, RtcpInterval.randomizedNanos(deterministic, 0));
        assertEquals(3 * SECOND / 2, RtcpInterval.randomizedNanos(deterministic, 1));
        SplittableRandom random = new SplittableRandom(7);
        double sum = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            sum += RtcpInterval.randomizedNanos(deterministic, random.nextDouble());
        }
        assertEquals(SECOND, sum / n, SECOND * 0.01);
    }
}

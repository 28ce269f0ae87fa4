package io.salvo.pacer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MediaRateMeterTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 5_000_000_000_123L; // not on a bucket boundary

    @Test
    void nothingCountedReadsZero() {
        assertEquals(0, new MediaRateMeter().rateBps(T0));
    }

    @Test
    void beforeOneSecondTheWindowIsTheTimeSinceTheFirstByteAtLeast100Ms() {
        MediaRateMeter meter = new MediaRateMeter();
        meter.add(T0, 1000);
        assertEquals(80_000, meter.rateBps(T0 + 10 * MS)); // 8000 bits over the 100 ms minimum
        assertEquals(16_000, meter.rateBps(T0 + 500 * MS)); // over 500 ms
        assertEquals(8_000, meter.rateBps(T0 + 500 * MS, 1000 * MS)); // a 1 s minimum window
    }

    @Test
    void aSteadyStreamReadsItsRateAcrossBucketBoundaries() {
        MediaRateMeter meter = new MediaRateMeter();
        // 1250 bytes every millisecond = 10 Mbit/s, for 3 s
        for (long t = 0; t < 3000; t++) {
            meter.add(T0 + t * MS, 1250);
        }
        long rate = meter.rateBps(T0 + 3000 * MS);
        assertEquals(10_000_000, rate, 10_000_000 / 50.0, "rate " + rate);
    }

    @Test
    void bytesOlderThanOneSecondLeaveTheWindow() {
        MediaRateMeter meter = new MediaRateMeter();
        meter.add(T0, 1_000_000);
        for (long t = 1; t <= 1500; t++) {
            meter.add(T0 + t * MS, 125); // 1 Mbit/s
        }
        long rate = meter.rateBps(T0 + 1500 * MS);
        assertEquals(1_000_000, rate, 1_000_000 / 20.0, "the first second's megabyte is gone: " + rate);
    }

    @Test
    void aLongSilenceEmptiesEveryBucket() {
        MediaRateMeter meter = new MediaRateMeter();
        meter.add(T0, 1_000_000);
        meter.add(T0 + 60_000 * MS, 1250);
        // only the last 1250 bytes count, over the 900 ms of whole buckets behind the current one
        assertEquals(1250 * 8 / 0.9, meter.rateBps(T0 + 60_000 * MS + 1), 1);
    }

    @Test
    void addsInTheSameBucketAndTheNextAgreeWithAFreshMeter() {
        MediaRateMeter stepped = new MediaRateMeter();
        MediaRateMeter once = new MediaRateMeter();
        for (int i = 0; i < 250; i++) {
            stepped.add(T0 + i * 7 * MS, 100);
        }
        long end = T0 + 249 * 7 * MS;
        // the same bytes, all in the last second, counted at once per 100 ms bucket they fell into
        long total = 0;
        for (int i = 0; i < 250; i++) {
            long at = T0 + i * 7 * MS;
            if (Math.floorDiv(at, 100 * MS) > Math.floorDiv(end, 100 * MS) - 10) {
                total += 100;
            }
        }
        once.add(end - 1000 * MS + 1, 0);
        once.add(end, total);
        assertEquals(once.rateBps(end, 1000 * MS), stepped.rateBps(end, 1000 * MS));
    }
}

package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long MS = 1_000_000L;

    @Test
    void shouldPassAtMostTheRateTimesTimePlusTheBurst() {
        TokenBucket bucket = new TokenBucket(100 * MS);
        double rate = 125_000; // 1 Mbit/s: a 12,500-byte burst
        long passed = 0;
        for (long t = 0; t <= 2000 * MS; t += MS) {
            for (int i = 0; i < 10; i++) { // asks for 12 MB/s
                if (bucket.tryTake(1200, rate, t)) {
                    passed += 1200;
                }
            }
        }
        assertTrue(passed <= 125_000 * 2 + 12_500, "passed " + passed);
        assertTrue(passed >= 125_000 * 2 + 12_500 - 2400, "and not much less: " + passed);
    }

    @Test
    void shouldTakeNothingWhenItRefusesAndAlwaysAllowOneLargeDatagram() {
        TokenBucket bucket = new TokenBucket(100 * MS);
        assertTrue(bucket.tryTake(1500, 0, 0), "a bucket at rate 0 still holds one 1500-byte datagram");
        assertFalse(bucket.tryTake(1, 0, 0));
        assertEquals(0, bucket.tokens(), 1e-9);
        assertFalse(bucket.tryTake(1000, 10_000, 50 * MS), "500 bytes accrued, 1000 asked");
        assertEquals(500, bucket.tokens(), 1e-9);
        assertTrue(bucket.tryTake(500, 10_000, 50 * MS));
    }
}

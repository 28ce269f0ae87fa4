package io.salvo.demo.receive;

import io.salvo.rtcp.ReportBlock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LossIntervalTest {
    private final LossInterval interval = new LossInterval();

    @Test
    void shouldComputeEachFractionFromTheCountsSinceThePreviousOne() {
        assertEquals(25 * 256 / 100, interval.next(100, 75));    // 64
        assertEquals(0, interval.next(100, 75), "nothing expected since");
        assertEquals(1 * 256 / 3, interval.next(103, 77));       // 3 expected, 2 received: 85
        assertEquals(0, interval.next(105, 80), "more received than expected: negative loss is 0");
    }

    @Test
    void shouldCapTheFractionAt255WhenEverythingOfTheIntervalWasLost() {
        interval.next(10, 10);

        assertEquals(255, interval.next(20, 10)); // A.3's formula: 256, which is 0 in 8 bits
    }

    @Test
    void shouldClampTheCumulativeLossToTwentyFourSignedBits() {
        assertEquals(3, LossInterval.cumulativeLost(10, 7));
        assertEquals(-2, LossInterval.cumulativeLost(10, 12));
        assertEquals(ReportBlock.MAX_CUMULATIVE_LOST, LossInterval.cumulativeLost(20_000_000, 1));
        assertEquals(ReportBlock.MIN_CUMULATIVE_LOST, LossInterval.cumulativeLost(1, 20_000_000));
    }
}

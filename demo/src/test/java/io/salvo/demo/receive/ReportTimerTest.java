package io.salvo.demo.receive;

import org.junit.jupiter.api.Test;

import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTimerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MILLI = 1_000_000L;
    private static final long START = 123 * SECOND;

    /** Always draws {@code fraction} (0 to just below 1) from nextDouble. */
    private static RandomGenerator drawing(double fraction) {
        long bits = (long) (fraction * (1L << 53)) << 11;
        return () -> bits;
    }

    @Test
    void shouldDrawEachIntervalFromHalfToOneAndAHalfTimesTheMean() {
        assertEquals(START + SECOND / 2, new ReportTimer(SECOND, drawing(0), START).deadline());
        assertEquals(START + SECOND, new ReportTimer(SECOND, drawing(0.5), START).deadline());
        ReportTimer late = new ReportTimer(SECOND, drawing(0.999_999), START);
        assertTrue(late.deadline() > START + 1499 * MILLI && late.deadline() < START + 1500 * MILLI);
    }

    @Test
    void shouldBeDueAtItsDeadlineAndDrawTheNextFromTheReport() {
        ReportTimer timer = new ReportTimer(SECOND, drawing(0.5), START);

        assertFalse(timer.due(START + SECOND - 1));
        assertTrue(timer.due(START + SECOND));
        timer.reported(START + SECOND + 5 * MILLI);
        assertEquals(START + 2 * SECOND + 5 * MILLI, timer.deadline());
    }

    @Test
    void shouldBringTheReportForwardAfterANewSendersFirstReportButNeverPutItOff() {
        ReportTimer timer = new ReportTimer(SECOND, drawing(0), START);

        timer.soon(START + 100 * MILLI);
        assertEquals(START + 100 * MILLI + ReportTimer.SOON_MIN_MILLIS * MILLI, timer.deadline());

        timer.soon(START + 200 * MILLI);
        assertEquals(START + 110 * MILLI, timer.deadline(), "an earlier deadline stays");
    }

    @Test
    void shouldReportSoonWithinTheSoonWindow() {
        ReportTimer timer = new ReportTimer(SECOND, drawing(0.999_999), START);

        timer.soon(START);

        assertTrue(timer.deadline() <= START + ReportTimer.SOON_MAX_MILLIS * MILLI, "" + (timer.deadline() - START));
        assertTrue(timer.deadline() >= START + ReportTimer.SOON_MIN_MILLIS * MILLI, "" + (timer.deadline() - START));
    }

    @Test
    void shouldRejectANonPositiveInterval() {
        assertThrows(IllegalArgumentException.class, () -> new ReportTimer(0, drawing(0), START));
    }
}

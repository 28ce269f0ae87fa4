package io.salvo.demo.receive;

import io.salvo.rtcp.ReportBlock;

/**
 * The loss fields of a report block, RFC 3550 A.3: the cumulative number lost, and the fraction
 * lost since the previous report, for which it keeps the expected and received counts of that
 * report ({@code expected_prior}, {@code received_prior}).
 *
 * <pre>
 * expected_interval = expected - expected_prior
 * received_interval = received - received_prior
 * lost_interval     = expected_interval - received_interval
 * fraction          = lost_interval &lt;= 0 ? 0 : (lost_interval &lt;&lt; 8) / expected_interval
 * </pre>
 *
 * <p>The fraction is capped at 255: A.3's formula gives 256 when every expected packet of the
 * interval was lost, which does not fit the 8-bit field.
 */
final class LossInterval {
    private long expectedPrior;
    private long receivedPrior;

    /**
     * The fraction lost (0..255, in 1/256) since the previous call, and makes these counts the
     * prior ones for the next.
     *
     * @param expected packets expected since reception began (highest - base + 1)
     * @param received packets received since reception began, duplicates not counted
     */
    int next(long expected, long received) {
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        if (expectedInterval <= 0 || lostInterval <= 0) {
            return 0;
        }
        return (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    }

    /**
     * Packets lost since reception began, {@code expected - received} (negative when more arrived
     * than were expected), clamped to the signed 24 bits of the field:
     * {@value ReportBlock#MIN_CUMULATIVE_LOST}..{@value ReportBlock#MAX_CUMULATIVE_LOST}.
     */
    static int cumulativeLost(long expected, long received) {
        long lost = expected - received;
        return (int) Math.max(ReportBlock.MIN_CUMULATIVE_LOST, Math.min(ReportBlock.MAX_CUMULATIVE_LOST, lost));
    }
}

package io.salvo.demo.receive;

import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * When the next receiver report is due: each wait is drawn uniformly from 0.5 to 1.5 times the
 * mean interval, as RFC 3550 §6.3.1 randomizes it so receivers do not report in step; and a
 * report is brought forward to {@value #SOON_MIN_MILLIS}..{@value #SOON_MAX_MILLIS} ms from now
 * when a new sender's first SR arrives, so it gets a round-trip time without waiting a whole
 * interval (the short delay lets SRs of a sender's other streams in the same burst join it).
 *
 * <p>RFC 3550 §6.2 asks for at least 5 s between reports, or 360 / session bandwidth in kbit/s;
 * here the caller's interval rules (1 s by default), as tools for one-to-one sessions do. Times
 * are {@link System#nanoTime()} values.
 */
final class ReportTimer {
    /** Earliest report after a new sender's first SR, in ms. */
    static final long SOON_MIN_MILLIS = 10;
    /** Latest report after a new sender's first SR, in ms. */
    static final long SOON_MAX_MILLIS = 50;

    private final long intervalNanos;
    private final RandomGenerator random;
    private long deadline;

    /** A timer whose first report is due one randomized interval after {@code nowNanos}. */
    ReportTimer(long intervalNanos, RandomGenerator random, long nowNanos) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("report interval must be > 0 ns, was " + intervalNanos);
        }
        this.intervalNanos = intervalNanos;
        this.random = random;
        this.deadline = nowNanos + draw();
    }

    /** When the next report is due. */
    long deadline() {
        return deadline;
    }

    /** True when the next report is due at {@code nowNanos}. */
    boolean due(long nowNanos) {
        return nowNanos - deadline >= 0;
    }

    /** A report went out (or had nowhere to go) at {@code nowNanos}: the next is one randomized interval later. */
    void reported(long nowNanos) {
        deadline = nowNanos + draw();
    }

    /** A new sender's first SR arrived at {@code nowNanos}: report soon, unless a report is due sooner anyway. */
    void soon(long nowNanos) {
        long soon = nowNanos + TimeUnit.MILLISECONDS.toNanos(SOON_MIN_MILLIS)
                + (long) (random.nextDouble() * TimeUnit.MILLISECONDS.toNanos(SOON_MAX_MILLIS - SOON_MIN_MILLIS));
        if (soon - deadline < 0) {
            deadline = soon;
        }
    }

    private long draw() {
        return (long) (intervalNanos * (0.5 + random.nextDouble()));
    }
}

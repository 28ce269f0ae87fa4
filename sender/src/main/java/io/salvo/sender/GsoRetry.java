package io.salvo.sender;

/**
 * When a sender whose GSO run the kernel refused tries GSO again: a back-off on the {@link
 * System#nanoTime()} clock, kept by the sending thread alone (no locks, no allocation).
 *
 * <ul>
 *   <li>A refusal switches GSO off for the back-off: the initial one ({@link
 *       SenderOptions#gsoRetryAfter}), or, when the refusal follows a retry that no accepted run
 *       has confirmed yet, twice the previous one, at most {@link #MAX_BACKOFF_NANOS}.
 *   <li>Once the back-off has passed, the next send {@link #due tries} GSO again.
 *   <li>A run the kernel {@link #accepted() accepts} after a retry confirms it: the next refusal
 *       starts again from the initial back-off.
 * </ul>
 */
final class GsoRetry {
    /** The longest back-off: {@link SenderOptions#MAX_GSO_RETRY_AFTER}. */
    static final long MAX_BACKOFF_NANOS = SenderOptions.MAX_GSO_RETRY_AFTER.toNanos();

    private final long initialNanos;
    /** The back-off of the last refusal (0 before the first). */
    private long backoffNanos;
    /** When GSO may be tried again, while {@link #off}. */
    private long retryAt;
    private boolean off;
    /** GSO is back on after a retry and no run has been accepted since. */
    private boolean unconfirmed;

    GsoRetry(long initialNanos) {
        if (initialNanos <= 0 || initialNanos > MAX_BACKOFF_NANOS) {
            throw new IllegalArgumentException("GSO retry back-off must be > 0 and at most " + MAX_BACKOFF_NANOS
                    + " ns, was " + initialNanos);
        }
        this.initialNanos = initialNanos;
    }

    /** The kernel refused a run at {@code now}: GSO stays off until the back-off has passed. */
    void refused(long now) {
        backoffNanos = unconfirmed ? Math.min(backoffNanos * 2, MAX_BACKOFF_NANOS) : initialNanos;
        retryAt = now + backoffNanos;
        off = true;
        unconfirmed = false;
    }

    /** True once, at the first call after the back-off has passed: GSO is to be tried again. */
    boolean due(long now) {
        if (!off || now - retryAt < 0) {
            return false;
        }
        off = false;
        unconfirmed = true;
        return true;
    }

    /** The kernel accepted a GSO run: a retry before it has worked. */
    void accepted() {
        unconfirmed = false;
    }

    /** True while GSO is off, waiting for the back-off to pass. */
    boolean off() {
        return off;
    }

    /** The back-off of the last refusal in nanoseconds (0 before the first). */
    long backoffNanos() {
        return backoffNanos;
    }
}

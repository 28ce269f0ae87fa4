package io.salvo.sender;

/**
 * A token bucket over virtual or real time: tokens (bytes) accrue at a rate that may change and
 * are capped at what {@code burstNanos} of that rate gives (at least one large datagram), so over
 * any interval T at most {@code rate × T + burst} bytes pass. Transmitter thread only.
 */
final class TokenBucket {
    private static final double MIN_BURST_BYTES = 1500;

    private final long burstNanos;
    private double tokens;
    private long lastNanos;
    private boolean started;

    /** A bucket whose burst is {@code burstNanos} of its rate; it starts full. */
    TokenBucket(long burstNanos) {
        this.burstNanos = burstNanos;
    }

    /**
     * Takes {@code bytes} at {@code nowNanos} if there are enough tokens, after adding what
     * {@code bytesPerSecond} accrued since the last call.
     *
     * @return true if taken, false if refused (nothing is taken then)
     */
    boolean tryTake(int bytes, double bytesPerSecond, long nowNanos) {
        double cap = Math.max(MIN_BURST_BYTES, bytesPerSecond * burstNanos / 1e9);
        if (!started) {
            started = true;
            tokens = cap;
        } else {
            tokens = Math.min(cap, tokens + bytesPerSecond * Math.max(0, nowNanos - lastNanos) / 1e9);
        }
        lastNanos = nowNanos;
        if (tokens < bytes) {
            return false;
        }
        tokens -= bytes;
        return true;
    }

    /** Tokens now (bytes), as of the last call. */
    double tokens() {
        return tokens;
    }
}

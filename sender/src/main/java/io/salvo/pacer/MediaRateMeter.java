package io.salvo.pacer;

/**
 * Measures a byte rate over the last second, in ten 100 ms buckets (the pacer measures the media
 * queued into it). Before a full second has passed the window is the time since the first byte
 * (at least 100 ms). One thread only; allocates nothing.
 */
public final class MediaRateMeter {
    private static final int BUCKETS = 10;
    private static final long BUCKET_NANOS = 100_000_000L;

    private final long[] bytes = new long[BUCKETS];
    private long currentBucket = Long.MIN_VALUE;
    /** First nanosecond after the current bucket: until then {@link #add} only adds. */
    private long bucketEndNanos = Long.MIN_VALUE;
    private int currentIndex;
    private long firstNanos;

    /** A meter with nothing counted. */
    public MediaRateMeter() {
    }

    /** Counts {@code count} bytes at {@code nowNanos}. */
    public void add(long nowNanos, long count) {
        if (nowNanos >= bucketEndNanos || nowNanos < bucketEndNanos - BUCKET_NANOS) {
            if (currentBucket == Long.MIN_VALUE) {
                currentBucket = Math.floorDiv(nowNanos, BUCKET_NANOS);
                firstNanos = nowNanos;
            }
            advance(nowNanos);
        }
        bytes[currentIndex] += count;
    }

    /** The rate over the last second as of {@code nowNanos}, bits/s (the window at least 100 ms). */
    public long rateBps(long nowNanos) {
        return rateBps(nowNanos, BUCKET_NANOS);
    }

    /**
     * The rate over the last second as of {@code nowNanos}, bits/s, counting the window as at
     * least {@code minWindowNanos} (up to 1 s): before that much time has passed since the first
     * byte, the bytes so far are spread over it, so one large first frame does not read as a
     * burst-long rate.
     */
    public long rateBps(long nowNanos, long minWindowNanos) {
        if (currentBucket == Long.MIN_VALUE) {
            return 0;
        }
        advance(nowNanos);
        long sum = 0;
        for (long b : bytes) {
            sum += b;
        }
        long covered = (BUCKETS - 1) * BUCKET_NANOS + (nowNanos - currentBucket * BUCKET_NANOS);
        long window = Math.max(Math.min(minWindowNanos, BUCKETS * BUCKET_NANOS),
                Math.max(BUCKET_NANOS, Math.min(covered, nowNanos - firstNanos)));
        return (long) (sum * 8.0 * 1e9 / window);
    }

    private void advance(long nowNanos) {
        long bucket = Math.floorDiv(nowNanos, BUCKET_NANOS);
        if (bucket - currentBucket >= BUCKETS) {
            java.util.Arrays.fill(bytes, 0);
            currentBucket = bucket;
        } else {
            while (currentBucket < bucket) {
                currentBucket++;
                bytes[(int) Math.floorMod(currentBucket, BUCKETS)] = 0;
            }
        }
        currentIndex = (int) Math.floorMod(currentBucket, BUCKETS);
        bucketEndNanos = (currentBucket + 1) * BUCKET_NANOS;
    }
}

package io.salvo.demo.receive;

/** Bitrate arithmetic shared by the snapshots and the report. */
final class Rates {
    private Rates() {
    }

    /** {@code bytes} over {@code nanos} in Mbit/s; 0 when no time passed. */
    static double mbps(long bytes, long nanos) {
        return nanos <= 0 ? 0 : bytes * 8.0 * 1000.0 / nanos;
    }
}

package io.salvo.demo.receive;

/**
 * The numbers of one RTP stream at one instant, see {@link StreamStats} for their meaning.
 *
 * @param ssrc              the SSRC (unsigned)
 * @param payloadType       the last payload type seen
 * @param clockRate         the clock rate the jitter was computed with, in Hz
 * @param packets           packets that arrived, duplicates included
 * @param expected          packets from the lowest to the highest extended sequence number
 * @param lost              expected packets that did not arrive (never negative)
 * @param duplicates        packets whose sequence number had already arrived
 * @param reordered         packets older than the highest so far, not duplicates
 * @param markers           packets with the M bit (about the number of video frames)
 * @param bytes             UDP payload bytes, RTP headers included
 * @param payloadBytes      RTP payload bytes, without headers and padding
 * @param jitterTicks       interarrival jitter in RTP timestamp units
 * @param firstSequence     lowest extended sequence number
 * @param highestSequence   highest extended sequence number
 * @param firstArrivalNanos {@link System#nanoTime()} of the first packet
 * @param lastArrivalNanos  {@link System#nanoTime()} of the last packet
 */
public record StreamSnapshot(long ssrc, int payloadType, int clockRate, long packets, long expected,
                             long lost, long duplicates, long reordered, long markers, long bytes,
                             long payloadBytes, double jitterTicks, long firstSequence,
                             long highestSequence, long firstArrivalNanos, long lastArrivalNanos) {

    /** Interarrival jitter in milliseconds. */
    public double jitterMillis() {
        return jitterTicks * 1000.0 / clockRate;
    }

    /** Seconds from the first to the last packet. */
    public double seconds() {
        return (lastArrivalNanos - firstArrivalNanos) / 1e9;
    }

    /** Mean bitrate of {@link #bytes} over {@link #seconds}, in Mbit/s; 0 for a single instant. */
    public double mbps() {
        return Rates.mbps(bytes, lastArrivalNanos - firstArrivalNanos);
    }

    /** Lost packets as a percentage of the expected ones; 0 when none were expected. */
    public double lossPercent() {
        return expected == 0 ? 0 : 100.0 * lost / expected;
    }
}

package io.salvo.demo.receive;

import io.salvo.rtp.Timestamps;
import io.salvo.rtp.Unwrapper;

import java.net.SocketAddress;

/**
 * What arrived of one RTP stream (one SSRC): sequence accounting after RFC 3550 A.1, interarrival
 * jitter after RFC 3550 A.8, byte and marker counts. Fed by one thread, allocates nothing per
 * packet; {@link #snapshot()} copies the numbers out.
 *
 * <p>Sequence numbers are extended to 64 bits by an {@link Unwrapper}. {@code expected} is
 * {@code highest - base + 1}, where {@code base} is the lowest extended sequence number seen (a
 * packet that overtook the first one lowers it, so two swapped first packets lose nothing).
 * Unlike A.1 there is no resynchronisation after a jump of more than 3000: a tool that measures
 * loss counts a long outage as loss rather than guess that the source restarted.
 *
 * <ul>
 * <li>a <b>duplicate</b> is an extended sequence number already seen within the last
 *     {@value RecentSequences#WINDOW}; it counts in {@code packets} and {@code bytes} but not as
 *     received for the loss, not in the jitter and not as a marker;</li>
 * <li>a <b>reordered</b> packet is older than the highest so far and not a duplicate (one more
 *     than {@value RecentSequences#WINDOW} behind is counted reordered: too old to tell);</li>
 * <li>{@code lost = expected - (packets - duplicates)}, never below 0.</li>
 * </ul>
 *
 * <p>Jitter: for consecutive packets i, j in arrival order,
 * {@code D = (Rj - Ri) - (Sj - Si)} with arrival times R converted to RTP ticks at the stream's
 * clock rate and S the RTP timestamps, and {@code J += (|D| - J) / 16}. It is kept in ticks as a
 * double (A.8 keeps an integer scaled by 16 only to avoid floating point).
 */
public final class StreamStats {
    private static final double NANOS_PER_SECOND = 1e9;

    private final long ssrc;
    private final int clockRate;
    private final Unwrapper sequences = Unwrapper.sequenceNumbers();
    private final RecentSequences recent = new RecentSequences();
    private int payloadType = -1;
    private long packets;
    private long duplicates;
    private long reordered;
    private long markers;
    private long bytes;
    private long payloadBytes;
    private long baseSequence;
    private long highestSequence;
    private long firstArrivalNanos;
    private long lastArrivalNanos;
    private long previousArrivalNanos;
    private long previousTimestamp;
    private double jitter;
    private SocketAddress source;

    /**
     * Stats for stream {@code ssrc} whose RTP timestamps run at {@code clockRate} Hz.
     *
     * @throws IllegalArgumentException if {@code clockRate} is not positive
     */
    public StreamStats(long ssrc, int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be > 0 Hz, was " + clockRate);
        }
        this.ssrc = ssrc & 0xFFFF_FFFFL;
        this.clockRate = clockRate;
    }

    /**
     * Counts one packet of this stream.
     *
     * @param sequenceNumber the 16-bit RTP sequence number
     * @param timestamp      the 32-bit RTP timestamp
     * @param payloadType    the payload type (the last one seen is reported)
     * @param marker         the M bit
     * @param payloadLength  payload bytes, without header and padding
     * @param datagramLength bytes of the whole UDP payload
     * @param arrivalNanos   arrival time on a monotonic clock ({@link System#nanoTime()})
     */
    public void onPacket(int sequenceNumber, long timestamp, int payloadType, boolean marker,
                         int payloadLength, int datagramLength, long arrivalNanos) {
        long sequence = sequences.unwrap(sequenceNumber);
        boolean first = packets == 0;
        packets++;
        bytes += datagramLength;
        payloadBytes += payloadLength;
        lastArrivalNanos = arrivalNanos;
        this.payloadType = payloadType;
        if (first) {
            firstArrivalNanos = arrivalNanos;
            baseSequence = sequence;
            highestSequence = sequence;
        }
        if (!recent.add(sequence)) {
            duplicates++;
            return;
        }
        if (marker) {
            markers++;
        }
        if (sequence > highestSequence) {
            highestSequence = sequence;
        } else if (!first) {
            reordered++;
            baseSequence = Math.min(baseSequence, sequence);
        }
        if (!first) {
            double arrivalTicks = (arrivalNanos - previousArrivalNanos) * (double) clockRate / NANOS_PER_SECOND;
            double transitChange = arrivalTicks - Timestamps.diff(timestamp, previousTimestamp);
            jitter += (Math.abs(transitChange) - jitter) / 16;
        }
        previousArrivalNanos = arrivalNanos;
        previousTimestamp = timestamp;
    }

    /** Notes where the stream's latest packet came from (a reference kept, nothing copied). */
    public void source(SocketAddress source) {
        this.source = source;
    }

    /** Where the stream's latest packet came from, or null when not told. */
    public SocketAddress source() {
        return source;
    }

    /** The stream's SSRC (unsigned). */
    public long ssrc() {
        return ssrc;
    }

    /** Clock rate used for the jitter, in Hz. */
    public int clockRate() {
        return clockRate;
    }

    /** Packets that arrived, duplicates included. */
    public long packets() {
        return packets;
    }

    /** Packets expected from the lowest to the highest extended sequence number. */
    public long expected() {
        return packets == 0 ? 0 : highestSequence - baseSequence + 1;
    }

    /**
     * Packets that arrived, duplicates not counted: the "received" of our report blocks (RFC 3550
     * A.1 counts duplicates in it, so there a duplicate hides a loss; here it does not).
     */
    public long received() {
        return packets - duplicates;
    }

    /** The highest extended sequence number (cycles in the bits above the low 16); 0 before the first packet. */
    public long highestSequence() {
        return highestSequence;
    }

    /** Expected packets that did not arrive, never negative. */
    public long lost() {
        return Math.max(0, expected() - (packets - duplicates));
    }

    /** Packets whose sequence number had already arrived. */
    public long duplicates() {
        return duplicates;
    }

    /** Packets older than the highest so far that were not duplicates. */
    public long reordered() {
        return reordered;
    }

    /** Interarrival jitter in RTP timestamp units. */
    public double jitter() {
        return jitter;
    }

    /** A copy of every number, for another thread or a report. */
    public StreamSnapshot snapshot() {
        return new StreamSnapshot(ssrc, payloadType, clockRate, packets, expected(), lost(), duplicates,
                reordered, markers, bytes, payloadBytes, jitter, baseSequence, highestSequence,
                firstArrivalNanos, lastArrivalNanos);
    }
}

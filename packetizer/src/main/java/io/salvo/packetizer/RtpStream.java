package io.salvo.packetizer;

import io.salvo.rtp.HeaderExtensions;
import io.salvo.rtp.MediaClock;
import io.salvo.rtp.RtpHeader;
import io.salvo.rtp.SequenceNumbers;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;

/**
 * One RTP stream's identity and counters, shared by all of its packetizers: SSRC, payload type,
 * media clock, the next sequence number (random start, RFC 3550 §5.1), a random timestamp
 * offset, and the CSRCs and header extensions written into every header.
 *
 * <p>Not thread-safe: the packetizers of a stream run on one thread (a transmitter's).
 */
public final class RtpStream {
    private final long ssrc;
    private final int payloadType;
    private final MediaClock clock;
    private final long timestampOffset;
    private final long[] csrcs;
    private final HeaderExtensions extensions;
    private int nextSequenceNumber;

    private RtpStream(Builder builder) {
        this.ssrc = builder.ssrc & 0xFFFF_FFFFL;
        this.payloadType = builder.payloadType;
        this.clock = new MediaClock(builder.clockRate);
        this.timestampOffset = builder.timestampOffset & 0xFFFF_FFFFL;
        this.csrcs = builder.csrcs.clone();
        this.extensions = builder.extensions;
        this.nextSequenceNumber = builder.firstSequenceNumber & 0xFFFF;
    }

    /** A builder with random SSRC, first sequence number and timestamp offset. */
    public static Builder builder(int payloadType, int clockRate) {
        return new Builder(payloadType, clockRate);
    }

    /** Synchronization source identifier. */
    public long ssrc() {
        return ssrc;
    }

    /** RTP payload type (0..127). */
    public int payloadType() {
        return payloadType;
    }

    /** The media clock (90 kHz video, 48 kHz Opus). */
    public MediaClock clock() {
        return clock;
    }

    /** The random offset added to media time by {@link #rtpTimestamp(long)}. */
    public long timestampOffset() {
        return timestampOffset;
    }

    /** The RTP timestamp for {@code ticks} of media time on this stream's clock (offset added, 32 bits). */
    public long rtpTimestamp(long ticks) {
        return MediaClock.rtpTimestamp(ticks, timestampOffset);
    }

    /** The sequence number the next packet will get. */
    public int nextSequenceNumber() {
        return nextSequenceNumber;
    }

    /** The header extensions written into every packet (update values in place per packet). */
    public HeaderExtensions extensions() {
        return extensions;
    }

    /** Number of CSRCs written into every header. */
    public int csrcCount() {
        return csrcs.length;
    }

    /** Bytes of every RTP header of this stream: 12, the CSRCs, and the extension block. */
    public int headerLength() {
        return RtpHeader.FIXED_LENGTH + 4 * csrcs.length + extensions.encodedLength();
    }

    /**
     * Writes a complete RTP header at absolute index {@code offset} of {@code buffer} with the next
     * sequence number, and advances it.
     *
     * @return the header length ({@link #headerLength()})
     */
    public int writeHeader(ByteBuffer buffer, int offset, boolean marker, long rtpTimestamp) {
        int sequenceNumber = nextSequenceNumber;
        nextSequenceNumber = SequenceNumbers.next(sequenceNumber);
        RtpHeader.write(buffer, offset, csrcs.length, marker, payloadType, sequenceNumber, rtpTimestamp, ssrc);
        int index = offset + RtpHeader.FIXED_LENGTH;
        for (long csrc : csrcs) {
            io.salvo.rtp.Bytes.put32(buffer, index, csrc);
            index += 4;
        }
        if (!extensions.isEmpty()) {
            buffer.put(offset, (byte) (buffer.get(offset) | 0x10));
            index += extensions.write(buffer, index);
        }
        return index - offset;
    }

    @Override
    public String toString() {
        return "RtpStream[ssrc=" + ssrc + ", pt=" + payloadType + ", clock=" + clock.rate() + ", csrcs="
                + Arrays.toString(csrcs) + "]";
    }

    /** Builds an {@link RtpStream}; unset identifiers are random. */
    public static final class Builder {
        private static final Random RANDOM = new SecureRandom();
        private final int payloadType;
        private final int clockRate;
        private long ssrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
        private int firstSequenceNumber = RANDOM.nextInt(1 << 16);
        private long timestampOffset = RANDOM.nextInt() & 0xFFFF_FFFFL;
        private long[] csrcs = new long[0];
        private HeaderExtensions extensions = new HeaderExtensions();

        private Builder(int payloadType, int clockRate) {
            if (payloadType < 0 || payloadType > 127) {
                throw new IllegalArgumentException("payload type must be 0..127, was " + payloadType);
            }
            if (clockRate <= 0) {
                throw new IllegalArgumentException("clock rate must be > 0 Hz, was " + clockRate);
            }
            this.payloadType = payloadType;
            this.clockRate = clockRate;
        }

        /** Sets the SSRC (low 32 bits). */
        public Builder ssrc(long ssrc) {
            this.ssrc = ssrc & 0xFFFF_FFFFL;
            return this;
        }

        /** Sets the first sequence number (low 16 bits). */
        public Builder firstSequenceNumber(int sequenceNumber) {
            this.firstSequenceNumber = sequenceNumber & 0xFFFF;
            return this;
        }

        /** Sets the timestamp offset added by {@link RtpStream#rtpTimestamp(long)}. */
        public Builder timestampOffset(long offset) {
            this.timestampOffset = offset & 0xFFFF_FFFFL;
            return this;
        }

        /** Sets the CSRCs (at most 15) written into every header. */
        public Builder csrcs(long... csrcs) {
            if (csrcs.length > RtpHeader.MAX_CSRC_COUNT) {
                throw new IllegalArgumentException("at most 15 CSRCs, got " + csrcs.length);
            }
            this.csrcs = csrcs.clone();
            return this;
        }

        /** Sets the header extensions written into every header. */
        public Builder extensions(HeaderExtensions extensions) {
            this.extensions = extensions;
            return this;
        }

        /** The stream. */
        public RtpStream build() {
            return new RtpStream(this);
        }
    }
}

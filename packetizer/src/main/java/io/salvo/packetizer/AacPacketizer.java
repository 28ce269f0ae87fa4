package io.salvo.packetizer;

import io.salvo.rtp.Bytes;
import io.salvo.rtp.PacketSink;
import io.salvo.rtp.RtpPacket;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * AAC packetizer: RFC 3640 {@code mpeg4-generic} in mode AAC-hbr, one raw AAC access unit (an
 * MP4 sample, no ADTS header) per packet on a clock of the audio's sampling frequency. The
 * payload header lives in the header slot and the AU is a view of the frame:
 *
 * <pre>
 * +---------+-----------+-----------+---------------+
 * | RTP     | AU-headers| AU-header | AU data       |
 * | header  | -length   | (1 of 1)  | (or fragment) |
 * +---------+-----------+-----------+---------------+
 *            16 bits:    13 bits AU-size | 3 bits AU-Index = 0
 *            16 (bits of
 *            AU headers)
 * </pre>
 *
 * <p>An AU larger than the payload budget is fragmented (§3.2.3): every fragment carries the same
 * AU header, whose AU-size is that of the whole AU (at most 8191 bytes, 13 bits), and the pieces
 * are of equal size ({@link EqualSplit}). <b>Marker</b> (§3.2): set on a packet with a complete
 * AU and on the last fragment of an AU, clear on the other fragments. AUs are never aggregated.
 */
public final class AacPacketizer implements Packetizer {
    /** Bytes of the AU-headers-length field. */
    public static final int AU_HEADERS_LENGTH_SIZE = 2;
    /** Bytes of one AAC-hbr AU header: 13-bit AU-size, 3-bit AU-Index (or AU-Index-delta). */
    public static final int AU_HEADER_SIZE = 2;
    /** Bytes before the AU data in every packet: AU-headers-length and one AU header. */
    public static final int PAYLOAD_HEADER_LENGTH = AU_HEADERS_LENGTH_SIZE + AU_HEADER_SIZE;
    /** Largest AU the 13-bit AU-size can describe. */
    public static final int MAX_AU_SIZE = (1 << 13) - 1;
    /** The AU-headers-length of one AU header: 16 bits. */
    private static final int ONE_AU_HEADER_BITS = 8 * AU_HEADER_SIZE;
    private static final int INDEX_BITS = 3;

    private final RtpStream stream;
    private final AudioSpecificConfig config;
    private final int maxDatagramSize;
    private final int channels;
    private final String formatParameters;

    private AacPacketizer(Builder builder) {
        this.stream = builder.stream;
        this.config = builder.config;
        this.maxDatagramSize = builder.maxDatagramSize;
        this.channels = builder.channels > 0 ? builder.channels : config.channels();
        if (channels <= 0) {
            throw new IllegalArgumentException("the AudioSpecificConfig has channelConfiguration 0 (the channels are"
                    + " in a program config element): give the channel count with channels(n)");
        }
        if (stream.clock().rate() != config.outputFrequency()) {
            throw new IllegalArgumentException("AAC streams use the audio's sampling frequency as their clock"
                    + " (RFC 3640 §4.1): " + config.outputFrequency() + " Hz, this stream has " + stream.clock().rate());
        }
        if (maxDatagramSize > NalUnitPacketizer.MAX_DATAGRAM_SIZE_LIMIT) {
            throw new IllegalArgumentException("max datagram size must be at most "
                    + NalUnitPacketizer.MAX_DATAGRAM_SIZE_LIMIT + " bytes, was " + maxDatagramSize);
        }
        int minimum = stream.headerLength() + PAYLOAD_HEADER_LENGTH + 1;
        if (maxDatagramSize < minimum) {
            throw new IllegalArgumentException("AAC max datagram size " + maxDatagramSize + " is below the minimum "
                    + minimum + " (RTP header " + stream.headerLength() + " + AU-headers-length and AU header "
                    + PAYLOAD_HEADER_LENGTH + " + 1 payload byte)");
        }
        this.formatParameters = "streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;"
                + "indexdeltalength=3;config=" + config.hex();
    }

    /** A builder for {@code stream}'s packets of audio described by {@code config}. */
    public static Builder builder(RtpStream stream, AudioSpecificConfig config) {
        return new Builder(stream, config);
    }

    /** The decoder configuration this packetizer announces. */
    public AudioSpecificConfig config() {
        return config;
    }

    /** AU bytes per packet: the max datagram size less the RTP header and the 4 payload header bytes. */
    public int payloadBudget() {
        return maxDatagramSize - stream.headerLength() - PAYLOAD_HEADER_LENGTH;
    }

    @Override
    public int packetize(ByteBuffer frame, int offset, int length, long rtpTimestamp, boolean keyframe,
                         PacketSink sink) {
        Bytes.checkRange("AAC access unit", offset, length, frame.capacity());
        if (length == 0) {
            throw new MalformedFrameException(0, "AAC access unit at offset " + offset + " is empty");
        }
        if (length > MAX_AU_SIZE) {
            throw new MalformedFrameException(0, "AAC access unit at offset " + offset + " of " + length
                    + " bytes exceeds " + MAX_AU_SIZE + ", the largest 13-bit AU-size of AAC-hbr");
        }
        int budget = payloadBudget();
        int count = EqualSplit.count(length, budget);
        int size = (length + count - 1) / count;
        int position = offset;
        int remaining = length;
        for (int k = 0; k < count; k++) {
            boolean last = k == count - 1;
            int take = last ? remaining : size;
            RtpPacket packet = sink.claim();
            ByteBuffer slot = packet.slot();
            int base = packet.slotOffset();
            int header = stream.writeHeader(slot, base, last, rtpTimestamp);
            Bytes.put16(slot, base + header, ONE_AU_HEADER_BITS);
            Bytes.put16(slot, base + header + AU_HEADERS_LENGTH_SIZE, length << INDEX_BITS); // AU-Index 0
            packet.addSlot(0, header + PAYLOAD_HEADER_LENGTH);
            packet.addPayload(frame, position, take);
            sink.commit(packet);
            position += take;
            remaining -= take;
        }
        return count;
    }

    @Override
    public RtpStream stream() {
        return stream;
    }

    @Override
    public int maxDatagramSize() {
        return maxDatagramSize;
    }

    @Override
    public String mediaType() {
        return "audio";
    }

    /** {@code MPEG4-GENERIC} (RFC 3640 §4.1). */
    @Override
    public String encodingName() {
        return "MPEG4-GENERIC";
    }

    /** The channel count, from the configuration or the builder. */
    @Override
    public int channels() {
        return channels;
    }

    /**
     * {@code streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=HEX}
     * (RFC 3640 §3.3.6), {@code config} being the AudioSpecificConfig.
     */
    @Override
    public String formatParameters() {
        return formatParameters;
    }

    /** Options of an {@link AacPacketizer}. */
    public static final class Builder {
        private final RtpStream stream;
        private final AudioSpecificConfig config;
        private int maxDatagramSize = DEFAULT_MAX_DATAGRAM_SIZE;
        private int channels;

        private Builder(RtpStream stream, AudioSpecificConfig config) {
            this.stream = Objects.requireNonNull(stream, "stream");
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Largest datagram, RTP header included (default 1200). */
        public Builder maxDatagramSize(int bytes) {
            this.maxDatagramSize = bytes;
            return this;
        }

        /** The channel count for SDP, needed when the configuration leaves it to a program config element. */
        public Builder channels(int channels) {
            if (channels < 1) {
                throw new IllegalArgumentException("channels must be >= 1, was " + channels);
            }
            this.channels = channels;
            return this;
        }

        /** The packetizer. */
        public AacPacketizer build() {
            return new AacPacketizer(this);
        }
    }
}

package io.salvo.packetizer;

import io.salvo.rtp.Bytes;
import io.salvo.rtp.MediaClock;
import io.salvo.rtp.PacketSink;
import io.salvo.rtp.RtpPacket;
import io.salvo.rtp.Timestamps;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Opus packetizer (RFC 7587): one Opus packet per RTP packet on the 48 kHz clock, payload as a
 * view, no payload header; Opus packets are never fragmented, so a packet larger than the
 * payload budget is an error. Each packet is checked against RFC 6716 §3.4 ([R1]–[R7]: TOC,
 * frame count, frame lengths, padding) before it is committed.
 *
 * <p><b>Marker</b>: set on the first packet of a talkspurt (RFC 3551 §4.1, used with Opus DTX
 * per RFC 7587 §3.1.3), which is the stream's first packet, the first packet of more than
 * 2 bytes after a DTX packet of at most 2 bytes (libopus and libwebrtc treat such packets as
 * DTX/silence), and the first packet after a gap, i.e. whose timestamp is later than the
 * previous packet's timestamp plus its duration (the caller dropped DTX packets). Off with
 * {@link Builder#talkspurtMarkers(boolean)}.
 */
public final class OpusPacketizer implements Packetizer {
    /** Largest Opus frame (RFC 6716 [R2]). */
    public static final int MAX_FRAME_LENGTH = 1275;
    /** Longest Opus packet: 120 ms at 48 kHz (RFC 6716 [R5]). */
    public static final int MAX_PACKET_SAMPLES = 5760;
    /** Packets of at most this many bytes are DTX (no speech). */
    public static final int MAX_DTX_LENGTH = 2;
    private static final int[] SILK_SAMPLES = {480, 960, 1920, 2880};
    private static final int[] HYBRID_SAMPLES = {480, 960};
    private static final int[] CELT_SAMPLES = {120, 240, 480, 960};

    private final RtpStream stream;
    private final int maxDatagramSize;
    private final boolean stereo;
    private final boolean talkspurtMarkers;
    private boolean started;
    private boolean lastWasDtx;
    private long expectedTimestamp;

    private OpusPacketizer(Builder builder) {
        this.stream = builder.stream;
        this.maxDatagramSize = builder.maxDatagramSize;
        this.stereo = builder.stereo;
        this.talkspurtMarkers = builder.talkspurtMarkers;
        int minimum = stream.headerLength() + 1;
        if (maxDatagramSize < minimum) {
            throw new IllegalArgumentException("Opus max datagram size " + maxDatagramSize + " is below the minimum "
                    + minimum + " (RTP header " + stream.headerLength() + " + 1 payload byte)");
        }
        if (stream.clock().rate() != MediaClock.OPUS_RATE) {
            throw new IllegalArgumentException("Opus streams use a 48000 Hz clock (RFC 7587 §4.1), this one has "
                    + stream.clock().rate());
        }
    }

    /** A mono-preference packetizer with 1200-byte datagrams and talkspurt markers. */
    public OpusPacketizer(RtpStream stream) {
        this(builder(stream));
    }

    /** A builder with the defaults: 1200-byte datagrams, no stereo, talkspurt markers on. */
    public static Builder builder(RtpStream stream) {
        return new Builder(stream);
    }

    /**
     * Duration of the Opus packet at {@code offset} in 48 kHz samples, after checking it
     * (RFC 6716 §3.4).
     *
     * @throws IllegalArgumentException naming the offset and the broken requirement
     */
    public static int samples(ByteBuffer packet, int offset, int length) {
        if (length < 1) {
            throw error(offset, "is empty [R1]");
        }
        int toc = packet.get(offset) & 0xFF;
        int config = toc >>> 3;
        int frameSamples = config < 12 ? SILK_SAMPLES[config & 3]
                : config < 16 ? HYBRID_SAMPLES[config & 1] : CELT_SAMPLES[config & 3];
        int code = toc & 3;
        int data = length - 1;
        switch (code) {
            case 0:
                checkFrame(offset, data);
                return frameSamples;
            case 1:
                if ((data & 1) != 0) {
                    throw error(offset, "code 1 with an odd " + data + "-byte frame data [R3]");
                }
                checkFrame(offset, data / 2);
                return 2 * frameSamples;
            case 2:
                return codeTwo(packet, offset, length, frameSamples);
            default:
                return codeThree(packet, offset, length, frameSamples);
        }
    }

    private static int codeTwo(ByteBuffer packet, int offset, int length, int frameSamples) {
        int at = offset + 1;
        int end = offset + length;
        int first = frameLength(packet, at, end, offset);
        at += first < 252 ? 1 : 2;
        if (first > end - at) {
            throw error(offset, "code 2 first frame of " + first + " bytes runs past the end [R4]");
        }
        checkFrame(offset, first);
        checkFrame(offset, end - at - first);
        return 2 * frameSamples;
    }

    private static int codeThree(ByteBuffer packet, int offset, int length, int frameSamples) {
        if (length < 2) {
            throw error(offset, "code 3 without a frame count byte [R6]");
        }
        int countByte = packet.get(offset + 1) & 0xFF;
        int frames = countByte & 0x3F;
        if (frames == 0 || frames * frameSamples > MAX_PACKET_SAMPLES) {
            throw error(offset, "code 3 with " + frames + " frames of " + frameSamples
                    + " samples, outside 1 frame .. 120 ms [R5]");
        }
        int at = offset + 2;
        int end = offset + length;
        if ((countByte & 0x40) != 0) {
            int padding = 0;
            int value;
            do {
                if (at >= end) {
                    throw error(offset, "padding length runs past the end [R6]");
                }
                value = packet.get(at++) & 0xFF;
                padding += value == 255 ? 254 : value;
            } while (value == 255);
            end -= padding;
            if (end < at) {
                throw error(offset, "padding of " + padding + " bytes is longer than the packet [R6]");
            }
        }
        if ((countByte & 0x80) != 0) {
            int total = 0;
            for (int i = 0; i < frames - 1; i++) {
                int frame = frameLength(packet, at, end, offset);
                at += frame < 252 ? 1 : 2;
                checkFrame(offset, frame);
                total += frame;
            }
            if (total > end - at) {
                throw error(offset, "code 3 VBR frames of " + total + " bytes run past the end [R7]");
            }
            checkFrame(offset, end - at - total);
        } else {
            if ((end - at) % frames != 0) {
                throw error(offset, "code 3 CBR data of " + (end - at) + " bytes is not a multiple of " + frames
                        + " frames [R6]");
            }
            checkFrame(offset, (end - at) / frames);
        }
        return frames * frameSamples;
    }

    private static int frameLength(ByteBuffer packet, int at, int end, int offset) {
        if (at >= end) {
            throw error(offset, "frame length runs past the end [R4]");
        }
        int first = packet.get(at) & 0xFF;
        if (first < 252) {
            return first;
        }
        if (at + 1 >= end) {
            throw error(offset, "two-byte frame length runs past the end [R4]");
        }
        return first + 4 * (packet.get(at + 1) & 0xFF);
    }

    private static void checkFrame(int offset, int frameLength) {
        if (frameLength > MAX_FRAME_LENGTH) {
            throw error(offset, "has a " + frameLength + "-byte frame, above 1275 bytes [R2]");
        }
    }

    private static IllegalArgumentException error(int offset, String problem) {
        return new IllegalArgumentException("Opus packet at offset " + offset + " " + problem);
    }

    @Override
    public int packetize(ByteBuffer frame, int offset, int length, long rtpTimestamp, boolean keyframe,
                         PacketSink sink) {
        Bytes.checkRange("Opus packet", offset, length, frame.capacity());
        int samples = samples(frame, offset, length);
        int headerLength = stream.headerLength();
        if (length > maxDatagramSize - headerLength) {
            throw new IllegalArgumentException("Opus packet at offset " + offset + " of " + length
                    + " bytes exceeds the payload budget of " + (maxDatagramSize - headerLength) + " bytes ("
                    + maxDatagramSize + "-byte datagrams, " + headerLength + "-byte RTP header); Opus packets"
                    + " are never fragmented");
        }
        long timestamp = rtpTimestamp & 0xFFFF_FFFFL;
        boolean dtx = length <= MAX_DTX_LENGTH;
        long ahead = (timestamp - expectedTimestamp) & 0xFFFF_FFFFL;
        boolean gap = started && ahead != 0 && ahead < 0x8000_0000L;
        boolean marker = talkspurtMarkers && !dtx && (!started || lastWasDtx || gap);
        RtpPacket packet = sink.claim();
        int h = stream.writeHeader(packet.slot(), packet.slotOffset(), marker, timestamp);
        packet.addSlot(0, h);
        packet.addPayload(frame, offset, length);
        sink.commit(packet);
        started = true;
        lastWasDtx = dtx;
        expectedTimestamp = Timestamps.add(timestamp, samples);
        return 1;
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

    @Override
    public String encodingName() {
        return "opus";
    }

    /** Always 2 (RFC 7587 §7: {@code opus/48000/2}, whatever the real channel count). */
    @Override
    public int channels() {
        return 2;
    }

    /** {@code minptime=10;useinbandfec=1}, plus {@code stereo=1;sprop-stereo=1} when stereo. */
    @Override
    public String formatParameters() {
        return stereo ? "minptime=10;useinbandfec=1;stereo=1;sprop-stereo=1" : "minptime=10;useinbandfec=1";
    }

    /** Options of an {@link OpusPacketizer}. */
    public static final class Builder {
        private final RtpStream stream;
        private int maxDatagramSize = DEFAULT_MAX_DATAGRAM_SIZE;
        private boolean stereo;
        private boolean talkspurtMarkers = true;

        private Builder(RtpStream stream) {
            this.stream = Objects.requireNonNull(stream, "stream");
        }

        /** Largest datagram, RTP header included (default 1200). */
        public Builder maxDatagramSize(int bytes) {
            this.maxDatagramSize = bytes;
            return this;
        }

        /** Announces stereo: {@code stereo=1;sprop-stereo=1} in the fmtp (default mono). */
        public Builder stereo(boolean on) {
            this.stereo = on;
            return this;
        }

        /** Sets the marker on the first packet of each talkspurt (default on). */
        public Builder talkspurtMarkers(boolean on) {
            this.talkspurtMarkers = on;
            return this;
        }

        /** The packetizer. */
        public OpusPacketizer build() {
            return new OpusPacketizer(this);
        }
    }
}

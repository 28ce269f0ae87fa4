package io.salvo.demo.stream;

import io.salvo.demo.cli.UserError;
import io.salvo.demo.media.MediaFrame;
import io.salvo.demo.media.MediaSource;
import io.salvo.demo.media.OggOpusSource;
import io.salvo.packetizer.AacPacketizer;
import io.salvo.packetizer.AudioSpecificConfig;
import io.salvo.packetizer.Av1Packetizer;
import io.salvo.packetizer.AvcConfig;
import io.salvo.packetizer.H264Packetizer;
import io.salvo.packetizer.H265Packetizer;
import io.salvo.packetizer.HevcConfig;
import io.salvo.packetizer.NalUnitPacketizer;
import io.salvo.packetizer.OpusPacketizer;
import io.salvo.packetizer.Packetizer;
import io.salvo.packetizer.RtpStream;
import io.salvo.packetizer.Vp8Packetizer;
import io.salvo.packetizer.Vp9Packetizer;

import java.io.IOException;

/** Builds the packetizer for a media source's codec, configured from the file. */
public final class Packetizers {
    /** Default payload type of video streams (dynamic range). */
    public static final int DEFAULT_VIDEO_PT = 96;
    /** Default payload type of Opus, as WebRTC offers it. */
    public static final int DEFAULT_OPUS_PT = 111;
    /** Default payload type of AAC: after video's 96 and its RTX 97, so one file's streams never share one. */
    public static final int DEFAULT_AAC_PT = 98;

    private Packetizers() {
    }

    /** The default payload type for the source's codec: 96 for video, 98 for AAC, 111 for Opus. */
    public static int defaultPayloadType(MediaSource source) {
        return switch (source.codec()) {
            case OPUS -> DEFAULT_OPUS_PT;
            case AAC -> DEFAULT_AAC_PT;
            default -> DEFAULT_VIDEO_PT;
        };
    }

    /**
     * A packetizer for {@code source} writing {@code stream}'s headers into datagrams of at most
     * {@code maxDatagramSize} bytes; H.264/H.265 parameter sets come from the file's avcC/hvcC or
     * from its first access unit, so the SDP can carry them before anything is sent.
     *
     * @throws UserError when the datagram size is too small for the codec (the message gives the minimum)
     */
    public static Packetizer create(MediaSource source, RtpStream stream, int maxDatagramSize, int packetizationMode)
            throws IOException {
        Packetizer packetizer;
        try {
            packetizer = build(source, stream, maxDatagramSize, packetizationMode);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserError("--mtu " + maxDatagramSize + ": " + e.getMessage(), e);
        }
        if (packetizer instanceof NalUnitPacketizer && source.nalLengthSize() == 0) {
            learnParameterSets(source, (NalUnitPacketizer) packetizer);
        }
        return packetizer;
    }

    private static Packetizer build(MediaSource source, RtpStream stream, int mtu, int mode) {
        switch (source.codec()) {
            case H264: {
                H264Packetizer.Builder builder = H264Packetizer.builder(stream).maxDatagramSize(mtu).packetizationMode(mode);
                if (source.nalLengthSize() > 0) {
                    builder.avcConfig(AvcConfig.parse(source.codecConfig().duplicate()));
                }
                return builder.build();
            }
            case H265: {
                H265Packetizer.Builder builder = H265Packetizer.builder(stream).maxDatagramSize(mtu);
                if (source.nalLengthSize() > 0) {
                    builder.hevcConfig(HevcConfig.parse(source.codecConfig().duplicate()));
                }
                return builder.build();
            }
            case VP8:
                return Vp8Packetizer.builder(stream).maxDatagramSize(mtu).build();
            case VP9:
                return Vp9Packetizer.builder(stream).maxDatagramSize(mtu).build();
            case AV1:
                return Av1Packetizer.builder(stream).maxDatagramSize(mtu).build();
            case OPUS:
                boolean stereo = source instanceof OggOpusSource && ((OggOpusSource) source).channels() == 2;
                return OpusPacketizer.builder(stream).maxDatagramSize(mtu).stereo(stereo).build();
            case AAC:
                AacPacketizer.Builder aac = AacPacketizer.builder(stream, AudioSpecificConfig.parse(source.codecConfig()))
                        .maxDatagramSize(mtu);
                if (source.channels() > 0) {
                    aac.channels(source.channels());
                }
                return aac.build();
            default:
                throw new IllegalStateException("no packetizer for " + source.codec());
        }
    }

    /** Reads the first access unit's parameter sets (for the SDP), then rewinds. */
    private static void learnParameterSets(MediaSource source, NalUnitPacketizer packetizer) throws IOException {
        MediaFrame frame = new MediaFrame();
        if (source.next(frame)) {
            try {
                packetizer.observeParameterSets(frame.buffer, frame.offset, frame.length);
            } catch (IllegalArgumentException malformed) {
                // the first frame is malformed: streaming reports it with its frame number
            }
        }
        source.rewind();
    }
}

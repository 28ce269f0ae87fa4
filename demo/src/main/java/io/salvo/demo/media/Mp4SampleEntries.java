package io.salvo.demo.media;

import io.salvo.packetizer.AudioSpecificConfig;
import io.salvo.rtp.Bytes;

/**
 * Reads a track's first sample entry: a visual one ({@code avc1}, {@code avc3} with {@code avcC};
 * {@code hvc1}, {@code hev1} with {@code hvcC}) or an audio one ({@code mp4a} whose {@code esds}
 * holds an AAC AudioSpecificConfig, see {@link Mp4Esds}). Any other entry leaves the track
 * unsupported, with the reason.
 */
final class Mp4SampleEntries {
    // visual sample entry (ISO/IEC 14496-12 §12.1.3), from the entry's payload: SampleEntry (8 bytes),
    // pre_defined/reserved (16), width (u16), height (u16), resolutions, reserved, frame_count,
    // compressorname (32), depth, pre_defined: 78 bytes, then the child boxes (avcC, hvcC, pasp...)
    private static final int WIDTH = 24;
    private static final int HEIGHT = 26;
    private static final int VISUAL_SAMPLE_ENTRY = 78;
    // audio sample entry (§12.2.3): SampleEntry (8), reserved (8; QuickTime: version u16, revision u16,
    // vendor u32), channelcount (u16), samplesize (u16), pre_defined (u16), reserved (u16),
    // samplerate (u32, 16.16): 28 bytes; QuickTime sound description version 1 adds 16 bytes, version 2 adds 36
    private static final int SOUND_VERSION = 8;
    private static final int CHANNEL_COUNT = 16;
    private static final int AUDIO_SAMPLE_ENTRY = 28;
    private static final int[] QUICKTIME_EXTRA = {0, 16, 36};
    private static final int AVCC_MIN = 7;
    private static final int AVCC_LENGTH_SIZE = 4;
    private static final int HVCC_MIN = 23;
    private static final int HVCC_LENGTH_SIZE = 21;

    private Mp4SampleEntries() {
    }

    /** Reads a video track's entry: codec H.264 or H.265, width, height, the avcC/hvcC record. */
    static void video(Mp4Track track) throws MediaFormatException {
        Mp4Track.Table entry = track.entry;
        int type = entry.type;
        if (type == Mp4Box.AVC1 || type == Mp4Box.AVC3) {
            track.codec = Codec.H264;
        } else if (type == Mp4Box.HVC1 || type == Mp4Box.HEV1) {
            track.codec = Codec.H265;
        } else {
            track.unsupported = "sample entry '" + Mp4Box.name(type) + "'";
            return;
        }
        if (entry.length < VISUAL_SAMPLE_ENTRY) {
            throw new MediaFormatException(track.path, entry.boxOffset, "sample entry '" + Mp4Box.name(type)
                    + "' has " + entry.length + " payload bytes, a visual sample entry needs " + VISUAL_SAMPLE_ENTRY);
        }
        track.width = Bytes.u16(track.map, entry.payload + WIDTH);
        track.height = Bytes.u16(track.map, entry.payload + HEIGHT);
        int configType = track.codec == Codec.H264 ? Mp4Box.AVCC : Mp4Box.HVCC;
        Mp4Box child = children(track, entry, VISUAL_SAMPLE_ENTRY);
        while (child.next()) {
            if (child.type() == configType) {
                nalConfig(track, child);
                return;
            }
        }
        throw new MediaFormatException(track.path, entry.boxOffset, "sample entry '" + Mp4Box.name(type)
                + "' has no '" + Mp4Box.name(configType) + "' box");
    }

    private static void nalConfig(Mp4Track track, Mp4Box config) throws MediaFormatException {
        String name = Mp4Box.name(config.type());
        boolean h264 = track.codec == Codec.H264;
        int min = h264 ? AVCC_MIN : HVCC_MIN;
        if (config.payloadLength() < min) {
            throw new MediaFormatException(track.path, config.offset(), name + " has " + config.payloadLength()
                    + " bytes, at least " + min + " expected");
        }
        int p = config.payload();
        int version = Bytes.u8(track.map, p);
        if (version != 1) {
            throw new MediaFormatException(track.path, config.offset(), name + " configurationVersion is " + version
                    + ", expected 1");
        }
        int lengthSizeMinusOne = Bytes.u8(track.map, p + (h264 ? AVCC_LENGTH_SIZE : HVCC_LENGTH_SIZE)) & 3;
        if (lengthSizeMinusOne == 2) {
            throw new MediaFormatException(track.path, config.offset(), name
                    + " lengthSizeMinusOne is 2: 3-byte NAL length prefixes are not allowed");
        }
        track.nalLengthSize = lengthSizeMinusOne + 1;
        track.configOffset = p;
        track.configLength = (int) config.payloadLength();
    }

    /**
     * Reads an audio track's entry: an {@code mp4a} with an {@code esds} (directly or, in
     * QuickTime files, inside a {@code wave} box) whose objectTypeIndication is MPEG-4 Audio
     * makes an AAC track, its AudioSpecificConfig the configuration record.
     */
    static void audio(Mp4Track track) throws MediaFormatException {
        Mp4Track.Table entry = track.entry;
        if (entry.type != Mp4Box.MP4A) {
            track.unsupported = "sample entry '" + Mp4Box.name(entry.type) + "'";
            return;
        }
        int version = entry.length >= AUDIO_SAMPLE_ENTRY ? Bytes.u16(track.map, entry.payload + SOUND_VERSION) : -1;
        if (version < 0 || version >= QUICKTIME_EXTRA.length
                || entry.length < AUDIO_SAMPLE_ENTRY + QUICKTIME_EXTRA[version]) {
            throw new MediaFormatException(track.path, entry.boxOffset, "sample entry 'mp4a' of " + entry.length
                    + " payload bytes is too short for an audio sample entry (version " + version + ")");
        }
        int entryChannels = Bytes.u16(track.map, entry.payload + CHANNEL_COUNT);
        Mp4Box esds = find(track, children(track, entry, AUDIO_SAMPLE_ENTRY + QUICKTIME_EXTRA[version]), Mp4Box.ESDS);
        if (esds == null) {
            throw new MediaFormatException(track.path, entry.boxOffset, "sample entry 'mp4a' has no 'esds' box");
        }
        Mp4Esds descriptor = Mp4Esds.parse(track.path, track.map, esds);
        if (descriptor.objectTypeIndication != Mp4Esds.MPEG4_AUDIO) {
            track.unsupported = "sample entry 'mp4a' with objectTypeIndication "
                    + String.format("0x%02X", descriptor.objectTypeIndication) + " ("
                    + Mp4Esds.describe(descriptor.objectTypeIndication) + ")";
            return;
        }
        AudioSpecificConfig config;
        try {
            config = AudioSpecificConfig.parse(track.map, descriptor.configOffset, descriptor.configLength);
        } catch (IllegalArgumentException e) {
            throw new MediaFormatException(track.path, track.base + descriptor.configOffset,
                    "esds DecoderSpecificInfo: " + e.getMessage());
        }
        track.codec = Codec.AAC;
        track.sampleRate = config.outputFrequency();
        track.channels = config.channels() > 0 ? config.channels() : entryChannels;
        track.configOffset = descriptor.configOffset;
        track.configLength = descriptor.configLength;
    }

    /** The box of {@code type} among {@code boxes}, looking inside a {@code wave} box too; null if none. */
    private static Mp4Box find(Mp4Track track, Mp4Box boxes, int type) throws MediaFormatException {
        while (boxes.next()) {
            if (boxes.type() == type) {
                return boxes;
            }
            if (boxes.type() == Mp4Box.WAVE) {
                Mp4Box inside = find(track, Mp4Box.children(boxes, 0), type);
                if (inside != null) {
                    return inside;
                }
            }
        }
        return null;
    }

    private static Mp4Box children(Mp4Track track, Mp4Track.Table entry, int skip) {
        return Mp4Box.within(track.path, track.map, track.base, track.base + entry.payload + skip,
                track.base + entry.payload + entry.length, entry.type);
    }
}

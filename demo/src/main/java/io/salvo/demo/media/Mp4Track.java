package io.salvo.demo.media;

import io.salvo.rtp.Bytes;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * One {@code trak} of an MP4/MOV file, parsed as far as a video sender needs: the handler, the
 * media timescale ({@code mdhd}), the first edit's media time ({@code elst}), the sample entry
 * ({@code stsd}: codec, width, height, {@code avcC}/{@code hvcC}) and where the sample tables are.
 * The tables themselves are read by {@link Mp4SampleIndex}.
 */
final class Mp4Track {
    /** Where one table box sits: its box offset (for messages), payload offset and length. */
    static final class Table {
        final int type;
        final long boxOffset;
        final int payload;
        final int length;

        Table(Mp4Box box) {
            this.type = box.type();
            this.boxOffset = box.offset();
            this.payload = box.payload();
            this.length = (int) box.payloadLength();
        }
    }

    // visual sample entry (ISO/IEC 14496-12 §12.1.3), from the entry's payload: SampleEntry (8 bytes),
    // pre_defined/reserved (16), width (u16), height (u16), resolutions, reserved, frame_count,
    // compressorname (32), depth, pre_defined: 78 bytes, then the child boxes (avcC, hvcC, pasp...)
    private static final int WIDTH = 24;
    private static final int HEIGHT = 26;
    private static final int VISUAL_SAMPLE_ENTRY = 78;
    private static final int AVCC_MIN = 7;
    private static final int AVCC_LENGTH_SIZE = 4;
    private static final int HVCC_MIN = 23;
    private static final int HVCC_LENGTH_SIZE = 21;
    private static final int FULL_BOX = 4;

    final long trakOffset;
    boolean video;
    long timescale;
    long editMediaTime;
    Codec codec;
    int sampleEntryType;
    int width;
    int height;
    int configOffset;
    int configLength;
    int nalLengthSize;
    Table stsd;
    Table stts;
    Table ctts;
    Table stsc;
    Table stsz;
    Table stco;
    Table stss;

    private final Path path;
    private final ByteBuffer map;

    private Mp4Track(Path path, ByteBuffer map, long trakOffset) {
        this.path = path;
        this.map = map;
        this.trakOffset = trakOffset;
    }

    /**
     * Parses the {@code trak} under {@code trak}'s cursor; a track whose handler is not
     * {@code vide} comes back with {@link #video} false and nothing else read.
     */
    static Mp4Track parse(Path path, ByteBuffer map, Mp4Box trak) throws MediaFormatException {
        Mp4Track track = new Mp4Track(path, map, trak.offset());
        Mp4Box mdia = null;
        Mp4Box children = Mp4Box.children(trak, 0);
        while (children.next()) {
            if (children.type() == Mp4Box.MDIA && mdia == null) {
                mdia = Mp4Box.children(children, 0);
                track.parseMdia(mdia);
            } else if (children.type() == Mp4Box.EDTS) {
                Mp4Box edts = Mp4Box.children(children, 0);
                while (edts.next()) {
                    if (edts.type() == Mp4Box.ELST) {
                        track.parseElst(edts);
                    }
                }
            }
        }
        if (track.video) {
            track.require(track.stsd, "stsd");
            track.parseStsd(track.stsd);
            track.require(track.stts, "stts");
            track.require(track.stsc, "stsc");
            track.require(track.stsz, "stsz or stz2");
            track.require(track.stco, "stco or co64");
        }
        return track;
    }

    private void require(Object box, String name) throws MediaFormatException {
        if (box == null) {
            throw new MediaFormatException(path, trakOffset, "video track has no '" + name + "' box");
        }
    }

    private void parseMdia(Mp4Box mdia) throws MediaFormatException {
        Mp4Box mdhd = null;
        Mp4Box minf = null;
        while (mdia.next()) {
            int type = mdia.type();
            if (type == Mp4Box.HDLR) {
                // full box header, pre_defined (u32), handler_type
                video = fullBox(mdia, 8) && Bytes.i32(map, mdia.payload() + 8) == Mp4Box.VIDE;
            } else if (type == Mp4Box.MDHD && mdhd == null) {
                parseMdhd(mdia);
                mdhd = mdia;
            } else if (type == Mp4Box.MINF && minf == null) {
                minf = Mp4Box.children(mdia, 0);
                while (minf.next()) {
                    if (minf.type() == Mp4Box.STBL) {
                        parseStbl(Mp4Box.children(minf, 0));
                    }
                }
            }
        }
        if (video && timescale == 0) {
            throw new MediaFormatException(path, trakOffset, "video track has no 'mdhd' box or its timescale is 0");
        }
    }

    /** Whether the full box under the cursor has room for its version/flags and {@code more} bytes. */
    private boolean fullBox(Mp4Box box, int more) {
        return box.payloadLength() >= FULL_BOX + more;
    }

    private void parseMdhd(Mp4Box mdhd) throws MediaFormatException {
        int p = mdhd.payload();
        int version = fullBox(mdhd, 0) ? Bytes.u8(map, p) : -1;
        // v0: creation (u32), modification (u32), timescale; v1: creation (u64), modification (u64), timescale
        int timescaleAt = version == 1 ? 20 : 12;
        if ((version != 0 && version != 1) || !fullBox(mdhd, timescaleAt)) {
            throw new MediaFormatException(path, mdhd.offset(), "unreadable mdhd (version " + version + ", "
                    + mdhd.payloadLength() + " payload bytes)");
        }
        timescale = Bytes.u32(map, p + timescaleAt);
    }

    private void parseElst(Mp4Box elst) throws MediaFormatException {
        int p = elst.payload();
        if (!fullBox(elst, 4)) {
            throw new MediaFormatException(path, elst.offset(), "elst has no room for its entry count");
        }
        int version = Bytes.u8(map, p);
        long count = Bytes.u32(map, p + 4);
        int entry = version == 1 ? 20 : 12; // segment_duration, media_time, media_rate (u16.u16)
        if (count > (elst.payloadLength() - 8) / entry) {
            throw new MediaFormatException(path, elst.offset(), "elst declares " + count + " entries of " + entry
                    + " bytes but holds " + (elst.payloadLength() - 8) + " bytes");
        }
        for (int i = 0; i < count; i++) {
            int e = p + 8 + i * entry;
            long mediaTime = version == 1 ? Bytes.i64(map, e + 8) : Bytes.i32(map, e + 4);
            if (mediaTime >= 0) { // -1: an empty edit (a presentation delay), ignored
                editMediaTime = mediaTime;
                return;
            }
        }
    }

    private void parseStbl(Mp4Box stbl) throws MediaFormatException {
        while (stbl.next()) {
            int type = stbl.type();
            if (type == Mp4Box.STSD) {
                stsd = new Table(stbl);
            } else if (type == Mp4Box.STTS) {
                stts = new Table(stbl);
            } else if (type == Mp4Box.CTTS) {
                ctts = new Table(stbl);
            } else if (type == Mp4Box.STSC) {
                stsc = new Table(stbl);
            } else if (type == Mp4Box.STSZ || type == Mp4Box.STZ2) {
                stsz = new Table(stbl);
            } else if (type == Mp4Box.STCO || type == Mp4Box.CO64) {
                stco = new Table(stbl);
            } else if (type == Mp4Box.STSS) {
                stss = new Table(stbl);
            }
        }
    }

    private void parseStsd(Table stsd) throws MediaFormatException {
        // full box header, entry_count (u32), then the sample entries, each a box
        if (stsd.length < FULL_BOX + 4 || Bytes.u32(map, stsd.payload + FULL_BOX) == 0) {
            throw new MediaFormatException(path, stsd.boxOffset, "stsd has no sample entry");
        }
        Mp4Box entry = Mp4Box.within(path, map, stsd.payload + FULL_BOX + 4, (long) stsd.payload + stsd.length,
                Mp4Box.STSD);
        if (!entry.next()) {
            throw new MediaFormatException(path, stsd.boxOffset, "stsd has no sample entry");
        }
        sampleEntryType = entry.type();
        if (sampleEntryType == Mp4Box.AVC1 || sampleEntryType == Mp4Box.AVC3) {
            codec = Codec.H264;
        } else if (sampleEntryType == Mp4Box.HVC1 || sampleEntryType == Mp4Box.HEV1) {
            codec = Codec.H265;
        } else {
            throw new MediaFormatException(path, entry.offset(), "the first video track's sample entry is '"
                    + Mp4Box.name(sampleEntryType) + "'; supported: avc1, avc3 (H.264), hvc1, hev1 (H.265)");
        }
        if (entry.payloadLength() < VISUAL_SAMPLE_ENTRY) {
            throw new MediaFormatException(path, entry.offset(), "sample entry '" + Mp4Box.name(sampleEntryType)
                    + "' has " + entry.payloadLength() + " payload bytes, a visual sample entry needs "
                    + VISUAL_SAMPLE_ENTRY);
        }
        width = Bytes.u16(map, entry.payload() + WIDTH);
        height = Bytes.u16(map, entry.payload() + HEIGHT);
        int configType = codec == Codec.H264 ? Mp4Box.AVCC : Mp4Box.HVCC;
        Mp4Box child = Mp4Box.children(entry, VISUAL_SAMPLE_ENTRY);
        while (child.next()) {
            if (child.type() == configType) {
                parseConfig(child);
                return;
            }
        }
        throw new MediaFormatException(path, entry.offset(), "sample entry '" + Mp4Box.name(sampleEntryType)
                + "' has no '" + Mp4Box.name(configType) + "' box");
    }

    private void parseConfig(Mp4Box config) throws MediaFormatException {
        String name = Mp4Box.name(config.type());
        int min = codec == Codec.H264 ? AVCC_MIN : HVCC_MIN;
        if (config.payloadLength() < min) {
            throw new MediaFormatException(path, config.offset(), name + " has " + config.payloadLength()
                    + " bytes, at least " + min + " expected");
        }
        int p = config.payload();
        int version = Bytes.u8(map, p);
        if (version != 1) {
            throw new MediaFormatException(path, config.offset(), name + " configurationVersion is " + version
                    + ", expected 1");
        }
        int lengthSizeMinusOne = Bytes.u8(map, p + (codec == Codec.H264 ? AVCC_LENGTH_SIZE : HVCC_LENGTH_SIZE)) & 3;
        if (lengthSizeMinusOne == 2) {
            throw new MediaFormatException(path, config.offset(), name
                    + " lengthSizeMinusOne is 2: 3-byte NAL length prefixes are not allowed");
        }
        nalLengthSize = lengthSizeMinusOne + 1;
        configOffset = p;
        configLength = (int) config.payloadLength();
    }
}

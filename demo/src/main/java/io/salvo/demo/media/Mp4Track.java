package io.salvo.demo.media;

import io.salvo.rtp.Bytes;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * One {@code trak} of an MP4/MOV file: its id ({@code tkhd}), handler ({@code hdlr}), media
 * timescale ({@code mdhd}), the first edit's media time ({@code elst}), its first sample entry and
 * where the sample tables are. {@link #parse} reads what every track has; {@link #configure} then
 * reads the sample entry of a video or audio track (codec, size or channels, the decoder
 * configuration record) through {@link Mp4SampleEntries}. The tables themselves are read by
 * {@link Mp4SampleIndex}.
 *
 * <p>Everything is read from the {@code moov}'s mapping, {@link #map}, whose index 0 is the file's
 * byte {@link #base}: the {@link Table} payloads and {@link #configOffset} are indexes in it, box
 * offsets (for messages) are file offsets.
 */
final class Mp4Track {
    /** Where one box sits: its file offset (for messages), its payload's index in the mapping and length. */
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

    private static final int FULL_BOX = 4;

    final long trakOffset;
    int trackId;
    int handler;
    boolean video;
    long timescale;
    long editMediaTime;
    /** The first sample entry of {@code stsd}, or null. */
    Table entry;
    /** Set by {@link #configure}: the codec, or null with {@link #unsupported} saying why. */
    Codec codec;
    String unsupported;
    int width;
    int height;
    int sampleRate;
    int channels;
    /** Index in {@link #map} of the decoder configuration record (avcC/hvcC payload, AudioSpecificConfig). */
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

    final Path path;
    /** The moov's mapping. */
    final ByteBuffer map;
    /** File offset of index 0 of {@link #map}. */
    final long base;

    private Mp4Track(Path path, ByteBuffer map, long base, long trakOffset) {
        this.path = path;
        this.map = map;
        this.base = base;
        this.trakOffset = trakOffset;
    }

    /** Parses the {@code trak} under {@code trak}'s cursor, whatever its handler; nothing is required yet. */
    static Mp4Track parse(Path path, Mp4Box trak) throws MediaFormatException {
        Mp4Track track = new Mp4Track(path, trak.map(), trak.base(), trak.offset());
        boolean mdia = false;
        Mp4Box children = Mp4Box.children(trak, 0);
        while (children.next()) {
            int type = children.type();
            if (type == Mp4Box.MDIA && !mdia) {
                mdia = true;
                track.parseMdia(Mp4Box.children(children, 0));
            } else if (type == Mp4Box.TKHD) {
                track.parseTkhd(children);
            } else if (type == Mp4Box.EDTS) {
                Mp4Box edts = Mp4Box.children(children, 0);
                while (edts.next()) {
                    if (edts.type() == Mp4Box.ELST) {
                        track.parseElst(edts);
                    }
                }
            }
        }
        track.findSampleEntry();
        return track;
    }

    /** Whether the handler is {@code soun}. */
    boolean audio() {
        return handler == Mp4Box.SOUN;
    }

    /** The sample entry's fourcc, or "none". */
    String sampleEntryName() {
        return entry == null ? "none" : Mp4Box.name(entry.type);
    }

    /** What the handler says the track is: video, audio, subtitles... */
    String kind() {
        if (handler == 0) {
            return "no handler";
        }
        switch (Mp4Box.name(handler)) {
            case "vide":
                return "video";
            case "soun":
                return "audio";
            case "sbtl":
            case "subt":
            case "text":
                return "subtitles";
            case "clcp":
                return "closed captions";
            case "hint":
                return "hint";
            case "meta":
                return "metadata";
            case "tmcd":
                return "timecode";
            default:
                return "handler '" + Mp4Box.name(handler) + "'";
        }
    }

    /**
     * Reads the sample entry of a video or audio track and checks that its tables are there:
     * afterwards {@link #codec} is set, or {@link #unsupported} says why the track cannot be
     * streamed (a sample entry salvo has no packetizer for).
     *
     * @throws MediaFormatException when a supported track is malformed
     */
    void configure() throws MediaFormatException {
        String what = video ? "video" : "audio";
        if (timescale == 0) {
            throw new MediaFormatException(path, trakOffset, what + " track has no 'mdhd' box or its timescale is 0");
        }
        require(stsd, "stsd");
        if (entry == null) {
            throw new MediaFormatException(path, stsd.boxOffset, "stsd has no sample entry");
        }
        if (video) {
            Mp4SampleEntries.video(this);
        } else {
            Mp4SampleEntries.audio(this);
        }
        if (codec == null) {
            return;
        }
        require(stts, "stts");
        require(stsc, "stsc");
        require(stsz, "stsz or stz2");
        require(stco, "stco or co64");
    }

    private void require(Object box, String name) throws MediaFormatException {
        if (box == null) {
            throw new MediaFormatException(path, trakOffset, (video ? "video" : "audio") + " track has no '" + name
                    + "' box");
        }
    }

    private void parseTkhd(Mp4Box tkhd) {
        // full box; v0: creation (u32), modification (u32), track_ID; v1: creation (u64), modification (u64), track_ID
        int p = tkhd.payload();
        int at = fullBox(tkhd, 0) && Bytes.u8(map, p) == 1 ? 20 : 12;
        if (fullBox(tkhd, at)) {
            trackId = Bytes.i32(map, p + at);
        }
    }

    private void parseMdia(Mp4Box mdia) throws MediaFormatException {
        boolean mdhd = false;
        boolean minf = false;
        while (mdia.next()) {
            int type = mdia.type();
            if (type == Mp4Box.HDLR) {
                // full box header, pre_defined (u32), handler_type
                handler = fullBox(mdia, 8) ? Bytes.i32(map, mdia.payload() + 8) : 0;
                video = handler == Mp4Box.VIDE;
            } else if (type == Mp4Box.MDHD && !mdhd) {
                parseMdhd(mdia);
                mdhd = true;
            } else if (type == Mp4Box.MINF && !minf) {
                minf = true;
                Mp4Box children = Mp4Box.children(mdia, 0);
                while (children.next()) {
                    if (children.type() == Mp4Box.STBL) {
                        parseStbl(Mp4Box.children(children, 0));
                    }
                }
            }
        }
    }

    /** Whether the full box under the cursor has room for its version/flags and {@code more} bytes. */
    private static boolean fullBox(Mp4Box box, int more) {
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
        int size = version == 1 ? 20 : 12; // segment_duration, media_time, media_rate (u16.u16)
        if (count > (elst.payloadLength() - 8) / size) {
            throw new MediaFormatException(path, elst.offset(), "elst declares " + count + " entries of " + size
                    + " bytes but holds " + (elst.payloadLength() - 8) + " bytes");
        }
        for (int i = 0; i < count; i++) {
            int e = p + 8 + i * size;
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

    /** The first sample entry: stsd is a full box, entry_count (u32), then the entries, each a box. */
    private void findSampleEntry() throws MediaFormatException {
        if (stsd == null || stsd.length < FULL_BOX + 4 || Bytes.u32(map, stsd.payload + FULL_BOX) == 0) {
            return;
        }
        Mp4Box entries = Mp4Box.within(path, map, base, base + stsd.payload + FULL_BOX + 4,
                base + stsd.payload + stsd.length, Mp4Box.STSD);
        if (entries.next()) {
            entry = new Table(entries);
        }
    }
}

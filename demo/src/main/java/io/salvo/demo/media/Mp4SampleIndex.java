package io.salvo.demo.media;

import io.salvo.rtp.Bytes;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Every sample of one track, built once from the sample tables (ISO/IEC 14496-12 §8.6, §8.7):
 * file offset and size ({@code stsz}/{@code stz2}, {@code stsc}, {@code stco}/{@code co64}),
 * decode time ({@code stts}), composition offset ({@code ctts}) and sync flag ({@code stss}; absent
 * means every sample is a sync sample), in parallel arrays of about 29 bytes per sample.
 *
 * <p>Times are in the media timescale, shifted by the first edit's media time so that they match
 * what players present ({@code dts} may then start below 0). {@code ctts} version 1 offsets are
 * signed; version 0 offsets are unsigned in ISO but signed in QuickTime, and are read as signed
 * (as ffmpeg does): a v0 offset of 2^31 ticks or more is never meant. When some offsets are
 * negative, every dts is lowered by the most negative one so that dts never exceeds pts (ffmpeg
 * does the same; ISO's {@code cslg} box describes this shift); pts stays the presentation time.
 */
final class Mp4SampleIndex {
    /** Most samples indexed (64 Mi, over 12 days at 60 frames per second). */
    static final int MAX_SAMPLES = 1 << 26;
    /**
     * Largest co64 chunk offset believed (4 EiB): adding up to {@link #MAX_SAMPLES} sample sizes to
     * it cannot overflow, so a sample's offset and end stay positive and comparable to the file size.
     */
    static final long MAX_CHUNK_OFFSET = 1L << 62;
    private static final int FULL_BOX = 4;

    final int count;
    final long[] offset;
    final int[] size;
    final long[] dts;
    final long[] pts;
    /** Null when there is no {@code stss}: every sample is a sync sample. */
    private boolean[] sync;
    /** Samples before the first one that runs past the end of the file. */
    private int complete;

    private final Path path;
    /** The moov's mapping, where the tables are. */
    private final ByteBuffer map;

    private Mp4SampleIndex(Path path, ByteBuffer map, int count) {
        this.path = path;
        this.map = map;
        this.count = count;
        offset = new long[count];
        size = new int[count];
        dts = new long[count];
        pts = new long[count];
    }

    /** Reads the tables of {@code track}, in a file of {@code fileSize} bytes. */
    static Mp4SampleIndex build(Path path, Mp4Track track, long fileSize) throws MediaFormatException {
        int count = sampleCount(path, track.map, track.stsz, fileSize);
        Mp4SampleIndex index = new Mp4SampleIndex(path, track.map, count);
        index.readSizes(track.stsz);
        index.readOffsets(track.stsc, track.stco);
        index.readTimes(track.stts, track.ctts, track.editMediaTime);
        index.sync = track.stss == null ? null : index.readSync(track.stss);
        while (index.complete < count && index.offset[index.complete] + index.size[index.complete] <= fileSize) {
            index.complete++;
        }
        return index;
    }

    /**
     * The mean bit rate of the samples, bits/s of the {@code timescale} clock: their bytes over the
     * span from the first decode time to the last plus one mean sample duration; 0 with fewer than
     * two samples.
     */
    long meanBitrate(long timescale) {
        if (count < 2) {
            return 0;
        }
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            bytes += size[i];
        }
        long span = dts[count - 1] - dts[0];
        span += span / (count - 1);
        return span <= 0 ? 0 : (long) (bytes * 8.0 * timescale / span);
    }

    /** Samples before the first one that runs past the end of the file. */
    int complete() {
        return complete;
    }

    /** Whether sample {@code i} is a sync (key) sample. */
    boolean isSync(int i) {
        return sync == null || sync[i];
    }

    private static int sampleCount(Path path, ByteBuffer map, Mp4Track.Table stsz, long fileSize)
            throws MediaFormatException {
        // stsz: full box, sample_size (u32), sample_count (u32); stz2: full box, reserved (24 bits),
        // field_size (u8), sample_count (u32)
        if (stsz.length < FULL_BOX + 8) {
            throw new MediaFormatException(path, stsz.boxOffset, Mp4Box.name(stsz.type) + " is too short: "
                    + stsz.length + " payload bytes");
        }
        long count = Bytes.u32(map, stsz.payload + FULL_BOX + 4);
        if (count > MAX_SAMPLES) {
            throw new MediaFormatException(path, stsz.boxOffset, Mp4Box.name(stsz.type) + " declares " + count
                    + " samples; the index holds at most " + MAX_SAMPLES);
        }
        // Checked before the index (~29 bytes a sample) is sized by it, so that a few bytes cannot make
        // it allocate GBs: a sample takes at least 4 bits of the file (stz2 with 4-bit sizes), or a
        // byte of data when the size is constant; the tables are checked against count later.
        if (count > 2 * fileSize) {
            throw new MediaFormatException(path, stsz.boxOffset, Mp4Box.name(stsz.type) + " declares " + count
                    + " samples, more than the " + fileSize + "-byte file can hold (at least half a byte each)");
        }
        return (int) count;
    }

    private void readSizes(Mp4Track.Table stsz) throws MediaFormatException {
        int p = stsz.payload + FULL_BOX;
        int table = p + 8;
        if (stsz.type == Mp4Box.STSZ) {
            long constant = Bytes.u32(map, p);
            if (constant != 0) {
                checkSize(constant, 0, stsz);
                Arrays.fill(size, (int) constant);
                return;
            }
            checkRoom(stsz, 8, count, 4);
            for (int i = 0; i < count; i++) {
                size[i] = checkSize(Bytes.u32(map, table + 4 * i), i, stsz);
            }
            return;
        }
        int fieldSize = Bytes.u8(map, p + 3);
        if (fieldSize != 4 && fieldSize != 8 && fieldSize != 16) {
            throw new MediaFormatException(path, stsz.boxOffset, "stz2 field_size is " + fieldSize
                    + ", expected 4, 8 or 16");
        }
        checkRoom(stsz, 8, ((long) count * fieldSize + 7) / 8, 1);
        for (int i = 0; i < count; i++) {
            if (fieldSize == 16) {
                size[i] = Bytes.u16(map, table + 2 * i);
            } else if (fieldSize == 8) {
                size[i] = Bytes.u8(map, table + i);
            } else {
                int b = Bytes.u8(map, table + i / 2);
                size[i] = (i & 1) == 0 ? b >>> 4 : b & 0xF; // first sample in the high nibble
            }
        }
    }

    private int checkSize(long value, int sample, Mp4Track.Table box) throws MediaFormatException {
        if (value > WindowedMediaFile.MAX_WINDOW) {
            throw new MediaFormatException(path, box.boxOffset, "sample " + sample + " declares " + value + " bytes;"
                    + " salvo maps at most " + WindowedMediaFile.MAX_WINDOW + " bytes (2 GiB - 1) for one frame");
        }
        return (int) value;
    }

    private void readOffsets(Mp4Track.Table stsc, Mp4Track.Table stco) throws MediaFormatException {
        boolean wide = stco.type == Mp4Box.CO64;
        long chunks = entryCount(stco);
        checkRoom(stco, 4, chunks, wide ? 8 : 4);
        long entries = entryCount(stsc);
        checkRoom(stsc, 4, entries, 12);
        int s = 0;
        for (int e = 0; e < entries; e++) {
            // first_chunk (1-based), samples_per_chunk, sample_description_index
            int at = stsc.payload + FULL_BOX + 4 + 12 * e;
            long first = Bytes.u32(map, at);
            long perChunk = Bytes.u32(map, at + 4);
            long description = Bytes.u32(map, at + 8);
            long last = e + 1 < entries ? Bytes.u32(map, at + 12) - 1 : chunks;
            if (first < 1 || first > last + 1 || last > chunks || (e == 0 && first != 1)) {
                throw new MediaFormatException(path, stsc.boxOffset, "stsc entry " + e + " covers chunks " + first
                        + " to " + last + " of " + chunks);
            }
            if (description != 1) {
                throw new MediaFormatException(path, stsc.boxOffset, "stsc entry " + e + " uses sample description "
                        + description + "; only the first is supported");
            }
            for (long c = first; c <= last; c++) {
                long position = wide ? Bytes.i64(map, stco.payload + FULL_BOX + 4 + 8 * (int) (c - 1))
                        : Bytes.u32(map, stco.payload + FULL_BOX + 4 + 4 * (int) (c - 1));
                if (position < 0 || position > MAX_CHUNK_OFFSET) {
                    throw new MediaFormatException(path, stco.boxOffset, "co64 gives chunk " + c + " the "
                            + (position < 0 ? "negative" : "impossible") + " offset " + position);
                }
                for (long k = 0; k < perChunk; k++) {
                    if (s == count) {
                        throw new MediaFormatException(path, stsc.boxOffset, "stsc and " + Mp4Box.name(stco.type)
                                + " place more samples than the " + count + " of the size table");
                    }
                    offset[s] = position;
                    position += size[s];
                    s++;
                }
            }
        }
        if (s != count) {
            throw new MediaFormatException(path, stsc.boxOffset, "stsc and " + Mp4Box.name(stco.type) + " place "
                    + s + " samples but the size table has " + count);
        }
    }

    private void readTimes(Mp4Track.Table stts, Mp4Track.Table ctts, long shift) throws MediaFormatException {
        long entries = entryCount(stts);
        checkRoom(stts, 4, entries, 8);
        int s = 0;
        long time = -shift;
        for (int e = 0; e < entries; e++) {
            int at = stts.payload + FULL_BOX + 4 + 8 * e;
            long samples = Bytes.u32(map, at);
            long delta = Bytes.u32(map, at + 4);
            if (samples > count - s) {
                throw new MediaFormatException(path, stts.boxOffset, "stts covers more samples than the " + count
                        + " of the size table");
            }
            for (long k = 0; k < samples; k++) {
                dts[s++] = time;
                time += delta;
            }
        }
        if (s != count) {
            throw new MediaFormatException(path, stts.boxOffset, "stts covers " + s + " samples but the size table has "
                    + count);
        }
        System.arraycopy(dts, 0, pts, 0, count);
        if (ctts == null) {
            return;
        }
        entries = entryCount(ctts);
        checkRoom(ctts, 4, entries, 8);
        s = 0;
        long mostNegative = 0;
        for (int e = 0; e < entries; e++) {
            int at = ctts.payload + FULL_BOX + 4 + 8 * e;
            long samples = Bytes.u32(map, at);
            long compositionOffset = Bytes.i32(map, at + 4);
            if (samples > count - s) {
                throw new MediaFormatException(path, ctts.boxOffset, "ctts covers more samples than the " + count
                        + " of the size table");
            }
            for (long k = 0; k < samples; k++) {
                pts[s++] += compositionOffset;
            }
            mostNegative = Math.min(mostNegative, compositionOffset);
        }
        if (s != count) {
            throw new MediaFormatException(path, ctts.boxOffset, "ctts covers " + s + " samples but the size table has "
                    + count);
        }
        for (int i = 0; mostNegative < 0 && i < count; i++) {
            dts[i] += mostNegative; // keep dts <= pts, as ffmpeg does (and ISO's cslg describes)
        }
    }

    private boolean[] readSync(Mp4Track.Table stss) throws MediaFormatException {
        long entries = entryCount(stss);
        checkRoom(stss, 4, entries, 4);
        boolean[] flags = new boolean[count];
        for (int e = 0; e < entries; e++) {
            long sample = Bytes.u32(map, stss.payload + FULL_BOX + 4 + 4 * e); // 1-based
            if (sample < 1 || sample > count) {
                throw new MediaFormatException(path, stss.boxOffset, "stss names sample " + sample + " of " + count);
            }
            flags[(int) sample - 1] = true;
        }
        return flags;
    }

    /** The u32 entry count after a table's full box header. */
    private long entryCount(Mp4Track.Table table) throws MediaFormatException {
        if (table.length < FULL_BOX + 4) {
            throw new MediaFormatException(path, table.boxOffset, Mp4Box.name(table.type)
                    + " has no room for its entry count");
        }
        return Bytes.u32(map, table.payload + FULL_BOX);
    }

    /** Checks that {@code entries} entries of {@code entrySize} bytes fit after {@code header} bytes. */
    private void checkRoom(Mp4Track.Table table, int header, long entries, int entrySize)
            throws MediaFormatException {
        long room = table.length - FULL_BOX - header;
        if (entries > room / entrySize) {
            throw new MediaFormatException(path, table.boxOffset, Mp4Box.name(table.type) + " declares " + entries
                    + " entries of " + entrySize + " bytes but holds " + room + " bytes");
        }
    }
}

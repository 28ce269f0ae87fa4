package io.salvo.demo.media;

import io.salvo.rtp.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads the H.264 or H.265 samples of the first video track of an MP4/MOV file ({@code .mp4 .mov
 * .m4v}) of any size over read-only mappings: each frame is a view of a mapping, its NAL units prefixed
 * with {@link #nalLengthSize()}-byte lengths, in decode order. Other tracks are ignored; {@link
 * Mp4File} hands out every track.
 *
 * <p>A focused reader of the sample tables, not a library: the Java MP4 libraries copy samples
 * out of the file (mp4parser/isoparser 1.9's file source reads each sample into a fresh heap array;
 * a custom source could hand out slices, but still one new buffer object per sample, after the
 * library has turned the whole box tree into objects; jcodec's demuxer reads packets from a
 * channel into buffers), while salvo sends each sample in place as (mapping, offset, length). The sample index (offset, size, dts, pts, sync
 * flag per sample, see {@link Mp4SampleIndex}) is built once at open; {@link #next} allocates
 * nothing.
 *
 * <p>Supported: boxes with 32-bit, 64-bit ({@code largesize}) and 0 (to the end of the file) sizes;
 * {@code moov} before or after {@code mdat}; sample entries {@code avc1}/{@code avc3} ({@code avcC})
 * and {@code hvc1}/{@code hev1} ({@code hvcC}); {@code stsz} and {@code stz2}; {@code stco} and
 * {@code co64} (64-bit chunk offsets, for files above 4 GiB); {@code ctts} v0 and v1. Times are in
 * the track's {@code mdhd} timescale, shifted by the media time of the first non-empty edit in
 * {@code elst} (so they match ffprobe and players); empty edits (presentation delays), further
 * edits and edit rates are ignored. Fragmented files ({@code mvex}/{@code moof}) are refused.
 * Zero-length samples are skipped.
 *
 * <p>Files of any size: the file is mapped in windows ({@link WindowedMediaFile}, 1 GiB each by
 * default), a new one starting at the first sample that the current one does not hold whole; the
 * {@code moov} gets a mapping of its own. A single sample, or a {@code moov}, above 2 GiB - 1 bytes
 * is refused (the largest buffer).
 *
 * <p>A file cut short: samples whose bytes lie past the end are reported by a
 * {@link TruncatedMediaException} after every complete sample before them; a file cut before its
 * {@code moov} (moov last) has no readable samples and fails at open.
 */
public final class Mp4Source implements MediaSource {
    private final WindowedMediaFile file;
    private final Mp4TrackSource track;

    /** Opens {@code path} and indexes the samples of its first video track. */
    public Mp4Source(Path path) throws IOException {
        this(path, WindowedMediaFile.DEFAULT_WINDOW);
    }

    /** Opens {@code path}, to be mapped in windows of {@code windowSize} bytes (tests use small ones). */
    Mp4Source(Path path, int windowSize) throws IOException {
        file = new WindowedMediaFile(path, windowSize);
        try {
            Mp4Track video = firstVideoTrack(path, Mp4Moov.read(file));
            track = new Mp4TrackSource(file, video, Mp4SampleIndex.build(path, video, file.size()));
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * Whether {@code head} (from its position, at least 8 bytes) starts like an MP4/MOV file: a box
     * of type {@code ftyp}, {@code moov}, {@code mdat}, {@code free}, {@code skip} or {@code wide}
     * with a possible size (0, 1 or at least 8).
     */
    public static boolean probe(ByteBuffer head) {
        if (head.remaining() < 8) {
            return false;
        }
        int p = head.position();
        long size = Bytes.u32(head, p);
        int type = Bytes.i32(head, p + 4);
        return (size == 0 || size == 1 || size >= 8)
                && (type == Mp4Box.FTYP || type == Mp4Box.MOOV || type == Mp4Box.MDAT || type == Mp4Box.FREE
                || type == Mp4Box.SKIP || type == Mp4Box.WIDE);
    }

    private static Mp4Track firstVideoTrack(Path path, Mp4Moov moov) throws MediaFormatException {
        for (Mp4Track track : moov.tracks) {
            if (track.video) {
                track.configure();
                if (track.codec == null) {
                    throw new MediaFormatException(path, track.entry.boxOffset, "the first video track's sample entry"
                            + " is '" + track.sampleEntryName() + "'; supported: avc1, avc3 (H.264), hvc1, hev1 (H.265)");
                }
                return track;
            }
        }
        throw new MediaFormatException(path, moov.offset, "no video track (handler 'vide') in moov");
    }

    @Override
    public Path path() {
        return file.path();
    }

    @Override
    public Codec codec() {
        return track.codec();
    }

    /** The video track's {@code mdhd} timescale. */
    @Override
    public long timescale() {
        return track.timescale();
    }

    @Override
    public int nalLengthSize() {
        return track.nalLengthSize();
    }

    /** The {@code avcC} or {@code hvcC} box payload: a read-only view of the moov's mapping. */
    @Override
    public ByteBuffer codecConfig() {
        return track.codecConfig();
    }

    @Override
    public int width() {
        return track.width();
    }

    @Override
    public long meanBitrate() {
        return track.meanBitrate();
    }

    @Override
    public int height() {
        return track.height();
    }

    /** The sample entry's fourcc: avc1, avc3, hvc1 or hev1. */
    public String sampleEntry() {
        return track.sampleEntry();
    }

    /** Samples the tables declare, including any past the end of a truncated file. */
    public int sampleCount() {
        return track.sampleCount();
    }

    @Override
    public boolean next(MediaFrame frame) throws IOException {
        return track.next(frame);
    }

    @Override
    public void rewind() {
        track.rewind();
    }

    @Override
    public void close() throws IOException {
        track.close();
        file.close();
    }
}

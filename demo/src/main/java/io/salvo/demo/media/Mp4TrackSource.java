package io.salvo.demo.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The samples of one video or audio track of an MP4/MOV file, in decode order, as views of the
 * file's read-only mappings: H.264/H.265 access units with {@link #nalLengthSize()}-byte NAL
 * lengths, or raw AAC access units. Made by {@link Mp4File} (every track over the same file) or
 * {@link Mp4Source} (the first video track). The sample index is built once; {@link #next}
 * allocates nothing but, when a sample lies beyond the track's current window of the file, maps
 * the next one ({@link WindowedMediaFile}: a window starts at that sample, so every sample is
 * whole in one buffer; tracks share a window that holds their samples). Closing a track source
 * closes only the source; the file belongs to its {@link Mp4File} or {@link Mp4Source}.
 */
public final class Mp4TrackSource implements MediaSource {
    private final WindowedMediaFile file;
    private final Mp4Track track;
    private final Mp4SampleIndex index;
    private boolean closed;
    private int cursor;
    /** The window the last sample came from; null before the first and after close. */
    private WindowedMediaFile.Window window;

    Mp4TrackSource(WindowedMediaFile file, Mp4Track track, Mp4SampleIndex index) {
        this.file = file;
        this.track = track;
        this.index = index;
    }

    @Override
    public Path path() {
        return file.path();
    }

    @Override
    public Codec codec() {
        return track.codec;
    }

    /** The track's {@code mdhd} timescale. */
    @Override
    public long timescale() {
        return track.timescale;
    }

    @Override
    public int nalLengthSize() {
        return track.nalLengthSize;
    }

    /**
     * The {@code avcC} or {@code hvcC} box payload, or the AAC AudioSpecificConfig: a read-only view
     * of the moov's mapping.
     */
    @Override
    public ByteBuffer codecConfig() {
        file.checkOpen();
        return track.map.slice(track.configOffset, track.configLength);
    }

    @Override
    public int width() {
        return track.width;
    }

    @Override
    public int height() {
        return track.height;
    }

    /** The AAC output sampling frequency (the RTP clock); the codec's clock for video. */
    @Override
    public int clockRate() {
        return track.sampleRate > 0 ? track.sampleRate : track.codec.clockRate();
    }

    @Override
    public int channels() {
        return track.channels;
    }

    /** The track's id ({@code tkhd} track_ID). */
    public int trackId() {
        return track.trackId;
    }

    /** The sample entry's fourcc: avc1, avc3, hvc1, hev1 or mp4a. */
    public String sampleEntry() {
        return track.sampleEntryName();
    }

    /** The mean bit rate of the track's samples over its span (from the sample tables). */
    @Override
    public long meanBitrate() {
        return index.meanBitrate(timescale());
    }

    /** Samples the tables declare, including any past the end of a truncated file. */
    public int sampleCount() {
        return index.count;
    }

    @Override
    public boolean next(MediaFrame frame) throws IOException {
        checkOpen();
        while (cursor < index.complete()) {
            int s = cursor;
            int size = index.size[s];
            if (size > 0) {
                long at = index.offset[s];
                WindowedMediaFile.Window w = window;
                if (w == null || !w.holds(at, size)) {
                    window = w = file.window(at, size);
                }
                cursor++;
                frame.set(w.buffer(), w.index(at), size, index.pts[s], index.dts[s], index.isSync(s), s, at);
                return true;
            }
            cursor++;
        }
        if (index.complete() < index.count) {
            int s = index.complete();
            long remain = Math.max(0, file.size() - index.offset[s]);
            throw new TruncatedMediaException(file.path(), index.offset[s], "sample " + s + " declares "
                    + index.size[s] + " bytes but only " + remain + " remain");
        }
        return false;
    }

    @Override
    public void rewind() {
        checkOpen();
        cursor = 0;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(file.path() + " track " + track.trackId + " is closed");
        }
        file.checkOpen();
    }

    /** Closes this track's reading (idempotent) and drops its window; the file stays for the other tracks. */
    @Override
    public void close() {
        closed = true;
        window = null;
    }
}

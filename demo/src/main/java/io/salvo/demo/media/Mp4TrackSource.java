package io.salvo.demo.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The samples of one video or audio track of an MP4/MOV file, in decode order, as views of the
 * file's one read-only mapping: H.264/H.265 access units with {@link #nalLengthSize()}-byte NAL
 * lengths, or raw AAC access units. Made by {@link Mp4File} (every track over the same mapping)
 * or {@link Mp4Source} (the first video track). The sample index is built once;
 * {@link #next} allocates nothing. Closing a track source closes only the source; the mapping
 * belongs to its {@link Mp4File} or {@link Mp4Source}.
 */
public final class Mp4TrackSource implements MediaSource {
    private final MappedMediaFile file;
    private final Mp4Track track;
    private final Mp4SampleIndex index;
    private boolean closed;
    private int cursor;

    Mp4TrackSource(MappedMediaFile file, Mp4Track track, Mp4SampleIndex index) {
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

    /** The {@code avcC} or {@code hvcC} box payload, or the AAC AudioSpecificConfig: a read-only view of the mapping. */
    @Override
    public ByteBuffer codecConfig() {
        return file.map().slice(track.configOffset, track.configLength);
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
        ByteBuffer map = map();
        while (cursor < index.complete()) {
            int s = cursor++;
            if (index.size[s] > 0) {
                frame.set(map, (int) index.offset[s], index.size[s], index.pts[s], index.dts[s], index.isSync(s), s,
                        index.offset[s]);
                return true;
            }
        }
        if (index.complete() < index.count) {
            int s = index.complete();
            long remain = Math.max(0, map.capacity() - index.offset[s]);
            throw new TruncatedMediaException(file.path(), index.offset[s], "sample " + s + " declares "
                    + index.size[s] + " bytes but only " + remain + " remain");
        }
        return false;
    }

    @Override
    public void rewind() {
        map(); // throws when closed
        cursor = 0;
    }

    private ByteBuffer map() {
        if (closed) {
            throw new IllegalStateException(file.path() + " track " + track.trackId + " is closed");
        }
        return file.map();
    }

    /** Closes this track's reading (idempotent); the mapping stays for the other tracks. */
    @Override
    public void close() {
        closed = true;
    }
}

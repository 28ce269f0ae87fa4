package io.salvo.demo.media;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every track of an MP4/MOV file of any size, over read-only mappings of it: the video tracks
 * salvo streams (H.264, H.265), the audio tracks (AAC in {@code mp4a}), and the rest (subtitles,
 * timecode, other codecs) named with the reason they cannot be streamed. {@link #source} hands
 * out a track's samples as a {@link MediaSource}; all of them are views of windows of the same
 * file ({@link WindowedMediaFile}: the whole file when it is no larger than a window), whose
 * sample indexes are built once at open. What {@link Mp4Source} supports and refuses applies
 * to every track.
 */
public final class Mp4File implements AutoCloseable {
    /**
     * One track: its {@code tkhd} id, what its handler says it is ({@code video}, {@code audio},
     * {@code subtitles}...), its sample entry's fourcc, and the codec salvo streams it as, or
     * null with the reason it cannot.
     */
    public record Track(int id, String kind, String sampleEntry, Codec codec, String unsupported) {
        /** Whether salvo can stream the track. */
        public boolean supported() {
            return codec != null;
        }

        /** "track 3 (tx3g subtitles)". */
        public String describe() {
            return "track " + id + " (" + sampleEntry + " " + kind + ")";
        }
    }

    private final WindowedMediaFile file;
    private final List<Track> tracks = new ArrayList<>();
    private final List<Mp4TrackSource> sources = new ArrayList<>();

    private Mp4File(WindowedMediaFile file) {
        this.file = file;
    }

    /** Opens {@code path}, reads its tracks and indexes the samples of those salvo can stream. */
    public static Mp4File open(Path path) throws IOException {
        return open(path, WindowedMediaFile.DEFAULT_WINDOW);
    }

    /** {@link #open(Path)}, the file to be mapped in windows of {@code windowSize} bytes (tests use small ones). */
    static Mp4File open(Path path, int windowSize) throws IOException {
        WindowedMediaFile file = new WindowedMediaFile(path, windowSize);
        try {
            Mp4File mp4 = new Mp4File(file);
            int position = 0;
            for (Mp4Track track : Mp4Moov.read(file).tracks) {
                position++;
                mp4.add(path, track, position);
            }
            return mp4;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private void add(Path path, Mp4Track track, int position) throws MediaFormatException {
        int id = track.trackId > 0 ? track.trackId : position;
        String reason;
        if (track.video || track.audio()) {
            track.configure();
            reason = track.unsupported;
        } else {
            reason = "neither video nor audio";
        }
        tracks.add(new Track(id, track.kind(), track.sampleEntryName(), track.codec, reason));
        sources.add(track.codec == null ? null : new Mp4TrackSource(file, track,
                Mp4SampleIndex.build(path, track, file.size())));
    }

    /** The file. */
    public Path path() {
        return file.path();
    }

    /** Every track, in the file's order. */
    public List<Track> tracks() {
        return List.copyOf(tracks);
    }

    /**
     * The samples of {@code track} (one of {@link #tracks()}), read over the shared file; one
     * source per track, the same one on every call.
     *
     * @throws IllegalArgumentException for an unsupported track or one of another file
     */
    public Mp4TrackSource source(Track track) {
        int i = tracks.indexOf(track);
        if (i < 0) {
            throw new IllegalArgumentException(track + " is not a track of " + file.path());
        }
        if (sources.get(i) == null) {
            throw new IllegalArgumentException(track.describe() + " cannot be streamed: " + track.unsupported());
        }
        return sources.get(i);
    }

    /** Closes every track's source and the file (idempotent). */
    @Override
    public void close() throws IOException {
        for (Mp4TrackSource source : sources) {
            if (source != null) {
                source.close();
            }
        }
        file.close();
    }
}

package io.salvo.demo.stream;

import io.salvo.demo.media.Codec;
import io.salvo.demo.media.MediaSource;

import java.io.IOException;
import java.util.List;

/**
 * The tracks of one input file that will be streamed, video first, each a {@link MediaSource}
 * over the file's one mapping, and the tracks that will not be, each with a line saying why.
 * Closing it closes the file.
 *
 * @param sources what to stream, in stream order (ports PORT, PORT + 2, ...)
 * @param trackIds the file's id of each source's track (1 for files of one track)
 * @param skipped one line per track left out: "skipping track 3 (tx3g subtitles): ..."
 */
public record MediaInput(List<MediaSource> sources, List<Integer> trackIds, List<String> skipped, AutoCloseable file)
        implements AutoCloseable {
    /** Which tracks to stream. */
    public enum Selection {
        /** Every supported track. */
        ALL,
        /** Video tracks only ({@code --video-only}). */
        VIDEO,
        /** Audio tracks only ({@code --audio-only}). */
        AUDIO;

        /** Whether a track of {@code codec} is selected. */
        public boolean includes(Codec codec) {
            return this == ALL || codec.mediaType().equals(this == VIDEO ? "video" : "audio");
        }
    }

    /** The codecs of the sources, in stream order. */
    public List<Codec> codecs() {
        return sources.stream().map(MediaSource::codec).toList();
    }

    /** Closes every source and the file. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (MediaSource source : sources) {
            try {
                source.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        try {
            file.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        if (failure != null) {
            throw failure;
        }
    }
}

package io.salvo.demo.media;

import java.nio.file.Path;

/** The file ends inside a frame or page: every complete frame before it was returned. */
public final class TruncatedMediaException extends MediaFormatException {
    /** {@code problem} (e.g. "frame 41 of 3000 bytes runs 1200 bytes past the end") at {@code fileOffset}. */
    public TruncatedMediaException(Path path, long fileOffset, String problem) {
        super(path, fileOffset, "truncated: " + problem);
    }
}

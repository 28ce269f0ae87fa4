package io.salvo.demo.media;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not what its reader expects: bad signature, impossible size, unknown codec. */
public class MediaFormatException extends IOException {
    private final Path path;
    private final long fileOffset;

    /** {@code problem} found at byte {@code fileOffset} of {@code path}. */
    public MediaFormatException(Path path, long fileOffset, String problem) {
        super(path + ": " + problem + " (at byte " + fileOffset + ")");
        this.path = path;
        this.fileOffset = fileOffset;
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** Byte offset in the file where the problem is. */
    public long fileOffset() {
        return fileOffset;
    }
}

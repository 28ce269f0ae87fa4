package io.salvo.demo.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs a reader over a fuzzer's bytes written to a file, for the fuzz targets of the file readers,
 * and checks their contract: opening and reading either work or throw a
 * {@link MediaFormatException} (or its {@link TruncatedMediaException}) whose message names the
 * file, never another exception; every frame lies inside its buffer (the mapping, or a pooled
 * buffer for a joined Ogg packet) and inside the file; after {@link MediaSource#rewind()} the same
 * frames come back.
 *
 * <p>The work is bounded: at most {@link #MAX_FRAMES} frames are read per pass, so that a long
 * valid stream is not mistaken for a hang (Jazzer's {@code -timeout} catches real ones). The file
 * is written anew for each input (a new inode, so mappings of the previous input stay valid until
 * they are collected).
 */
final class FuzzedFile {
    /** Most frames read per pass over one input. */
    static final int MAX_FRAMES = 100_000;
    /** Frames compared after a rewind. */
    private static final int REREAD = 16;
    private static final long LIMIT_REACHED = -1;
    private static final long END_OF_FILE = -2;
    private static Path file;

    /** Opens a reader on a file. */
    @FunctionalInterface
    interface Opener {
        MediaSource open(Path path) throws IOException;
    }

    private FuzzedFile() {
    }

    /** Writes {@code bytes} to the file, opens it with {@code opener} and reads it through twice. */
    static void read(byte[] bytes, Opener opener) {
        Path path = write(bytes);
        MediaSource source;
        try {
            source = opener.open(path);
        } catch (MediaFormatException e) {
            checkError(e, path);
            return;
        } catch (IOException e) {
            throw new AssertionError("opening threw " + e + ", not a MediaFormatException", e);
        }
        try (MediaSource open = source) {
            long[] first = pass(open, path, bytes.length, MAX_FRAMES);
            open.rewind();
            long[] again = pass(open, path, bytes.length, REREAD);
            boolean cut = again[again.length - 1] == LIMIT_REACHED; // then first goes on past it
            assertArrayEquals(cut ? Arrays.copyOf(first, REREAD) : first, cut ? Arrays.copyOf(again, REREAD) : again,
                    "a rewind does not give the same frames again");
        } catch (MediaFormatException e) {
            throw new AssertionError("rewind or close threw " + e, e);
        } catch (IOException e) {
            throw new AssertionError("threw " + e + ", not a MediaFormatException", e);
        }
    }

    /**
     * Reads up to {@code limit} frames; returns a digest per frame and, last, one of how the pass
     * ended (the end of the file, the limit, or the error's message).
     */
    private static long[] pass(MediaSource source, Path path, int fileSize, int limit) throws IOException {
        long[] digests = new long[16];
        int frames = 0;
        MediaFrame frame = new MediaFrame();
        long end;
        try {
            while (true) {
                if (frames == limit) {
                    end = LIMIT_REACHED;
                    break;
                }
                if (!source.next(frame)) {
                    end = END_OF_FILE;
                    break;
                }
                if (frames + 1 == digests.length) {
                    digests = Arrays.copyOf(digests, digests.length * 2);
                }
                digests[frames++] = check(frame, fileSize);
            }
        } catch (MediaFormatException e) {
            checkError(e, path);
            end = e.getMessage().hashCode() & 0xFFFF_FFFFL; // never one of the markers above
        }
        digests[frames] = end;
        return Arrays.copyOf(digests, frames + 1);
    }

    /** Checks that the frame lies inside its buffer and the file; returns a digest of it. */
    private static long check(MediaFrame frame, int fileSize) {
        ByteBuffer buffer = frame.buffer;
        assertNotNull(buffer, "frame without a buffer");
        String where = "frame " + frame.index + " [" + frame.offset + ", +" + frame.length + ")";
        assertTrue(frame.offset >= 0 && frame.length >= 0 && (long) frame.offset + frame.length <= buffer.capacity(),
                where + " lies outside its buffer of " + buffer.capacity() + " bytes");
        assertTrue(frame.fileOffset >= 0 && frame.fileOffset + frame.length <= fileSize,
                where + " at file offset " + frame.fileOffset + " lies outside the " + fileSize + "-byte file");
        long digest = frame.fileOffset * 31 + frame.length;
        if (frame.length > 0) {
            digest = digest * 31 + buffer.get(frame.offset) * 7 + buffer.get(frame.offset + frame.length - 1);
        }
        return ((digest * 31 + frame.pts) * 31 + frame.dts) * 31 + (frame.keyframe ? 1 : 0);
    }

    private static void checkError(MediaFormatException e, Path path) {
        assertTrue(e.getMessage().startsWith(path.toString()), "message does not name the file: " + e.getMessage());
        assertEquals(path, e.path());
        assertTrue(e.fileOffset() >= 0, "negative offset in: " + e.getMessage());
    }

    /** Writes {@code bytes} to a new file (the same path, a new inode); returns its path. */
    private static synchronized Path write(byte[] bytes) {
        try {
            if (file == null) {
                Path dir = Files.createTempDirectory("salvo-fuzz");
                dir.toFile().deleteOnExit();
                file = dir.resolve("input");
                file.toFile().deleteOnExit();
            }
            Files.deleteIfExists(file);
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.salvo.demo.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file of any size mapped read-only in windows, for the readers whose frames are views of the
 * file (Annex B, MP4): a frame is always whole in one window, because a reader asks for a window
 * holding the frame's bytes, from its first byte on, before handing it out.
 *
 * <p>{@link #window} gives the window it gave last when that one holds the bytes asked for, so
 * readers that share the file (the tracks of an MP4) share its windows; otherwise it maps a new
 * one of {@code windowSize} bytes (1 GiB by default), or more when more is asked for, up to
 * {@link #MAX_WINDOW}: the largest {@link ByteBuffer}, and so the largest frame. A window starts
 * where asked, or earlier when the file ends within {@code windowSize} bytes (then it ends with
 * the file), so a file no larger than one window is mapped whole, from byte 0.
 *
 * <p>Windows are never unmapped here: the JDK unmaps a {@link MappedByteBuffer} once it is
 * collected, so a frame the transmitter still holds keeps its window valid. Readers drop their
 * window when they move on; {@link #close()} closes the channel and drops the last window (a
 * mapping does not depend on its channel).
 */
final class WindowedMediaFile implements AutoCloseable {
    /** Window mapped when less is asked for: ten mappings for a 10 GB movie. */
    static final int DEFAULT_WINDOW = 1 << 30;
    /** Largest window, and so the largest frame: a {@link ByteBuffer} holds at most {@code Integer.MAX_VALUE} bytes. */
    static final int MAX_WINDOW = Integer.MAX_VALUE;

    /** The mapping of the file's bytes {@code [start, start + buffer.capacity())}; index 0 is byte {@code start}. */
    record Window(MappedByteBuffer buffer, long start) {
        /** Whether the window holds the file's bytes {@code [offset, offset + length)}. */
        boolean holds(long offset, long length) {
            return offset >= start && offset + length <= start + buffer.capacity();
        }

        /** Index in {@link #buffer} of the file's byte {@code offset} (which the window holds). */
        int index(long offset) {
            return (int) (offset - start);
        }

        /** File offset just after the window. */
        long end() {
            return start + buffer.capacity();
        }
    }

    private final Path path;
    private final long size;
    private final int windowSize;
    private final int maxWindow;
    private FileChannel channel;
    private Window latest;

    /** Opens {@code path} to map in windows of {@code windowSize} bytes (tests use small ones). */
    WindowedMediaFile(Path path, int windowSize) throws IOException {
        this(path, windowSize, MAX_WINDOW);
    }

    /**
     * Opens {@code path} to map in windows of {@code windowSize} bytes, none larger than
     * {@code maxWindow} (tests of the readers' refusals use a small one).
     */
    WindowedMediaFile(Path path, int windowSize, int maxWindow) throws IOException {
        if (windowSize < 1 || maxWindow < windowSize) {
            throw new IllegalArgumentException("window size must be positive and at most the largest window, was "
                    + windowSize + " of " + maxWindow);
        }
        this.path = path;
        this.windowSize = windowSize;
        this.maxWindow = maxWindow;
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            size = ch.size();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        channel = ch;
    }

    /** The file. */
    Path path() {
        return path;
    }

    /** File size in bytes, as at open. */
    long size() {
        return size;
    }

    /** Bytes mapped when a window is asked for fewer. */
    int windowSize() {
        return windowSize;
    }

    /** The largest window this file maps: {@link #MAX_WINDOW} unless a test asked for less. */
    int maxWindow() {
        return maxWindow;
    }

    /**
     * A window holding the bytes {@code [offset, offset + length)}: the last one handed out if it
     * does, else a new mapping of {@code max(windowSize, length)} bytes (fewer if the file is
     * smaller) that starts at {@code offset} or, near the end of the file, before it.
     *
     * @throws IllegalArgumentException if the bytes are not all in the file or {@code length}
     *                                  exceeds {@link #maxWindow()} (callers check both first)
     * @throws IllegalStateException    once closed
     */
    Window window(long offset, long length) throws IOException {
        FileChannel ch = channel;
        if (ch == null) {
            throw new IllegalStateException(path + " is closed");
        }
        if (offset < 0 || length < 0 || length > maxWindow || offset > size - length) {
            throw new IllegalArgumentException(path + ": no window for " + length + " bytes at " + offset + " of "
                    + size);
        }
        Window w = latest;
        if (w != null && w.holds(offset, length)) {
            return w;
        }
        long mapped = Math.min(Math.max(windowSize, length), size);
        long start = Math.min(offset, size - mapped);
        w = new Window(ch.map(FileChannel.MapMode.READ_ONLY, start, mapped), start);
        latest = w;
        return w;
    }

    /** @throws IllegalStateException once closed */
    void checkOpen() {
        if (channel == null) {
            throw new IllegalStateException(path + " is closed");
        }
    }

    /** Closes the channel and drops the last window; idempotent. */
    @Override
    public void close() throws IOException {
        latest = null;
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
    }
}

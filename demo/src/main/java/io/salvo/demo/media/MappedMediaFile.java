package io.salvo.demo.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A whole file mapped read-only in one piece, for the Ogg Opus reader (the other readers map
 * windows, {@link WindowedMediaFile}). Files above {@link #MAX_SIZE} (2 GiB - 1, the largest
 * {@link ByteBuffer}) are refused with a {@link MediaFormatException} naming the format, the size
 * and the limit: Ogg packets span pages, and the reader walks pages over one buffer.
 *
 * <p>The mapping is big-endian (the {@link ByteBuffer} default); readers of little-endian formats
 * use {@link LittleEndian}. The JDK unmaps when the buffer is collected; {@link #close()} closes the
 * channel and drops the reference.
 */
final class MappedMediaFile implements AutoCloseable {
    /** Largest file mapped: one {@link ByteBuffer} holds at most {@code Integer.MAX_VALUE} bytes. */
    static final long MAX_SIZE = Integer.MAX_VALUE;

    private final Path path;
    private FileChannel channel;
    private MappedByteBuffer map;

    /**
     * Maps {@code path}, a {@code format} file (named in the refusal of a file above {@link #MAX_SIZE}).
     */
    MappedMediaFile(Path path, String format) throws IOException {
        this.path = path;
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = ch.size();
            if (size > MAX_SIZE) {
                throw new MediaFormatException(path, 0, "file is " + size + " bytes; salvo reads " + format
                        + " files of at most " + MAX_SIZE + " bytes (2 GiB - 1), mapped in one piece (Annex B, MP4"
                        + " and IVF files may be of any size)");
            }
            map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
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

    /** The mapping of the whole file (capacity = file size). */
    ByteBuffer map() {
        if (map == null) {
            throw new IllegalStateException(path + " is closed");
        }
        return map;
    }

    /** File size in bytes. */
    int size() {
        return map().capacity();
    }

    /** Closes the channel; idempotent. */
    @Override
    public void close() throws IOException {
        map = null;
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
    }

    /** Whether {@code head} starts (at its position) with the ASCII bytes of {@code magic}. */
    static boolean startsWith(ByteBuffer head, String magic) {
        int p = head.position();
        if (head.remaining() < magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if (head.get(p + i) != (byte) magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code length} bytes at {@code index} (fewer if the buffer ends) as text for an error
     * message: printable ASCII as is, anything else as {@code \xNN}.
     */
    static String printable(ByteBuffer buffer, int index, int length) {
        int end = (int) Math.min((long) index + length, buffer.capacity());
        StringBuilder sb = new StringBuilder();
        for (int i = index; i < end; i++) {
            int b = buffer.get(i) & 0xFF;
            if (b >= 0x20 && b < 0x7F && b != '\\' && b != '\'') {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        return sb.toString();
    }
}

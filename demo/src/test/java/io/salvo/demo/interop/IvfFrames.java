package io.salvo.demo.interop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The layout of an IVF file, read independently of the reader under test: a 32-byte header
 * (fourcc at 8, timebase rate at 16 and scale at 20, little-endian), then per frame a 12-byte
 * header (size u32, pts u64) and the frame.
 */
final class IvfFrames {
    static final int HEADER_LENGTH = 32;
    static final int FRAME_HEADER_LENGTH = 12;

    /** One frame: where its 12-byte header starts, its size and pts, and its bytes. */
    record Frame(int headerOffset, int size, long pts, byte[] data) {
    }

    final byte[] file;
    final String fourcc;
    final long rate;
    final long scale;
    final List<Frame> frames = new ArrayList<>();

    private IvfFrames(byte[] file) {
        this.file = file;
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        fourcc = new String(file, 8, 4, StandardCharsets.US_ASCII);
        rate = b.getInt(16) & 0xFFFF_FFFFL;
        scale = b.getInt(20) & 0xFFFF_FFFFL;
        int at = HEADER_LENGTH;
        while (at + FRAME_HEADER_LENGTH <= file.length) {
            int size = b.getInt(at);
            long pts = b.getLong(at + 4);
            int start = at + FRAME_HEADER_LENGTH;
            frames.add(new Frame(at, size, pts, Arrays.copyOfRange(file, start, start + size)));
            at = start + size;
        }
        if (at != file.length) {
            throw new IllegalArgumentException("IVF file does not end at a frame boundary: " + at + " of " + file.length);
        }
    }

    /** Reads a complete IVF file. */
    static IvfFrames read(Path file) throws IOException {
        return new IvfFrames(Files.readAllBytes(file));
    }

    /**
     * Frames that are VP9 superframes (VP9 Annex B): the last byte is a marker {@code 110xxyyy} and
     * the same byte begins the index of {@code 2 + (xx + 1) * (yyy + 1)} bytes.
     */
    long vp9Superframes() {
        return frames.stream().filter(f -> {
            byte[] d = f.data();
            int marker = d[d.length - 1] & 0xFF;
            int index = 2 + ((marker >> 3 & 3) + 1) * ((marker & 7) + 1);
            return (marker & 0xE0) == 0xC0 && d.length >= index && (d[d.length - index] & 0xFF) == marker;
        }).count();
    }

    /** Writes an IVF file with this file's header, {@code frames} in place of its frames, and their pts. */
    void writeWithFrames(Path target, List<byte[]> frames) throws IOException {
        int total = HEADER_LENGTH + frames.stream().mapToInt(f -> FRAME_HEADER_LENGTH + f.length).sum();
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(file, 0, HEADER_LENGTH);
        out.putInt(24, frames.size());
        for (int i = 0; i < frames.size(); i++) {
            out.putInt(frames.get(i).length).putLong(this.frames.get(i).pts()).put(frames.get(i));
        }
        Files.write(target, out.array());
    }
}

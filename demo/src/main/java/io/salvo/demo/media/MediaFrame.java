package io.salvo.demo.media;

import java.nio.ByteBuffer;

/**
 * One frame (access unit, temporal unit, or Opus packet) read from a file: a view of the mapped
 * file, or of a pooled buffer in the rare case where a reader had to join pieces. Reused by the
 * reader for the next frame: the fields are valid until the next {@link MediaSource#next} call,
 * the bytes for as long as the source is open.
 */
public final class MediaFrame {
    /** The buffer holding the frame's bytes (the file mapping, usually). */
    public ByteBuffer buffer;
    /** Absolute index of the frame's first byte in {@link #buffer}. */
    public int offset;
    /** Length of the frame in bytes. */
    public int length;
    /** Presentation time in {@link MediaSource#timescale()} units. */
    public long pts;
    /** Decode time in {@link MediaSource#timescale()} units (equal to {@link #pts} without reordering). */
    public long dts;
    /** Whether the frame decodes on its own (IDR/IRAP, key frame, every Opus packet). */
    public boolean keyframe;
    /** 0-based index of the frame in the file. */
    public long index;
    /** Absolute byte offset of the frame in the file, for error messages. */
    public long fileOffset;

    /** Sets every field; returns this frame. */
    public MediaFrame set(ByteBuffer buffer, int offset, int length, long pts, long dts, boolean keyframe,
                          long index, long fileOffset) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.pts = pts;
        this.dts = dts;
        this.keyframe = keyframe;
        this.index = index;
        this.fileOffset = fileOffset;
        return this;
    }
}

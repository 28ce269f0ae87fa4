package io.salvo.rtp;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A view of {@code length} bytes at absolute index {@code offset} of a {@link ByteBuffer}: one
 * piece of a datagram, as GIO's {@code GOutputVector} (buffer + size). The bytes are not copied:
 * the vector refers to the caller's buffer, whose position and limit it never touches.
 *
 * <p>Vectors are mutable so that pooled packets can be refilled without allocating ({@link #set}).
 */
public final class OutputVector {
    private ByteBuffer buffer;
    private int offset;
    private int length;

    /** An empty vector (no buffer, length 0), to be {@link #set} before use. */
    public OutputVector() {
    }

    /**
     * A view of {@code length} bytes of {@code buffer} starting at absolute index {@code offset}.
     *
     * @throws NullPointerException      if {@code buffer} is null
     * @throws IndexOutOfBoundsException if the range does not fit in the buffer's capacity
     */
    public OutputVector(ByteBuffer buffer, int offset, int length) {
        set(buffer, offset, length);
    }

    /**
     * Points this vector at {@code length} bytes of {@code buffer} at absolute index {@code offset}.
     *
     * @return this vector
     * @throws NullPointerException      if {@code buffer} is null
     * @throws IndexOutOfBoundsException if the range does not fit in the buffer's capacity
     */
    public OutputVector set(ByteBuffer buffer, int offset, int length) {
        Objects.requireNonNull(buffer, "buffer");
        Bytes.checkRange("OutputVector", offset, length, buffer.capacity());
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** Points this vector at the same bytes as {@code other}. */
    public OutputVector set(OutputVector other) {
        this.buffer = other.buffer;
        this.offset = other.offset;
        this.length = other.length;
        return this;
    }

    /** Forgets the buffer (so a pooled vector does not keep a frame alive). */
    public void clear() {
        buffer = null;
        offset = 0;
        length = 0;
    }

    /** The buffer the bytes live in, or null for a cleared vector. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Absolute index of the first byte in {@link #buffer()}. */
    public int offset() {
        return offset;
    }

    /** Number of bytes. */
    public int length() {
        return length;
    }

    @Override
    public String toString() {
        return "OutputVector[offset=" + offset + ", length=" + length + ", direct="
                + (buffer != null && buffer.isDirect()) + "]";
    }
}

package io.salvo.rtp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One datagram to send: a destination and an ordered list of {@link OutputVector}s whose bytes
 * are concatenated on the wire, as GIO's {@code GOutputMessage}. A send fills in
 * {@link #bytesSent()}.
 *
 * <p>Reusable without allocation: the vectors are owned by the message and refilled in place;
 * the vector array grows only when more vectors are needed than ever before.
 *
 * <p>A message may carry a {@link #departureNanos() departure time}: the instant, on the
 * {@link System#nanoTime()} clock, before which the kernel should not put it on the wire. A
 * sender that hands it to the kernel (salvo's sendmmsg sender with {@code SO_TXTIME}) writes it
 * as an {@code SCM_TXTIME} control message; every other sender ignores it. On Linux
 * {@code System.nanoTime()} is {@code clock_gettime(CLOCK_MONOTONIC)} (HotSpot's
 * {@code os::javaTimeNanos} in {@code os_posix.cpp}), the clock {@code SO_TXTIME} is set to.
 */
public final class OutputMessage {
    private static final OutputVector[] NO_VECTORS = new OutputVector[0];

    private InetSocketAddress address;
    private OutputVector[] vectors;
    private int vectorCount;
    private int bytesSent;
    private long departureNanos;

    /** An empty message with no destination and no vectors. */
    public OutputMessage() {
        this.vectors = NO_VECTORS;
    }

    /**
     * A message to {@code address} ({@code null} on a connected socket) made of copies of the
     * given vectors (the vectors' bytes are not copied, only their buffer/offset/length).
     */
    public OutputMessage(InetSocketAddress address, OutputVector... vectors) {
        this.address = address;
        this.vectors = new OutputVector[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            this.vectors[i] = new OutputVector().set(vectors[i]);
        }
        this.vectorCount = vectors.length;
    }

    /** The destination, or null for the peer of a connected socket. */
    public InetSocketAddress address() {
        return address;
    }

    /** Sets the destination ({@code null} for a connected socket). */
    public OutputMessage address(InetSocketAddress address) {
        this.address = address;
        return this;
    }

    /** Number of vectors in this message. */
    public int vectorCount() {
        return vectorCount;
    }

    /**
     * Sets the number of vectors, growing the owned vector array if needed; vectors beyond the
     * previous count are fresh and must be {@link OutputVector#set set} before sending.
     */
    public OutputMessage vectorCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("vector count must be >= 0, was " + count);
        }
        ensureCapacity(count);
        for (int i = count; i < vectorCount; i++) {
            vectors[i].clear();
        }
        this.vectorCount = count;
        return this;
    }

    /** The vector at {@code index} ({@code 0 <= index < vectorCount()}). */
    public OutputVector vector(int index) {
        if (index < 0 || index >= vectorCount) {
            throw new IndexOutOfBoundsException("vector " + index + " of a message with " + vectorCount + " vectors");
        }
        return vectors[index];
    }

    /** Appends a vector over {@code length} bytes of {@code buffer} at {@code offset}. */
    public OutputMessage add(ByteBuffer buffer, int offset, int length) {
        ensureCapacity(vectorCount + 1);
        vectors[vectorCount].set(buffer, offset, length);
        vectorCount++;
        return this;
    }

    /** Appends a vector over the same bytes as {@code vector}. */
    public OutputMessage add(OutputVector vector) {
        ensureCapacity(vectorCount + 1);
        vectors[vectorCount].set(vector);
        vectorCount++;
        return this;
    }

    /** Makes this message a copy of {@code other}: same destination, same vectors (not bytes). */
    public OutputMessage set(OutputMessage other) {
        ensureCapacity(other.vectorCount);
        for (int i = 0; i < other.vectorCount; i++) {
            vectors[i].set(other.vectors[i]);
        }
        for (int i = other.vectorCount; i < vectorCount; i++) {
            vectors[i].clear();
        }
        this.vectorCount = other.vectorCount;
        this.address = other.address;
        this.departureNanos = other.departureNanos;
        this.bytesSent = 0;
        return this;
    }

    /** Removes all vectors, the destination and the departure time, and resets {@link #bytesSent()}. */
    public OutputMessage clear() {
        for (int i = 0; i < vectorCount; i++) {
            vectors[i].clear();
        }
        vectorCount = 0;
        address = null;
        departureNanos = 0;
        bytesSent = 0;
        return this;
    }

    /**
     * The earliest instant the message should leave, in {@link System#nanoTime()} units
     * ({@code CLOCK_MONOTONIC} on Linux); 0 (the default) for none: as soon as it is sent.
     */
    public long departureNanos() {
        return departureNanos;
    }

    /**
     * Sets the departure time (0: none). Only a sender whose kernel pacing is in use honours it
     * (see {@code SenderOptions.txTime}); a time in the past leaves at once.
     */
    public OutputMessage departureNanos(long nanos) {
        this.departureNanos = nanos;
        return this;
    }

    /** Total number of bytes in the vectors: the datagram's size. */
    public int length() {
        int total = 0;
        for (int i = 0; i < vectorCount; i++) {
            total += vectors[i].length();
        }
        return total;
    }

    /** Bytes the last send put on the wire for this message (0 if it was not sent). */
    public int bytesSent() {
        return bytesSent;
    }

    /** Records how many bytes a send put on the wire; for senders. */
    public void bytesSent(int bytes) {
        this.bytesSent = bytes;
    }

    private void ensureCapacity(int count) {
        if (count > vectors.length) {
            OutputVector[] grown = new OutputVector[Math.max(count, Math.max(4, vectors.length * 2))];
            System.arraycopy(vectors, 0, grown, 0, vectors.length);
            for (int i = vectors.length; i < grown.length; i++) {
                grown[i] = new OutputVector();
            }
            vectors = grown;
        }
    }

    @Override
    public String toString() {
        return "OutputMessage[to=" + address + ", vectors=" + vectorCount + ", length=" + length()
                + (departureNanos != 0 ? ", departureNanos=" + departureNanos : "") + ", bytesSent=" + bytesSent + "]";
    }
}

package io.salvo.demo.media;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The one place where a reader copies: packets that span Ogg pages, joined from their pieces into
 * pooled direct slabs. A joined packet keeps its bytes for as long as the source is open (frames
 * may still be queued for sending), so slabs are never overwritten; after a rewind the k-th join
 * reuses the k-th copy instead of copying again (the file does not change), so looping a file
 * copies each spanning packet once.
 */
final class JoinedPackets {
    /** Bytes per slab; a bigger packet gets a slab of its own size. */
    static final int SLAB_SIZE = 64 * 1024;

    private ByteBuffer slab;
    private ByteBuffer[] buffers = new ByteBuffer[8];
    private int[] offsets = new int[8];
    private int[] lengths = new int[8];
    private int count;
    private int cursor;
    private long bytesCopied;
    private ByteBuffer lastBuffer;
    private int lastOffset;

    /**
     * Joins the next spanning packet from {@code pieces} pieces of {@code map} ({@code [offset,
     * offset + length)} each, {@code total} bytes in all); then {@link #buffer()} and {@link #offset()}
     * say where it is.
     */
    void join(ByteBuffer map, int[] pieceOffsets, int[] pieceLengths, int pieces, int total) {
        if (cursor < count) {
            if (lengths[cursor] != total) {
                throw new IllegalStateException("joined packet " + cursor + " was " + lengths[cursor]
                        + " bytes and is now " + total + ": the file changed under its mapping");
            }
        } else {
            place(total);
            int p = lastOffset;
            for (int i = 0; i < pieces; i++) {
                lastBuffer.put(p, map, pieceOffsets[i], pieceLengths[i]);
                p += pieceLengths[i];
            }
            bytesCopied += total;
            append(lastBuffer, lastOffset, total);
        }
        lastBuffer = buffers[cursor];
        lastOffset = offsets[cursor];
        cursor++;
    }

    private void place(int total) {
        if (slab == null || slab.remaining() < total) {
            slab = ByteBuffer.allocateDirect(Math.max(SLAB_SIZE, total));
        }
        lastBuffer = slab;
        lastOffset = slab.position();
        slab.position(lastOffset + total);
    }

    private void append(ByteBuffer buffer, int offset, int length) {
        if (count == buffers.length) {
            buffers = Arrays.copyOf(buffers, count * 2);
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        buffers[count] = buffer;
        offsets[count] = offset;
        lengths[count] = length;
        count++;
    }

    /** The buffer holding the last joined packet. */
    ByteBuffer buffer() {
        return lastBuffer;
    }

    /** Index of the last joined packet's first byte in {@link #buffer()}. */
    int offset() {
        return lastOffset;
    }

    /** Distinct packets joined (copied) so far; a rewind does not copy them again. */
    int joined() {
        return count;
    }

    /** Bytes copied so far. */
    long bytesCopied() {
        return bytesCopied;
    }

    /** Starts a new pass over the file: the next join is the first one again. */
    void rewind() {
        cursor = 0;
    }

    /** Drops every slab. */
    void release() {
        slab = null;
        lastBuffer = null;
        Arrays.fill(buffers, null);
        count = 0;
        cursor = 0;
    }
}

package io.salvo.srtp;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Native base addresses of direct buffers, looked up once per buffer
 * ({@code Native.getDirectBufferPointer} allocates a {@code Pointer}) and remembered by identity
 * in a small ring: a context sees few distinct buffers at a time (the output slots' slab, the
 * header slab, the frame being packetized), so a packet costs a few reference comparisons.
 * Remembered buffers stay reachable until pushed out by newer ones or {@link #clear()}.
 */
final class DirectAddresses {
    static final int CAPACITY = 16;

    private final ByteBuffer[] buffers = new ByteBuffer[CAPACITY];
    private final long[] addresses = new long[CAPACITY];
    private int next;
    private long lookups;

    /** Base address (byte 0) of the direct {@code buffer}. */
    long of(ByteBuffer buffer) {
        ByteBuffer[] b = buffers;
        for (int i = 0; i < CAPACITY; i++) {
            if (b[i] == buffer) {
                return addresses[i];
            }
        }
        return remember(buffer);
    }

    private long remember(ByteBuffer buffer) {
        long address = Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
        if (address == 0) {
            throw new IllegalArgumentException("direct buffer without a native address: " + buffer);
        }
        int slot = next;
        next = (next + 1) & (CAPACITY - 1);
        buffers[slot] = buffer;
        addresses[slot] = address;
        lookups++;
        return address;
    }

    /** Buffers looked up so far (each one allocated a JNA {@code Pointer}). */
    long lookups() {
        return lookups;
    }

    /** Forgets every buffer. */
    void clear() {
        Arrays.fill(buffers, null);
        next = 0;
    }
}

package io.salvo.sender;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * Native base addresses of direct buffers, looked up once per buffer ({@code
 * Native.getDirectBufferPointer}) and cached by buffer identity, so a batch whose packets share
 * a few slabs and frames costs a few lookups, not one per packet.
 *
 * <p>Bounded: when it holds {@link #LIMIT} buffers it forgets them all and starts again. Clearing
 * is always safe because an address already written into an iovec stays valid while its
 * message (which references the buffer) is being sent. The cache keeps at most {@code LIMIT}
 * buffers reachable; {@link #clear()} drops them.
 */
final class BufferAddresses {
    static final int LIMIT = 128;

    private final IdentitySlots slots = new IdentitySlots(LIMIT * 2);
    private final long[] addresses = new long[LIMIT * 2];

    // the two buffers looked up last (a batch alternates header slab and frame), checked first
    private ByteBuffer recent;
    private long recentAddress;
    private ByteBuffer previous;
    private long previousAddress;

    /** Base address (byte 0) of the direct {@code buffer}. */
    long addressOf(ByteBuffer buffer) {
        return buffer == recent ? recentAddress : buffer == previous ? previousAddress : remember(buffer);
    }

    private long remember(ByteBuffer buffer) {
        long address = lookUp(buffer);
        previous = recent;
        previousAddress = recentAddress;
        recent = buffer;
        recentAddress = address;
        return address;
    }

    private long lookUp(ByteBuffer buffer) {
        int slot = slots.find(buffer);
        if (slot >= 0) {
            return addresses[slot];
        }
        if (slots.size() >= LIMIT) {
            slots.clear();
            slot = slots.find(buffer);
        }
        long address = Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
        if (address == 0) {
            throw new IllegalArgumentException("direct buffer without an address: " + buffer);
        }
        int free = -slot - 1;
        slots.put(free, buffer);
        addresses[free] = address;
        return address;
    }

    /** Number of buffers remembered. */
    int size() {
        return slots.size();
    }

    /** Forgets every buffer. */
    void clear() {
        recent = null;
        previous = null;
        slots.clear();
    }
}

package io.salvo.sender;

import java.util.Arrays;

/**
 * An open-addressing table of object identities: maps a key (compared with {@code ==}) to a
 * fixed slot index, so that callers keep per-slot values in parallel arrays or native memory.
 * Keys are held strongly until {@link #clear()}; the table never grows, its owner clears it when
 * {@link #size()} passes its own bound (never while a slot index is still in use).
 */
final class IdentitySlots {
    private final Object[] keys;
    private final int mask;
    private int size;

    /** A table of {@code capacity} slots, a power of two. */
    IdentitySlots(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 2, was " + capacity);
        }
        this.keys = new Object[capacity];
        this.mask = capacity - 1;
    }

    /**
     * The slot of {@code key} if present, else {@code -(free slot) - 1}: the slot to
     * {@link #put} it in.
     *
     * @throws IllegalStateException if the table is full and the key absent
     */
    int find(Object key) {
        int slot = spread(System.identityHashCode(key)) & mask;
        for (int probes = 0; probes <= mask; probes++) {
            Object k = keys[slot];
            if (k == key) {
                return slot;
            }
            if (k == null) {
                return -slot - 1;
            }
            slot = (slot + 1) & mask;
        }
        throw new IllegalStateException("identity table full (" + keys.length + " slots)");
    }

    /** Stores {@code key} in the free {@code slot} returned (negated) by {@link #find}. */
    void put(int slot, Object key) {
        keys[slot] = key;
        size++;
    }

    /** Number of keys held. */
    int size() {
        return size;
    }

    /** Number of slots. */
    int capacity() {
        return keys.length;
    }

    /** Forgets every key. */
    void clear() {
        if (size > 0) {
            Arrays.fill(keys, null);
            size = 0;
        }
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}

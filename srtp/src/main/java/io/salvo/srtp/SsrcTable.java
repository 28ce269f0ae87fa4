package io.salvo.srtp;

import java.util.Arrays;

/**
 * Per-SSRC state by open addressing (linear probing) over 32-bit SSRCs: a lookup is a multiply,
 * a mask and usually one comparison. It allocates only when an SSRC is added and the table
 * doubles (at half full). Single-threaded; entries are never removed.
 *
 * @param <T> the state kept per SSRC
 */
final class SsrcTable<T> {
    private int[] ssrcs;
    private Object[] values;
    private int mask;
    private int size;

    /** An empty table with room for {@code expected} SSRCs before it grows. */
    SsrcTable(int expected) {
        int capacity = Math.max(8, Integer.highestOneBit(Math.max(1, expected * 2 - 1)) << 1);
        ssrcs = new int[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
    }

    /** The state of {@code ssrc} (low 32 bits used), or null. */
    @SuppressWarnings("unchecked")
    T get(long ssrc) {
        int key = (int) ssrc;
        for (int slot = spread(key) & mask; ; slot = (slot + 1) & mask) {
            Object value = values[slot];
            if (value == null) {
                return null;
            }
            if (ssrcs[slot] == key) {
                return (T) value;
            }
        }
    }

    /** Adds the state of an SSRC that is not in the table yet. */
    void put(long ssrc, T value) {
        if (value == null) {
            throw new NullPointerException("value");
        }
        if (2 * (size + 1) > values.length) {
            grow();
        }
        insert((int) ssrc, value);
        size++;
    }

    /** Number of SSRCs. */
    int size() {
        return size;
    }

    /** Forgets every SSRC. */
    void clear() {
        Arrays.fill(values, null);
        size = 0;
    }

    private void insert(int key, Object value) {
        int slot = spread(key) & mask;
        while (values[slot] != null) {
            if (ssrcs[slot] == key) {
                throw new IllegalStateException("SSRC " + Integer.toUnsignedString(key) + " already in the table");
            }
            slot = (slot + 1) & mask;
        }
        ssrcs[slot] = key;
        values[slot] = value;
    }

    private void grow() {
        int[] oldSsrcs = ssrcs;
        Object[] oldValues = values;
        ssrcs = new int[oldSsrcs.length * 2];
        values = new Object[oldValues.length * 2];
        mask = values.length - 1;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                insert(oldSsrcs[i], oldValues[i]);
            }
        }
    }

    private static int spread(int key) {
        int h = key * 0x9E37_79B9;
        return h ^ (h >>> 16);
    }
}

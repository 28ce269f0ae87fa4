package io.salvo.demo.receive;

import java.util.Arrays;

/**
 * Values by SSRC in insertion order, found by an open-addressing hash on the unsigned 32-bit
 * SSRC: no boxing and no allocation per lookup, only when a value is added and the table grows.
 * Entries are never removed. One thread uses it.
 *
 * @param <T> the value kept per SSRC
 */
final class SsrcMap<T> {
    private static final int INITIAL_CAPACITY = 16;

    private long[] keys = new long[INITIAL_CAPACITY];
    private Object[] slots = new Object[INITIAL_CAPACITY];
    private Object[] ordered = new Object[INITIAL_CAPACITY];
    private int size;

    /** The value of {@code ssrc}, or null. */
    @SuppressWarnings("unchecked")
    T get(long ssrc) {
        int mask = keys.length - 1;
        for (int index = hash(ssrc) & mask; ; index = (index + 1) & mask) {
            Object value = slots[index];
            if (value == null || keys[index] == ssrc) {
                return (T) value;
            }
        }
    }

    /**
     * Adds {@code value} for {@code ssrc}, which has none yet, last in order.
     *
     * @throws IllegalStateException if ssrc already has a value
     */
    void add(long ssrc, T value) {
        if (get(ssrc) != null) {
            throw new IllegalStateException("SSRC " + ssrc + " is already in the map");
        }
        if (size == ordered.length) {
            ordered = Arrays.copyOf(ordered, size * 2);
        }
        ordered[size++] = value;
        if (size * 2 > keys.length) {
            long[] oldKeys = keys;
            Object[] oldSlots = slots;
            keys = new long[oldKeys.length * 2];
            slots = new Object[oldKeys.length * 2];
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldSlots[i] != null) {
                    place(oldKeys[i], oldSlots[i]);
                }
            }
        }
        place(ssrc, value);
    }

    /** Number of values. */
    int size() {
        return size;
    }

    /** The {@code index}-th value in insertion order. */
    @SuppressWarnings("unchecked")
    T at(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("entry " + index + " of " + size);
        }
        return (T) ordered[index];
    }

    private void place(long ssrc, Object value) {
        int mask = keys.length - 1;
        int index = hash(ssrc) & mask;
        while (slots[index] != null) {
            index = (index + 1) & mask;
        }
        keys[index] = ssrc;
        slots[index] = value;
    }

    private static int hash(long ssrc) {
        return (int) ((ssrc * 0x9E37_79B9_7F4A_7C15L) >>> 32);
    }
}

package io.salvo.packetizer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The latest parameter sets (VPS, SPS, PPS) a packetizer has seen, one per NAL type and id, in
 * a direct buffer the packetizer owns so it can send them before a keyframe that lacks them.
 *
 * <p>A change (a new id, or new bytes under a known id) copies the sets into a <em>new</em>
 * buffer: packets already made may still point into the old one, which is therefore never
 * written again. An unchanged repeat (the usual case: the same SPS/PPS before every IDR) copies
 * nothing and allocates nothing.
 */
public final class ParameterSets {
    /** Most sets kept; H.265 allows 16 VPS + 16 SPS + 64 PPS, real streams use a handful. */
    public static final int MAX_SETS = 96;

    private final int[] types = new int[MAX_SETS];
    private final int[] ids = new int[MAX_SETS];
    private final int[] offsets = new int[MAX_SETS];
    private final int[] lengths = new int[MAX_SETS];
    private int count;
    private ByteBuffer storage = ByteBuffer.allocateDirect(0);
    private int version;

    /** Number of sets kept. */
    public int count() {
        return count;
    }

    /** NAL unit type of set {@code index}. */
    public int type(int index) {
        return types[index];
    }

    /** Parameter set id of set {@code index}. */
    public int id(int index) {
        return ids[index];
    }

    /** The buffer holding every set (replaced, never rewritten, when a set changes). */
    public ByteBuffer buffer() {
        return storage;
    }

    /** Absolute offset of set {@code index} in {@link #buffer()}. */
    public int offset(int index) {
        return offsets[index];
    }

    /** Length of set {@code index} (its NAL header included). */
    public int length(int index) {
        return lengths[index];
    }

    /** Incremented on every change. */
    public int version() {
        return version;
    }

    /** True if a set of NAL type {@code type} is kept. */
    public boolean contains(int type) {
        return first(type) >= 0;
    }

    /**
     * Keeps the {@code length}-byte NAL unit at {@code offset} of {@code source} as the set of
     * type {@code type} and id {@code id}, replacing one of the same type and id.
     *
     * @return true if anything changed
     * @throws IllegalStateException if {@link #MAX_SETS} distinct sets are already kept
     */
    public boolean update(int type, int id, ByteBuffer source, int offset, int length) {
        int index = indexOf(type, id);
        if (index >= 0 && same(index, source, offset, length)) {
            return false;
        }
        if (index < 0 && count == MAX_SETS) {
            throw new IllegalStateException("more than " + MAX_SETS + " distinct parameter sets");
        }
        int total = length;
        for (int i = 0; i < count; i++) {
            total += i == index ? 0 : lengths[i];
        }
        ByteBuffer grown = ByteBuffer.allocateDirect(total);
        int at = 0;
        for (int i = 0; i < count; i++) {
            if (i == index) {
                at = copy(source, offset, length, grown, at, i);
            } else {
                at = copy(storage, offsets[i], lengths[i], grown, at, i);
            }
        }
        if (index < 0) {
            types[count] = type;
            ids[count] = id;
            copy(source, offset, length, grown, at, count);
            count++;
        }
        storage = grown;
        version++;
        return true;
    }

    /** A copy of set {@code index}'s bytes. */
    public byte[] bytes(int index) {
        byte[] bytes = new byte[lengths[index]];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = storage.get(offsets[index] + i);
        }
        return bytes;
    }

    /** Base64 (RFC 4648, padded) of every set of NAL type {@code type}, comma-separated, for SDP. */
    public String base64(int type) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (types[i] == type) {
                parts.add(Base64.getEncoder().encodeToString(bytes(i)));
            }
        }
        return String.join(",", parts);
    }

    /** Index of the first set of type {@code type}, or -1. */
    public int first(int type) {
        for (int i = 0; i < count; i++) {
            if (types[i] == type) {
                return i;
            }
        }
        return -1;
    }

    private int copy(ByteBuffer from, int fromOffset, int length, ByteBuffer to, int at, int index) {
        for (int i = 0; i < length; i++) {
            to.put(at + i, from.get(fromOffset + i));
        }
        offsets[index] = at;
        lengths[index] = length;
        return at + length;
    }

    private boolean same(int index, ByteBuffer source, int offset, int length) {
        if (lengths[index] != length) {
            return false;
        }
        int base = offsets[index];
        for (int i = 0; i < length; i++) {
            if (storage.get(base + i) != source.get(offset + i)) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(int type, int id) {
        for (int i = 0; i < count; i++) {
            if (types[i] == type && ids[i] == id) {
                return i;
            }
        }
        return -1;
    }
}

package io.salvo.demo.media;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/** Finds, patches and builds ISO-BMFF boxes in test files; written apart from the reader it judges. */
final class Mp4Bytes {
    private static final Set<String> SAMPLE_ENTRIES = Set.of("avc1", "avc3", "hvc1", "hev1");

    private Mp4Bytes() {
    }

    /**
     * Offset of the box reached by following {@code types} from the top level ({@code "moov",
     * "trak", "mdia"}), taking the first box of each type; -1 when there is none.
     */
    static int find(byte[] file, String... types) {
        int start = 0;
        int end = file.length;
        int found = -1;
        String parent = "";
        for (String type : types) {
            found = -1;
            int p = start + skip(parent);
            while (p + 8 <= end) {
                long size = u32(file, p);
                int header = 8;
                if (size == 1) {
                    size = ByteBuffer.wrap(file).getLong(p + 8);
                    header = 16;
                } else if (size == 0) {
                    size = end - p;
                }
                if (type.equals(new String(file, p + 4, 4, StandardCharsets.ISO_8859_1))) {
                    found = p;
                    start = p + header;
                    end = (int) Math.min(end, p + size);
                    break;
                }
                p += (int) size;
            }
            if (found < 0) {
                return -1;
            }
            parent = type;
        }
        return found;
    }

    /** Bytes between a box's header and its first child. */
    private static int skip(String type) {
        return type.equals("stsd") ? 8 : SAMPLE_ENTRIES.contains(type) ? 78 : 0;
    }

    /** Replaces the box at the end of {@code types} with {@code box}, fixing the 32-bit sizes of its ancestors. */
    static byte[] replace(byte[] file, byte[] box, String... types) {
        int at = find(file, types);
        int oldSize = (int) u32(file, at);
        int delta = box.length - oldSize;
        for (int depth = 1; depth < types.length; depth++) {
            int ancestor = find(file, Arrays.copyOf(types, depth));
            put32(file, ancestor, u32(file, ancestor) + delta);
        }
        byte[] out = new byte[file.length + delta];
        System.arraycopy(file, 0, out, 0, at);
        System.arraycopy(box, 0, out, at, box.length);
        System.arraycopy(file, at + oldSize, out, at + box.length, file.length - at - oldSize);
        return out;
    }

    /** The whole box at {@code offset}. */
    static byte[] box(byte[] file, int offset) {
        return Arrays.copyOfRange(file, offset, offset + (int) u32(file, offset));
    }

    /** A box of {@code type} holding {@code parts}. */
    static byte[] box(String type, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            body.writeBytes(part);
        }
        ByteBuffer b = ByteBuffer.allocate(8 + body.size());
        b.putInt(8 + body.size()).put(type.getBytes(StandardCharsets.ISO_8859_1)).put(body.toByteArray());
        return b.array();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] u16(int v) {
        return ByteBuffer.allocate(2).putShort((short) v).array();
    }

    static byte[] u32(long v) {
        return ByteBuffer.allocate(4).putInt((int) v).array();
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static long u32(byte[] b, int offset) {
        return ByteBuffer.wrap(b).getInt(offset) & 0xFFFF_FFFFL;
    }

    static void put32(byte[] b, int offset, long value) {
        ByteBuffer.wrap(b).putInt(offset, (int) value);
    }
}

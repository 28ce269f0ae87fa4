package io.salvo.demo.media;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds Ogg pages by hand for tests, with its own bit-by-bit CRC (apart from the reader's table). */
final class OggWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /**
     * Appends a page; {@code lacing} is its segment table and {@code body} the segments' bytes.
     * Returns the page's offset in the file.
     */
    int page(int headerType, long granule, long serial, long sequence, int[] lacing, byte[] body) {
        int at = out.size();
        ByteBuffer page = ByteBuffer.allocate(27 + lacing.length + body.length).order(ByteOrder.LITTLE_ENDIAN);
        page.put("OggS".getBytes(StandardCharsets.ISO_8859_1))   // capture pattern
            .put((byte) 0)                                        // version
            .put((byte) headerType)                               // header type flags
            .putLong(granule)                                     // granule position
            .putInt((int) serial)                                 // serial number
            .putInt((int) sequence)                               // page sequence number
            .putInt(0)                                            // CRC, filled below
            .put((byte) lacing.length);                           // segment count
        for (int l : lacing) {
            page.put((byte) l);                                   // segment table
        }
        page.put(body);
        page.putInt(22, crc(page.array()));
        out.writeBytes(page.array());
        return at;
    }

    /** The file so far. */
    byte[] bytes() {
        return out.toByteArray();
    }

    /** CRC-32, polynomial 0x04C11DB7, MSB first, initial 0, no final XOR, bit by bit. */
    static int crc(byte[] data) {
        int r = 0;
        for (byte b : data) {
            r ^= (b & 0xFF) << 24;
            for (int i = 0; i < 8; i++) {
                r = (r & 0x8000_0000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            }
        }
        return r;
    }

    /** Bytes from text (ISO-8859-1) and byte values, in order. */
    static byte[] concat(Object... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String) {
                b.writeBytes(((String) part).getBytes(StandardCharsets.ISO_8859_1));
            } else if (part instanceof byte[]) {
                b.writeBytes((byte[]) part);
            } else {
                b.write((Integer) part);
            }
        }
        return b.toByteArray();
    }

    /** {@code length} bytes: {@code first}, then 1, 2, 3... (mod 256). */
    static byte[] packet(int first, int length) {
        byte[] p = new byte[length];
        p[0] = (byte) first;
        for (int i = 1; i < length; i++) {
            p[i] = (byte) i;
        }
        return p;
    }

    static byte[] le16(int v) {
        return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array();
    }

    static byte[] le32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }
}

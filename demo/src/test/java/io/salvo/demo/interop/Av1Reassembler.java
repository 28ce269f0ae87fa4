package io.salvo.demo.interop;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * A minimal AV1 RTP receiver (AOM "RTP Payload Format for AV1" v1.0 §4.4, §7): reads each
 * payload's aggregation header ({@code Z|Y|W|N}) and OBU elements (LEB128 length, or for the
 * W-th element the rest of the packet), joins fragments across packets, and writes each OBU
 * with {@code obu_has_size_field = 1} and a minimal LEB128 {@code obu_size}, as a decoder is
 * given them. Also the expected side: {@link #rewrite} applies the spec's sender rules to a
 * temporal unit from a file. (The packetizer module has a fuller one in its tests; test classes
 * are not shared between modules.)
 */
final class Av1Reassembler {
    static final int Z = 0x80, Y = 0x40, N = 0x08;
    static final int OBU_TEMPORAL_DELIMITER = 2, OBU_TILE_LIST = 8, OBU_PADDING = 15;
    private static final int OBU_HAS_SIZE_FIELD = 0x02, OBU_EXTENSION_FLAG = 0x04;

    private Av1Reassembler() {
    }

    /** The OBUs carried by the RTP payloads of one temporal unit, in order. */
    static byte[] temporalUnit(List<byte[]> payloads) {
        ByteArrayOutputStream unit = new ByteArrayOutputStream();
        ByteArrayOutputStream open = null;
        for (int n = 0; n < payloads.size(); n++) {
            byte[] payload = payloads.get(n);
            int header = payload[0] & 0xFF;
            int w = header >>> 4 & 3;
            if (((header & Z) != 0) != (open != null)) {
                throw new AssertionError("packet " + n + " of the temporal unit: Z=" + ((header & Z) != 0)
                        + " but a fragment is " + (open == null ? "not " : "") + "open");
            }
            int at = 1;
            for (int element = 1; at < payload.length; element++) {
                int length;
                if (element == w) {
                    length = payload.length - at;
                } else {
                    long[] leb = leb128(payload, at);
                    length = (int) leb[0];
                    at = (int) leb[1];
                }
                if (length <= 0 || at + length > payload.length) {
                    throw new AssertionError("packet " + n + ": element " + element + " of " + length
                            + " bytes at " + at + " of " + payload.length);
                }
                open = open == null ? new ByteArrayOutputStream() : open;
                open.write(payload, at, length);
                at += length;
                if (at < payload.length || (header & Y) == 0) {
                    writeObu(unit, open.toByteArray());
                    open = null;
                }
                if (element == w && at != payload.length) {
                    throw new AssertionError("packet " + n + ": W=" + w + " but more bytes follow");
                }
            }
        }
        if (open != null) {
            throw new AssertionError("the temporal unit's last packet ends inside a fragment (Y=1)");
        }
        return unit.toByteArray();
    }

    /**
     * A temporal unit from a file as the spec has it sent (§5): temporal delimiters, tile lists and
     * padding removed, the other OBUs each with {@code obu_has_size_field = 1} and a minimal size.
     */
    static byte[] rewrite(byte[] unit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < unit.length) {
            int header = unit[at] & 0xFF;
            int headerLength = (header & OBU_EXTENSION_FLAG) != 0 ? 2 : 1;
            int payload = at + headerLength;
            long size = unit.length - payload;
            if ((header & OBU_HAS_SIZE_FIELD) != 0) {
                long[] leb = leb128(unit, payload);
                size = leb[0];
                payload = (int) leb[1];
            }
            int type = header >>> 3 & 0xF;
            if (type != OBU_TEMPORAL_DELIMITER && type != OBU_TILE_LIST && type != OBU_PADDING) {
                ByteArrayOutputStream element = new ByteArrayOutputStream();
                element.write(header & ~OBU_HAS_SIZE_FIELD);
                element.write(unit, at + 1, headerLength - 1);
                element.write(unit, payload, (int) size);
                writeObu(out, element.toByteArray());
            }
            at = payload + (int) size;
        }
        return out.toByteArray();
    }

    /** Writes an OBU element (header without size field, then payload) with a size field. */
    private static void writeObu(ByteArrayOutputStream out, byte[] element) {
        int header = element[0] & 0xFF;
        if ((header & OBU_HAS_SIZE_FIELD) != 0) {
            throw new AssertionError("an OBU element on the wire has obu_has_size_field set");
        }
        int headerLength = (header & OBU_EXTENSION_FLAG) != 0 ? 2 : 1;
        out.write(header | OBU_HAS_SIZE_FIELD);
        out.write(element, 1, headerLength - 1);
        int size = element.length - headerLength;
        do {
            int b = size & 0x7F;
            size >>>= 7;
            out.write(size != 0 ? b | 0x80 : b);
        } while (size != 0);
        out.write(element, headerLength, element.length - headerLength);
    }

    /** The LEB128 value at {@code at} and the index after it. */
    private static long[] leb128(byte[] bytes, int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            int b = bytes[at++] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return new long[] {value, at};
            }
        }
        throw new AssertionError("LEB128 longer than 8 bytes at " + (at - 8));
    }
}

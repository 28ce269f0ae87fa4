package io.salvo.packetizer;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-scope AV1 depacketizer (AOM RTP payload format v1.0): reads aggregation headers and OBU
 * elements, joins fragments (Z/Y), and returns the temporal unit's OBUs in low-overhead format
 * with {@code obu_has_size_field = 1} and a minimal LEB128 {@code obu_size}, as a decoder gets
 * them.
 */
final class Av1Depacketizer {
    /** One parsed aggregation header. */
    static final class Aggregation {
        boolean z, y, n;
        int w;
        final List<Integer> elementLengths = new ArrayList<>();
        final List<Boolean> lengthPrefixed = new ArrayList<>();
    }

    final List<Aggregation> aggregations = new ArrayList<>();

    /** The temporal unit carried by {@code datagrams} (one unit's packets, in order). */
    byte[] temporalUnit(List<byte[]> datagrams) {
        ByteArrayOutputStream unit = new ByteArrayOutputStream();
        ByteArrayOutputStream obu = null;
        for (int n = 0; n < datagrams.size(); n++) {
            byte[] payload = VpxPackets.payload(datagrams.get(n));
            Aggregation a = new Aggregation();
            aggregations.add(a);
            int header = payload[0] & 0xFF;
            a.z = (header & 0x80) != 0;
            a.y = (header & 0x40) != 0;
            a.w = (header >>> 4) & 3;
            a.n = (header & 0x08) != 0;
            if (a.z != (obu != null)) {
                throw new AssertionError("packet " + n + ": Z=" + a.z + " but a fragment is " + (obu == null ? "not " : "")
                        + "open");
            }
            int at = 1;
            int element = 0;
            while (at < payload.length) {
                boolean lastByCount = a.w != 0 && element == a.w - 1;
                int length;
                if (lastByCount) {
                    length = payload.length - at;
                } else {
                    long leb = 0;
                    int shift = 0;
                    int b;
                    do {
                        b = payload[at++] & 0xFF;
                        leb |= (long) (b & 0x7F) << shift;
                        shift += 7;
                    } while ((b & 0x80) != 0);
                    length = (int) leb;
                }
                a.elementLengths.add(length);
                a.lengthPrefixed.add(!lastByCount);
                if (obu == null) {
                    obu = new ByteArrayOutputStream();
                }
                obu.write(payload, at, length);
                at += length;
                boolean lastElement = at >= payload.length;
                if (!(lastElement && a.y)) {
                    writeObu(unit, obu.toByteArray());
                    obu = null;
                }
                element++;
            }
            if (a.w != 0 && element != a.w) {
                throw new AssertionError("packet " + n + ": W=" + a.w + " but " + element + " elements");
            }
        }
        if (obu != null) {
            throw new AssertionError("last packet ends inside a fragment (Y=1)");
        }
        return unit.toByteArray();
    }

    /** Writes an OBU (header without size field, payload) with obu_has_size_field=1 and obu_size. */
    static void writeObu(ByteArrayOutputStream out, byte[] element) {
        int header = element[0] & 0xFF;
        int headerLength = (header & 0x04) != 0 ? 2 : 1;
        if ((header & 0x02) != 0) {
            throw new AssertionError("OBU element still has obu_has_size_field set");
        }
        out.write(header | 0x02);
        if (headerLength == 2) {
            out.write(element[1]);
        }
        int size = element.length - headerLength;
        do {
            int b = size & 0x7F;
            size >>>= 7;
            out.write(size != 0 ? b | 0x80 : b);
        } while (size != 0);
        out.write(element, headerLength, element.length - headerLength);
    }

    /**
     * What the spec makes of a temporal unit: temporal delimiters, tile lists and padding
     * removed, every other OBU with obu_has_size_field = 1 and a minimal obu_size.
     */
    static byte[] rewrite(byte[] unit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < unit.length) {
            int header = unit[at] & 0xFF;
            int type = (header >>> 3) & 0xF;
            int headerLength = (header & 0x04) != 0 ? 2 : 1;
            int p = at + headerLength;
            long size;
            if ((header & 0x02) != 0) {
                size = 0;
                int shift = 0;
                int b;
                do {
                    b = unit[p++] & 0xFF;
                    size |= (long) (b & 0x7F) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0);
            } else {
                size = unit.length - p;
            }
            if (type != 2 && type != 8 && type != 15) {
                byte[] element = new byte[headerLength + (int) size];
                element[0] = (byte) (header & ~0x02);
                if (headerLength == 2) {
                    element[1] = unit[at + 1];
                }
                System.arraycopy(unit, p, element, headerLength, (int) size);
                writeObu(out, element);
            }
            at = p + (int) size;
        }
        return out.toByteArray();
    }
}

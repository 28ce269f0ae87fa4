package io.salvo.packetizer;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-scope VP9 depacketizer (RFC 9628): parses each payload descriptor (flexible and
 * non-flexible mode, scalability structure) and joins payloads into frames from B to E, and
 * frames into a picture up to the marker.
 */
final class Vp9Depacketizer {
    /** One parsed payload descriptor. */
    static final class Descriptor {
        boolean i, p, l, f, b, e, v, z;
        int pictureId = -1;
        int tid = -1, sid = -1, tl0PicIdx = -1;
        final List<Integer> pDiffs = new ArrayList<>();
        int spatialLayers;
        int width = -1, height = -1;
        boolean pictureGroup;
        int length;
    }

    static Descriptor descriptor(byte[] payload) {
        Descriptor d = new Descriptor();
        int at = 0;
        int b0 = payload[at++] & 0xFF;
        d.i = (b0 & 0x80) != 0;
        d.p = (b0 & 0x40) != 0;
        d.l = (b0 & 0x20) != 0;
        d.f = (b0 & 0x10) != 0;
        d.b = (b0 & 0x08) != 0;
        d.e = (b0 & 0x04) != 0;
        d.v = (b0 & 0x02) != 0;
        d.z = (b0 & 0x01) != 0;
        if (d.i) {
            int m = payload[at++] & 0xFF;
            d.pictureId = (m & 0x80) != 0 ? (m & 0x7F) << 8 | (payload[at++] & 0xFF) : m;
        }
        if (d.l) {
            int layer = payload[at++] & 0xFF;
            d.tid = layer >>> 5;
            d.sid = (layer >>> 1) & 7;
            if (!d.f) {
                d.tl0PicIdx = payload[at++] & 0xFF;
            }
        }
        if (d.f && d.p) {
            int diff;
            do {
                diff = payload[at++] & 0xFF;
                d.pDiffs.add(diff >>> 1);
            } while ((diff & 1) != 0);
        }
        if (d.v) {
            int ss = payload[at++] & 0xFF;
            d.spatialLayers = (ss >>> 5) + 1;
            d.pictureGroup = (ss & 0x08) != 0;
            if ((ss & 0x10) != 0) {
                d.width = (payload[at] & 0xFF) << 8 | (payload[at + 1] & 0xFF);
                d.height = (payload[at + 2] & 0xFF) << 8 | (payload[at + 3] & 0xFF);
                at += 4 * d.spatialLayers;
            }
            if (d.pictureGroup) {
                int groups = payload[at++] & 0xFF;
                for (int g = 0; g < groups; g++) {
                    int entry = payload[at++] & 0xFF;
                    at += (entry >>> 2) & 3;
                }
            }
        }
        d.length = at;
        return d;
    }

    /** The frames of one picture carried by {@code datagrams}, checking B/E/marker placement. */
    static List<byte[]> frames(List<byte[]> datagrams) {
        List<byte[]> frames = new ArrayList<>();
        ByteArrayOutputStream out = null;
        for (int n = 0; n < datagrams.size(); n++) {
            byte[] payload = VpxPackets.payload(datagrams.get(n));
            Descriptor d = descriptor(payload);
            if (d.b != (out == null)) {
                throw new AssertionError("packet " + n + ": B=" + d.b + " but a frame is " + (out == null ? "not " : "")
                        + "open");
            }
            if (d.b) {
                out = new ByteArrayOutputStream();
            }
            out.write(payload, d.length, payload.length - d.length);
            if (d.e) {
                frames.add(out.toByteArray());
                out = null;
            }
            if (VpxPackets.marker(datagrams.get(n)) != (n == datagrams.size() - 1)) {
                throw new AssertionError("packet " + n + ": marker misplaced");
            }
        }
        if (out != null) {
            throw new AssertionError("last frame has no E bit");
        }
        return frames;
    }
}

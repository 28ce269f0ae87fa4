package io.salvo.packetizer;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Test-scope VP8 depacketizer (RFC 7741): parses each packet's payload descriptor and joins the
 * payloads of a frame, from the packet with S=1 and PID=0 to the one with the marker.
 */
final class Vp8Depacketizer {
    /** One parsed payload descriptor. */
    static final class Descriptor {
        boolean extended;
        boolean nonReference;
        boolean start;
        int partition;
        int pictureId = -1;
        int pictureIdBits;
        int tl0PicIdx = -1;
        int tid = -1;
        boolean layerSync;
        int length;
    }

    static Descriptor descriptor(byte[] payload) {
        Descriptor d = new Descriptor();
        int at = 0;
        int b0 = payload[at++] & 0xFF;
        d.extended = (b0 & 0x80) != 0;
        d.nonReference = (b0 & 0x20) != 0;
        d.start = (b0 & 0x10) != 0;
        d.partition = b0 & 7;
        if (d.extended) {
            int x = payload[at++] & 0xFF;
            if ((x & 0x80) != 0) {
                int p = payload[at++] & 0xFF;
                if ((p & 0x80) != 0) {
                    d.pictureId = (p & 0x7F) << 8 | (payload[at++] & 0xFF);
                    d.pictureIdBits = 15;
                } else {
                    d.pictureId = p;
                    d.pictureIdBits = 7;
                }
            }
            if ((x & 0x40) != 0) {
                d.tl0PicIdx = payload[at++] & 0xFF;
            }
            if ((x & 0x30) != 0) {
                int tk = payload[at++] & 0xFF;
                if ((x & 0x20) != 0) {
                    d.tid = tk >>> 6;
                    d.layerSync = (tk & 0x20) != 0;
                }
            }
        }
        d.length = at;
        return d;
    }

    /** The frame carried by {@code datagrams} (one frame's packets, in order). */
    static byte[] frame(List<byte[]> datagrams) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < datagrams.size(); i++) {
            byte[] payload = VpxPackets.payload(datagrams.get(i));
            Descriptor d = descriptor(payload);
            if ((i == 0) != (d.start && d.partition == 0)) {
                throw new AssertionError("packet " + i + ": S=" + d.start + " PID=" + d.partition);
            }
            if (VpxPackets.marker(datagrams.get(i)) != (i == datagrams.size() - 1)) {
                throw new AssertionError("packet " + i + ": marker misplaced");
            }
            out.write(payload, d.length, payload.length - d.length);
        }
        return out.toByteArray();
    }
}

package io.salvo.packetizer;

import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.OutputVector;
import io.salvo.rtp.RtpHeader;
import io.salvo.rtp.RtpPacket;
import io.salvo.rtp.RtpPacketList;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test helpers shared by the VP8/VP9/AV1/Opus tests: datagram bytes and common checks. */
final class VpxPackets {
    static final long SSRC = 0x1234_5678L;
    static final int PAYLOAD_TYPE = 96;

    private VpxPackets() {
    }

    /** A video stream with fixed identifiers (first sequence number 1000, timestamp offset 0). */
    static RtpStream videoStream() {
        return RtpStream.builder(PAYLOAD_TYPE, 90_000).ssrc(SSRC).firstSequenceNumber(1000).timestampOffset(0).build();
    }

    /** An Opus stream with fixed identifiers. */
    static RtpStream opusStream() {
        return RtpStream.builder(111, 48_000).ssrc(SSRC).firstSequenceNumber(1000).timestampOffset(0).build();
    }

    /** The datagram's bytes: its vectors concatenated. */
    static byte[] bytes(RtpPacket packet) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputMessage message = packet.message();
        for (int i = 0; i < message.vectorCount(); i++) {
            OutputVector v = message.vector(i);
            for (int j = 0; j < v.length(); j++) {
                out.write(v.buffer().get(v.offset() + j));
            }
        }
        return out.toByteArray();
    }

    /** Every committed datagram of {@code list} as bytes. */
    static List<byte[]> datagrams(RtpPacketList list) {
        List<byte[]> datagrams = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            datagrams.add(bytes(list.get(i)));
        }
        return datagrams;
    }

    /** RTP payload of a datagram with a 12-byte header (no CSRC, no extension). */
    static byte[] payload(byte[] datagram) {
        byte[] payload = new byte[datagram.length - RtpHeader.FIXED_LENGTH];
        System.arraycopy(datagram, RtpHeader.FIXED_LENGTH, payload, 0, payload.length);
        return payload;
    }

    /** Marker bit of a datagram. */
    static boolean marker(byte[] datagram) {
        return (datagram[1] & 0x80) != 0;
    }

    /**
     * Checks the datagram sizes (at most {@code max}, all but the last equal, the last not
     * larger), consecutive sequence numbers, one timestamp, and the marker on the last only.
     */
    static void checkShape(List<byte[]> datagrams, int max, long timestamp) {
        int first = datagrams.get(0).length;
        int sequence = ((datagrams.get(0)[2] & 0xFF) << 8) | (datagrams.get(0)[3] & 0xFF);
        for (int i = 0; i < datagrams.size(); i++) {
            byte[] d = datagrams.get(i);
            boolean last = i == datagrams.size() - 1;
            assertTrue(d.length <= max, "datagram " + i + " of " + d.length + " bytes exceeds " + max);
            if (!last) {
                assertEquals(first, d.length, "datagram " + i + " length");
            } else {
                assertTrue(d.length <= first, "last datagram " + d.length + " > " + first);
            }
            assertEquals(last, marker(d), "marker of datagram " + i);
            assertEquals((sequence + i) & 0xFFFF, ((d[2] & 0xFF) << 8) | (d[3] & 0xFF), "sequence number " + i);
            assertEquals(timestamp, ByteBuffer.wrap(d, 4, 4).getInt() & 0xFFFF_FFFFL, "timestamp " + i);
        }
    }

    /** Checks that every vector after the first (slot) vector that is a payload view is a view of {@code frame}. */
    static void checkPayloadAliases(RtpPacketList list, ByteBuffer frame, ByteBuffer... slots) {
        for (int i = 0; i < list.size(); i++) {
            OutputMessage message = list.get(i).message();
            for (int v = 0; v < message.vectorCount(); v++) {
                ByteBuffer buffer = message.vector(v).buffer();
                if (buffer != list.get(i).slot()) {
                    assertSame(frame, buffer, "packet " + i + " vector " + v + " is not a view of the frame");
                }
            }
        }
    }

    /** A direct buffer holding {@code prefix} junk bytes, then {@code content}, then 3 junk bytes. */
    static ByteBuffer framed(byte[] content, int prefix) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(prefix + content.length + 3);
        for (int i = 0; i < prefix; i++) {
            buffer.put(i, (byte) 0xEE);
        }
        for (int i = 0; i < content.length; i++) {
            buffer.put(prefix + i, content[i]);
        }
        for (int i = 0; i < 3; i++) {
            buffer.put(prefix + content.length + i, (byte) 0xEE);
        }
        return buffer;
    }

    static byte[] hex(String text) {
        String clean = text.replaceAll("\\s+", "");
        byte[] bytes = new byte[clean.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}

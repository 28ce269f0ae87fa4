package io.salvo.packetizer;

import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.OutputVector;
import io.salvo.rtp.RtpPacket;
import io.salvo.rtp.RtpPacketList;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: datagram bytes of packets, hex. */
final class Packets {
    private Packets() {
    }

    /** The bytes a sender would put on the wire for {@code packet}. */
    static byte[] bytes(RtpPacket packet) {
        OutputMessage message = packet.message();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < message.vectorCount(); i++) {
            OutputVector vector = message.vector(i);
            byte[] part = new byte[vector.length()];
            vector.buffer().get(vector.offset(), part);
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Every committed packet of {@code list} as datagram bytes. */
    static List<byte[]> datagrams(RtpPacketList list) {
        List<byte[]> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            result.add(bytes(list.get(i)));
        }
        return result;
    }

    /** Bytes from hex digits, spaces ignored. */
    static byte[] hex(String hex) {
        String digits = hex.replace(" ", "");
        byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    /** A direct buffer holding {@code bytes} at absolute index {@code offset} (garbage before and after). */
    static ByteBuffer direct(byte[] bytes, int offset) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(offset + bytes.length + 7);
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, (byte) 0x5A);
        }
        for (int i = 0; i < bytes.length; i++) {
            buffer.put(offset + i, bytes[i]);
        }
        return buffer;
    }

    /**
     * A NAL unit of {@code length} bytes: the header byte {@code header}, then bytes 1..251 in turn
     * (never zero, so no start code or emulation prevention can occur inside it).
     */
    static byte[] nal(int header, int length) {
        byte[] nal = new byte[length];
        nal[0] = (byte) header;
        for (int i = 1; i < length; i++) {
            nal[i] = (byte) (i % 251 + 1);
        }
        return nal;
    }

    /** Concatenates arrays. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}

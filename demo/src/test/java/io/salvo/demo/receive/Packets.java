package io.salvo.demo.receive;

import io.salvo.rtp.RtpHeader;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** Hand-built RTP datagrams and a loopback sender for the tests. */
final class Packets {
    static final int PT_VIDEO = 96;
    static final long SSRC_A = 0x1122_3344L;
    static final long SSRC_B = 0xCAFE_BABEL;

    private Packets() {
    }

    /** A 12-byte header (V=2, no CSRC, no extension) followed by {@code payloadLength} bytes of 0x5A. */
    static ByteBuffer rtp(long ssrc, int sequenceNumber, long timestamp, boolean marker, int payloadLength) {
        ByteBuffer buffer = ByteBuffer.allocate(RtpHeader.FIXED_LENGTH + payloadLength);
        RtpHeader.write(buffer, 0, 0, marker, PT_VIDEO, sequenceNumber, timestamp, ssrc);
        for (int i = RtpHeader.FIXED_LENGTH; i < buffer.capacity(); i++) {
            buffer.put(i, (byte) 0x5A);
        }
        return buffer;
    }

    /** A heap buffer holding {@code bytes} at {@code offset}, filled with 0xEE before and after. */
    static ByteBuffer at(int offset, int... bytes) {
        ByteBuffer buffer = ByteBuffer.allocate(offset + bytes.length + 8);
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, (byte) 0xEE);
        }
        for (int i = 0; i < bytes.length; i++) {
            buffer.put(offset + i, (byte) bytes[i]);
        }
        return buffer;
    }

    /** The bytes as a datagram: a buffer positioned at 0 with exactly these bytes remaining. */
    static ByteBuffer datagram(int... bytes) {
        return at(0, bytes).limit(bytes.length);
    }

    /** A packet of SSRC {@code ssrc} with {@code sequenceNumber}, timestamp 3000 per number, 100 payload bytes. */
    static ByteBuffer rtp(long ssrc, int sequenceNumber) {
        return rtp(ssrc, sequenceNumber, 3000L * sequenceNumber, false, 100);
    }

    /** Sends datagrams to a port on the IPv4 or IPv6 loopback address. */
    static final class Sender implements AutoCloseable {
        private final DatagramChannel channel;
        private final InetSocketAddress target;

        private Sender(StandardProtocolFamily family, String loopback, int port) throws IOException {
            this.channel = DatagramChannel.open(family);
            this.target = new InetSocketAddress(InetAddress.getByName(loopback), port);
        }

        static Sender ipv4(int port) throws IOException {
            return new Sender(StandardProtocolFamily.INET, "127.0.0.1", port);
        }

        static Sender ipv6(int port) throws IOException {
            return new Sender(StandardProtocolFamily.INET6, "::1", port);
        }

        void send(ByteBuffer datagram) throws IOException {
            int length = datagram.remaining();
            int sent = channel.send(datagram.duplicate(), target);
            if (sent != length) {
                throw new IOException("sent " + sent + " of " + length + " bytes");
            }
        }

        /** Sends the packets of {@code ssrc} with these sequence numbers, in this order. */
        void sendSequence(long ssrc, int... sequenceNumbers) throws IOException {
            for (int sequenceNumber : sequenceNumbers) {
                send(rtp(ssrc, sequenceNumber));
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}

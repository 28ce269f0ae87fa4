package io.salvo.demo.interop;

import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.OutputVector;
import io.salvo.rtp.RtpPacket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** A connected JDK {@link DatagramChannel}: one gathering write per packet, vectors as duplicates. */
final class DatagramChannelSender implements PacketSender {
    private final DatagramChannel channel;
    private ByteBuffer[] views = new ByteBuffer[8];

    DatagramChannelSender(InetSocketAddress destination) throws IOException {
        channel = DatagramChannel.open();
        channel.connect(destination);
    }

    @Override
    public void send(RtpPacket packet) throws IOException {
        OutputMessage message = packet.message();
        int count = message.vectorCount();
        if (views.length < count) {
            views = new ByteBuffer[count];
        }
        for (int i = 0; i < count; i++) {
            OutputVector vector = message.vector(i);
            views[i] = vector.buffer().duplicate().limit(vector.offset() + vector.length()).position(vector.offset());
        }
        long written = channel.write(views, 0, count);
        if (written != packet.length()) {
            throw new IOException("wrote " + written + " of " + packet.length() + " bytes");
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

package io.salvo.sender;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/** A plain JDK DatagramChannel on loopback that sends to and receives from the socket under test. */
final class Peer implements AutoCloseable {
    /** A datagram as a receiver saw it. */
    record Datagram(byte[] bytes, InetSocketAddress source, boolean truncated) {
    }

    private final DatagramChannel channel;

    Peer(InetAddress address) throws IOException {
        channel = DatagramChannel.open().bind(new InetSocketAddress(address, 0));
    }

    static Peer loopback() throws IOException {
        return new Peer(InetAddress.getLoopbackAddress());
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** Sends {@code bytes} to {@code to}. */
    void send(byte[] bytes, InetSocketAddress to) throws IOException {
        channel.send(ByteBuffer.wrap(bytes), to);
    }

    /** Sends {@code buffer}'s remaining bytes to {@code to}, leaving its position alone. */
    void send(ByteBuffer buffer, InetSocketAddress to) throws IOException {
        channel.send(buffer.duplicate(), to);
    }

    /** Blocks for the next datagram; its bytes and source. */
    Datagram receive() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        InetSocketAddress source = (InetSocketAddress) channel.receive(buffer);
        buffer.flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new Datagram(bytes, source, false);
    }

    /** {@code length} bytes, byte i = (seed + i). */
    static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed + i);
        }
        return bytes;
    }

    /**
     * Receives with {@code receiver} into {@code batch} (1 s timeout a call, at most 20 calls)
     * until {@code count} datagrams came, and copies them out.
     */
    static List<Datagram> drain(DatagramReceiver receiver, ReceivedBatch batch, int count) throws IOException {
        List<Datagram> received = new ArrayList<>();
        for (int call = 0; call < 20 && received.size() < count; call++) {
            int n = receiver.receive(batch, 1_000_000);
            for (int i = 0; i < n; i++) {
                byte[] bytes = new byte[batch.length(i)];
                batch.buffer().get(batch.offset(i), bytes);
                received.add(new Datagram(bytes, batch.source(i), batch.truncated(i)));
            }
        }
        return received;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

package io.salvo.sender;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** A loopback UDP receiver for tests: a blocking socket with a receive timeout. */
final class Receiver implements AutoCloseable {
    private final DatagramSocket socket;

    Receiver(InetAddress address) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(address, 0));
        socket.setReceiveBufferSize(4 << 20);
        socket.setSoTimeout(5000);
    }

    static Receiver loopback() throws IOException {
        return new Receiver(InetAddress.getLoopbackAddress());
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** The next datagram's bytes. */
    byte[] receive() throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
        socket.receive(packet);
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    /** The next datagram's bytes, or null if none arrives within {@code millis}. */
    byte[] poll(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return receive();
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            socket.setSoTimeout(5000);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}

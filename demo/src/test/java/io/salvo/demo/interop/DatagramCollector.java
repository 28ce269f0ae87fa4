package io.salvo.demo.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Receives every datagram sent to a loopback port, on its own thread, as byte arrays. */
final class DatagramCollector implements AutoCloseable {
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private final DatagramChannel channel;
    private final Thread thread;
    private final List<byte[]> datagrams = new ArrayList<>();
    private long lastArrival = System.nanoTime();
    private IOException failure;

    DatagramCollector() throws IOException {
        channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.bind(new InetSocketAddress(LoopbackPorts.LOOPBACK, 0));
        thread = new Thread(this::receive, "datagram-collector");
        thread.setDaemon(true);
        thread.start();
    }

    /** The port datagrams are received on. */
    int port() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    private void receive() {
        ByteBuffer buffer = ByteBuffer.allocate(65_536);
        try {
            while (true) {
                buffer.clear();
                channel.receive(buffer);
                buffer.flip();
                byte[] datagram = new byte[buffer.remaining()];
                buffer.get(datagram);
                synchronized (datagrams) {
                    datagrams.add(datagram);
                    lastArrival = System.nanoTime();
                }
            }
        } catch (ClosedChannelException closed) {
            // close() ends the loop
        } catch (IOException e) {
            synchronized (datagrams) {
                failure = e;
            }
        }
    }

    /** Everything received, once nothing has arrived for 200 ms (call after the sender finished). */
    List<byte[]> datagrams() throws IOException, InterruptedException {
        while (true) {
            synchronized (datagrams) {
                if (failure != null) {
                    throw failure;
                }
                if (System.nanoTime() - lastArrival > QUIET_NANOS) {
                    return new ArrayList<>(datagrams);
                }
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

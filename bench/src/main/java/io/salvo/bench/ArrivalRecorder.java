package io.salvo.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** A loopback receiver on its own thread that records each datagram's arrival time and size. */
final class ArrivalRecorder implements AutoCloseable {
    private final DatagramChannel channel;
    private final long[] nanos;
    private final int[] sizes;
    private volatile int count;
    private final Thread thread;

    ArrivalRecorder(int capacity) throws IOException {
        channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
        nanos = new long[capacity];
        sizes = new int[capacity];
        thread = new Thread(this::run, "arrivals");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
        try {
            int n = 0;
            while (n < nanos.length) {
                buffer.clear();
                channel.receive(buffer);
                nanos[n] = System.nanoTime();
                sizes[n] = buffer.position();
                count = ++n;
            }
        } catch (IOException closed) {
            // closed: done
        }
    }

    int count() {
        return count;
    }

    long nanos(int i) {
        return nanos[i];
    }

    int size(int i) {
        return sizes[i];
    }

    /** Waits until {@code expected} datagrams arrived or {@code millis} passed with none arriving. */
    void await(long expected, long millis) throws InterruptedException {
        int last = -1;
        long quietSince = System.currentTimeMillis();
        while (count < expected) {
            if (count != last) {
                last = count;
                quietSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - quietSince > millis) {
                return;
            }
            Thread.sleep(2);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

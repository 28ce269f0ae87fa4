package io.salvo.sender;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Asks the kernel, through the JDK's own DatagramChannel, whether it reports ICMP port-unreachable
 * on this thread's network namespace right now. The ECONNREFUSED tests judge salvo against that:
 * when the JDK sees a refusal, salvo must too; when even the JDK sees none (the kernel is not
 * sending ICMP errors: seen on this machine after heavy loopback benchmarks, with IcmpOutErrors
 * rising and ping to 127.0.0.1 losing replies), the tests are aborted with that reason.
 */
final class PortUnreachableOracle {
    private PortUnreachableOracle() {
    }

    /** Aborts the calling test unless a connected DatagramChannel gets PortUnreachableException within ~2 s. */
    static void assumeKernelReportsPortUnreachable() throws IOException, InterruptedException {
        InetSocketAddress closed;
        try (DatagramChannel gone = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            closed = (InetSocketAddress) gone.getLocalAddress();
        }
        try (DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            channel.connect(closed);
            ByteBuffer datagram = ByteBuffer.allocate(20);
            for (int attempt = 0; attempt < 100; attempt++) {
                try {
                    channel.write(datagram.clear());
                    Thread.sleep(20);
                    channel.write(datagram.clear());
                } catch (PortUnreachableException reported) {
                    return;
                }
            }
        }
        Assumptions.abort("the kernel reports no ICMP port-unreachable on loopback right now (not even to the JDK's"
                + " DatagramChannel): ECONNREFUSED cannot be tested on this host at the moment");
    }
}

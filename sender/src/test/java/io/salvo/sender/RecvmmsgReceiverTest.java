package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** What only the native receiver does: a whole batch per recvmmsg, and no allocation per datagram. */
class RecvmmsgReceiverTest {
    private static final InetSocketAddress ANY_V4 = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void shouldTakeAWholeBatchInOneRecvmmsg() throws Exception {
        try (SendmmsgSender sender = SendmmsgSender.open(ANY_V4); Peer peer = Peer.loopback();
             ReceivedBatch batch = new ReceivedBatch(64, 1500)) {
            for (int i = 0; i < 100; i++) {
                peer.send(Peer.pattern(40, i), sender.localAddress());
            }
            Thread.sleep(100); // let loopback deliver all of them

            assertEquals(64, sender.receiver().receive(batch, 0));
            assertEquals(36, sender.receiver().receive(batch, 0));
            assertEquals(64 + 35, batch.buffer().get(batch.offset(35)), "the last datagram's first byte");
            assertEquals(0, sender.receiver().receive(batch, 0));

            assertEquals(3, sender.receiver().stats().syscalls());
            assertEquals(100, sender.receiver().stats().datagrams());
            assertEquals(0, batch.count());
        }
    }

    @Test
    void shouldAllocateNothingPerDatagramInSteadyState() throws Exception {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        try (SendmmsgSender sender = SendmmsgSender.open(ANY_V4); Peer peer = Peer.loopback();
             ReceivedBatch batch = new ReceivedBatch(16, 1500)) {
            DatagramReceiver receiver = sender.receiver();
            ByteBuffer datagram = ByteBuffer.allocateDirect(100);
            InetSocketAddress target = sender.localAddress();
            long thread = Thread.currentThread().getId();
            InetSocketAddress source = null;
            long allocated = 0;
            int measured = 0;
            for (int round = 0; round < 200; round++) {
                for (int i = 0; i < 25; i++) {
                    peer.send(datagram, target);
                }
                boolean warm = round >= 100; // the first 2,500 datagrams warm up JNA, the JIT and the cache
                long before = threads.getThreadAllocatedBytes(thread);
                int received = 0;
                while (received < 25) {
                    int n = receiver.receive(batch, 1_000_000);
                    for (int i = 0; i < n; i++) {
                        source = source == null ? batch.source(i) : source;
                        assertSame(source, batch.source(i));
                    }
                    assertTrue(n > 0, "timed out");
                    received += n;
                }
                long after = threads.getThreadAllocatedBytes(thread);
                if (warm) {
                    allocated += after - before;
                    measured += received;
                }
            }

            long beforeWaits = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 100; i++) {
                assertEquals(0, receiver.receive(batch, 200)); // a ppoll that times out
            }
            long waits = threads.getThreadAllocatedBytes(thread) - beforeWaits;

            assertEquals(2500, measured);
            assertTrue(allocated < measured, allocated + " bytes allocated receiving " + measured + " datagrams");
            assertTrue(waits < 100, waits + " bytes allocated by 100 timed-out waits");
        }
    }
}

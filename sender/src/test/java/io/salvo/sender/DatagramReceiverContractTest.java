package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.rtp.OutputMessage;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@link DatagramReceiver} contract on real loopback sockets, for the receivers of both senders. */
class DatagramReceiverContractTest {
    private static final InetSocketAddress ANY_V4 = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final ExecutorService background = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopBackground() {
        background.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldReceiveABatchOfDatagramsWithTheirBytesLengthsAndSource(SenderKind kind) throws Exception {
        try (DatagramSender sender = kind.open(ANY_V4); Peer peer = Peer.loopback();
             ReceivedBatch batch = new ReceivedBatch(16, 2048)) {
            for (int i = 0; i < 10; i++) {
                peer.send(Peer.pattern(20 + 100 * i, i), sender.localAddress());
            }
            DatagramReceiver receiver = sender.receiver();

            List<Peer.Datagram> received = Peer.drain(receiver, batch, 10);

            assertEquals(10, received.size());
            for (int i = 0; i < 10; i++) {
                Peer.Datagram datagram = received.get(i);
                assertArrayEquals(Peer.pattern(20 + 100 * i, i), datagram.bytes(), "datagram " + i);
                assertEquals(peer.address(), datagram.source());
                assertSame(received.get(0).source(), datagram.source(), "a known source is not allocated again");
                assertFalse(datagram.truncated());
            }
            assertSame(receiver, sender.receiver());
            assertEquals(sender.localAddress(), receiver.localAddress());
            assertEquals(10, receiver.stats().datagrams());
            assertEquals(10 * 20 + 100 * 45, receiver.stats().bytes());
            assertEquals(0, receiver.stats().truncated());
            assertTrue(batch.arrivalNanos() != 0 && batch.arrivalNanos() - System.nanoTime() <= 0);
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldGiveOneSourceObjectPerPeerWhenPeersTakeTurns(SenderKind kind) throws Exception {
        try (DatagramSender sender = kind.open(ANY_V4); Peer a = Peer.loopback(); Peer b = Peer.loopback();
             ReceivedBatch batch = new ReceivedBatch(3, 100)) {
            for (int i = 0; i < 6; i++) {
                (i % 2 == 0 ? a : b).send(Peer.pattern(10, i), sender.localAddress());
            }

            List<Peer.Datagram> received = Peer.drain(sender.receiver(), batch, 6);

            assertEquals(6, received.size());
            assertEquals(a.address(), received.get(0).source());
            assertEquals(b.address(), received.get(1).source());
            for (int i = 2; i < 6; i++) {
                assertSame(received.get(i % 2).source(), received.get(i).source(), "datagram " + i);
            }
            assertNotSame(received.get(0).source(), received.get(1).source());
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldReturnZeroAtOnceWhenNothingWaits(SenderKind kind) throws Exception {
        try (DatagramSender sender = kind.open(ANY_V4); ReceivedBatch batch = new ReceivedBatch(4, 100)) {
            assertEquals(0, sender.receiver().receive(batch, 0));
            assertEquals(0, sender.receiver().receive(batch, 0));

            assertEquals(0, batch.count());
            assertEquals(0, sender.receiver().stats().datagrams());
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldReturnZeroWhenThePositiveTimeoutPassesWithoutADatagram(SenderKind kind) throws Exception {
        try (DatagramSender sender = kind.open(ANY_V4); ReceivedBatch batch = new ReceivedBatch(4, 100)) {
            long start = System.nanoTime();

            int received = sender.receiver().receive(batch, 200_000);

            long elapsed = System.nanoTime() - start;
            assertEquals(0, received);
            assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(100), "returned after " + elapsed + " ns");
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldWakeABlockedReceiveWhenTheSenderIsClosedFromAnotherThread(SenderKind kind) throws Exception {
        DatagramSender sender = kind.open(ANY_V4);
        try (ReceivedBatch batch = new ReceivedBatch(4, 100)) {
            DatagramReceiver receiver = sender.receiver();
            Future<Integer> blocked = background.submit(() -> receiver.receive(batch, -1));
            awaitWaiting(receiver);

            sender.close();

            ExecutionException e = assertThrows(ExecutionException.class, () -> blocked.get(5, TimeUnit.SECONDS));
            assertInstanceOf(SenderClosedException.class, e.getCause());
            assertThrows(SenderClosedException.class, () -> receiver.receive(batch, 0));
            assertThrows(SenderClosedException.class, () -> receiver.receive(batch, -1));
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldThrowClosedForAReceiveAfterCloseEvenOnAReceiverMadeAfter(SenderKind kind) throws Exception {
        DatagramSender sender = kind.open(ANY_V4);
        sender.close();
        try (ReceivedBatch batch = new ReceivedBatch(4, 100)) {
            assertThrows(SenderClosedException.class, () -> sender.receiver().receive(batch, 0));
            assertThrows(SenderClosedException.class, () -> sender.receiver().receive(batch, 1000));
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldRefuseAReceiveIntoAClosedBatch(SenderKind kind) throws Exception {
        try (DatagramSender sender = kind.open(ANY_V4); Peer peer = Peer.loopback()) {
            ReceivedBatch batch = new ReceivedBatch(4, 100);
            batch.close();
            peer.send(Peer.pattern(10, 0), sender.localAddress());

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> sender.receiver().receive(batch, 100_000));

            assertEquals("the batch is closed", e.getMessage());
            try (ReceivedBatch open = new ReceivedBatch(4, 100)) {
                assertEquals(1, Peer.drain(sender.receiver(), open, 1).size(), "the datagram is still there");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldReportADatagramLongerThanItsSlotTruncated(SenderKind kind) throws Exception {
        try (DatagramSender sender = kind.open(ANY_V4); Peer peer = Peer.loopback();
             ReceivedBatch batch = new ReceivedBatch(4, 100)) {
            byte[] longer = Peer.pattern(300, 1);
            peer.send(longer, sender.localAddress());
            peer.send(Peer.pattern(100, 2), sender.localAddress()); // exactly one slot: whole
            peer.send(Peer.pattern(50, 3), sender.localAddress());

            List<Peer.Datagram> received = Peer.drain(sender.receiver(), batch, 3);

            assertEquals(3, received.size());
            assertTrue(received.get(0).truncated());
            assertArrayEquals(Arrays.copyOf(longer, 100), received.get(0).bytes());
            assertFalse(received.get(1).truncated());
            assertArrayEquals(Peer.pattern(100, 2), received.get(1).bytes());
            assertFalse(received.get(2).truncated());
            assertEquals(1, sender.receiver().stats().truncated());
            assertEquals(250, sender.receiver().stats().bytes());
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldReceiveThePeersReplyOnTheSocketItSendsFrom(SenderKind kind) throws Exception {
        try (DatagramSender sender = kind.open(ANY_V4); Peer peer = Peer.loopback();
             ReceivedBatch batch = new ReceivedBatch(4, 1500)) {
            OutputMessage[] rtp = Messages.numbered(1, peer.address(), 100, true);
            assertEquals(1, sender.send(rtp, 0, 1, 0, -1, null));
            Peer.Datagram media = peer.receive();
            assertEquals(sender.localAddress().getPort(), media.source().getPort());

            byte[] report = Peer.pattern(32, 0x80); // an RTCP receiver report's size, muxed (RFC 5761)
            peer.send(report, media.source());

            List<Peer.Datagram> received = Peer.drain(sender.receiver(), batch, 1);
            assertEquals(1, received.size());
            assertArrayEquals(report, received.get(0).bytes());
            assertEquals(peer.address(), received.get(0).source());
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldSendWhileAReceiveWaitsOnAnotherThreadAndRefuseASecondReceive(SenderKind kind) throws Exception {
        try (DatagramSender sender = kind.open(ANY_V4); Peer peer = Peer.loopback();
             Receiver sink = Receiver.loopback(); ReceivedBatch batch = new ReceivedBatch(4, 1500);
             ReceivedBatch other = new ReceivedBatch(4, 1500)) {
            DatagramReceiver receiver = sender.receiver();
            Future<Integer> waiting = background.submit(() -> receiver.receive(batch, -1));
            awaitWaiting(receiver);

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> receiver.receive(other, 0));
            assertEquals("receive called from two threads at once", e.getMessage());
            assertThrows(IllegalStateException.class, () -> receiver.receive(batch, 0), "with the batch in use too");
            OutputMessage[] messages = Messages.numbered(3, sink.address(), 50, true);
            assertEquals(3, sender.send(messages, 0, 3, 0, -1, null), "a send runs beside the receive");
            assertEquals(0, Messages.indexOf(sink.receive()));
            peer.send(Peer.pattern(10, 0), sender.localAddress());

            assertEquals(1, waiting.get(5, TimeUnit.SECONDS));
            assertEquals(peer.address(), batch.source(0));
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldReceiveIpv4AndIpv6SourcesOnADualStackSocket(SenderKind kind) throws Exception {
        try (DatagramSender sender = kind.open(new InetSocketAddress(InetAddress.getByName("::"), 0));
             Peer v4 = Peer.loopback(); Peer v6 = new Peer(InetAddress.getByName("::1"));
             ReceivedBatch batch = new ReceivedBatch(4, 100)) {
            int port = sender.localAddress().getPort();
            v4.send(Peer.pattern(10, 4), new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            v6.send(Peer.pattern(10, 6), new InetSocketAddress(InetAddress.getByName("::1"), port));

            List<Peer.Datagram> received = Peer.drain(sender.receiver(), batch, 2);

            assertEquals(2, received.size());
            assertEquals(v4.address(), received.get(0).source(), "v4-mapped comes back as IPv4");
            assertEquals(v6.address(), received.get(1).source());
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldCountEconnrefusedOnAConnectedSocketInsteadOfThrowing(SenderKind kind) throws Exception {
        NetworkNamespace.isolatedIfPossible(() -> {
            PortUnreachableOracle.assumeKernelReportsPortUnreachable();
            InetSocketAddress closedPort;
            try (DatagramSocket probe = new DatagramSocket(ANY_V4)) {
                closedPort = (InetSocketAddress) probe.getLocalSocketAddress();
            }
            try (DatagramSender sender = kind.open(ANY_V4, closedPort);
                 ReceivedBatch batch = new ReceivedBatch(4, 100)) {
                OutputMessage[] one = {new OutputMessage().add(Messages.pattern(20, 0, true), 0, 20)};
                assertEquals(1, sender.send(one, 0, 1, 0, -1, null), "the datagram leaves; its ICMP comes back");
                DatagramReceiver receiver = sender.receiver();

                for (int call = 0; call < 300 && receiver.stats().socketErrors() == 0; call++) {
                    assertEquals(0, receiver.receive(batch, 10_000));
                }

                assertEquals(1, receiver.stats().socketErrors(Errno.ECONNREFUSED), receiver.stats().toString());
                assertEquals(Map.of("ECONNREFUSED", 1L), receiver.stats().socketErrorsByErrno());
                assertEquals(0, receiver.receive(batch, 0), "the error was read once and is gone");
            }
            return null;
        });
    }

    /** Waits until a receive on another thread has found nothing and settled into its wait. */
    private static void awaitWaiting(DatagramReceiver receiver) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (receiver.stats().syscalls() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertNotEquals(0, receiver.stats().syscalls(), "the receive never started");
        Thread.sleep(50);
    }
}

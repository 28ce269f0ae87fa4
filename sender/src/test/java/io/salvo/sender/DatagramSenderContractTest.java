package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.rtp.OutputMessage;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@link DatagramSender} contract on real loopback sockets, for both senders. */
class DatagramSenderContractTest {
    private static final InetSocketAddress ANY_V4 = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldFanOutOnePayloadVectorToThreeReceiversInOneCallInOrder(SenderKind kind) throws Exception {
        try (Receiver a = Receiver.loopback(); Receiver b = Receiver.loopback(); Receiver c = Receiver.loopback();
             DatagramSender sender = kind.open(ANY_V4)) {
            Receiver[] receivers = {a, b, c};
            ByteBuffer payload = Messages.pattern(1000, 3, true);
            ByteBuffer headers = ByteBuffer.allocateDirect(12 * 16);
            OutputMessage[] messages = new OutputMessage[12];
            for (int i = 0; i < 12; i++) {
                headers.put(12 * i, (byte) 0x80);       // V=2
                headers.put(12 * i + 1, (byte) 96);     // PT 96
                headers.putShort(12 * i + 2, (short) i); // sequence number
                messages[i] = new OutputMessage().address(receivers[i % 3].address())
                        .add(headers, 12 * i, 12).add(payload, 0, 1000);
            }

            int sent = sender.send(messages, 0, 12, 0, -1, null);

            assertEquals(12, sent);
            for (int i = 0; i < 12; i++) {
                assertEquals(1012, messages[i].bytesSent(), "bytesSent of message " + i);
            }
            for (int r = 0; r < 3; r++) {
                for (int i = r; i < 12; i += 3) {
                    assertArrayEquals(Messages.bytesOf(messages[i]), receivers[r].receive(),
                            "datagram " + i + " at receiver " + r);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldSendA1024MessageBatchOfHeapAndDirectVectorsToFourDestinationsWithoutBlocking(SenderKind kind)
            throws Exception {
        Receiver[] receivers = {Receiver.loopback(), Receiver.loopback(), Receiver.loopback(), Receiver.loopback()};
        try (DatagramSender sender = kind.open(ANY_V4)) {
            ByteBuffer heapPayload = Messages.pattern(40, 1, false);
            ByteBuffer directPayload = Messages.pattern(40, 2, true);
            ByteBuffer slots = ByteBuffer.allocateDirect(4 * 1024);
            OutputMessage[] messages = new OutputMessage[1024];
            for (int i = 0; i < 1024; i++) {
                slots.putInt(4 * i, i);
                messages[i] = new OutputMessage().address(receivers[i % 4].address()).add(slots, 4 * i, 4)
                        .add(i % 2 == 0 ? heapPayload : directPayload, i % 7, 33);
            }

            assertEquals(1024, sender.send(messages, 0, 1024, 0, 0, null));

            for (int r = 0; r < 4; r++) {
                for (int i = r; i < 1024; i += 4) {
                    assertArrayEquals(Messages.bytesOf(messages[i]), receivers[r].receive(), "datagram " + i);
                }
            }
            assertEquals(512, sender.stats().heapCopies());
        } finally {
            for (Receiver receiver : receivers) {
                receiver.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldSend4500MessagesInOneBlockingCall(SenderKind kind) throws Exception {
        try (Receiver receiver = Receiver.loopback(); DatagramSender sender = kind.open(ANY_V4)) {
            OutputMessage[] messages = Messages.numbered(4500, receiver.address(), 100, true);
            List<Integer> received = new ArrayList<>();
            Thread drain = new Thread(() -> {
                try {
                    for (byte[] d; (d = receiver.poll(500)) != null; ) {
                        received.add(Messages.indexOf(d));
                    }
                } catch (Exception ignored) {
                    // the socket closed: stop draining
                }
            });
            drain.start();

            int sent = sender.send(messages, 0, 4500, 0, -1, null);
            drain.join();

            assertEquals(4500, sent);
            for (int i = 0; i < 4500; i++) {
                assertEquals(104, messages[i].bytesSent(), "bytesSent of message " + i);
            }
            assertEquals(4500, sender.stats().datagrams());
            assertEquals(4500 * 104, sender.stats().bytes());
            assertTrue(received.size() > 0, "nothing arrived");
            for (int i = 1; i < received.size(); i++) {
                assertTrue(received.get(i) > received.get(i - 1), "out of order at " + i + ": " + received);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldReturnOneThenThrowEmsgsizeForTheTooLongSecondMessage(SenderKind kind) throws Exception {
        try (Receiver receiver = Receiver.loopback(); DatagramSender sender = kind.open(ANY_V4)) {
            ByteBuffer big = ByteBuffer.allocateDirect(40_000);
            OutputMessage[] messages = {
                    new OutputMessage().address(receiver.address()).add(Messages.pattern(100, 1, true), 0, 100),
                    // 70,000 bytes: above the 65,507-byte UDP/IPv4 limit
                    new OutputMessage().address(receiver.address()).add(big, 0, 35_000).add(big, 5_000, 35_000),
            };

            assertEquals(1, sender.send(messages, 0, 2, 0, 0, null));
            assertEquals(100, messages[0].bytesSent());
            assertEquals(0, messages[1].bytesSent());

            ErrnoException e = assertThrows(ErrnoException.class, () -> sender.send(messages, 1, 1, 0, 0, null));
            assertEquals("EMSGSIZE", e.errnoName());
            assertEquals(Errno.EMSGSIZE, e.errno());
            assertEquals(1, e.messageIndex());
            assertEquals(receiver.address(), e.destination());
            assertTrue(e.getMessage().contains("EMSGSIZE (Message too long) for message 1 to " + receiver.address()),
                    e.getMessage());
            assertEquals(1, sender.stats().errors(Errno.EMSGSIZE));
            assertEquals(100, receiver.receive().length);
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldKeepEmsgsizeMetInABlockingCallForTheNextCall(SenderKind kind) throws Exception {
        try (Receiver receiver = Receiver.loopback(); DatagramSender sender = kind.open(ANY_V4)) {
            ByteBuffer big = ByteBuffer.allocateDirect(70_000);
            OutputMessage[] messages = {
                    new OutputMessage().address(receiver.address()).add(big, 0, 10),
                    new OutputMessage().address(receiver.address()).add(big, 0, 10),
                    new OutputMessage().address(receiver.address()).add(big, 0, 70_000),
                    new OutputMessage().address(receiver.address()).add(big, 0, 10),
            };

            assertEquals(2, sender.send(messages, 0, 4, 0, -1, null));

            ErrnoException e = assertThrows(ErrnoException.class, () -> sender.send(messages, 2, 2, 0, -1, null));
            assertEquals(Errno.EMSGSIZE, e.errno());
            assertEquals(2, e.messageIndex());
            assertEquals(1, sender.send(messages, 3, 1, 0, -1, null), "the message after the dropped one");
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldThrowEconnrefusedOnConnectedSocketAfterPortUnreachable(SenderKind kind) throws Exception {
        // in a fresh namespace where possible: the ICMP error must not depend on the host's state
        NetworkNamespace.isolatedIfPossible(() -> {
            PortUnreachableOracle.assumeKernelReportsPortUnreachable();
            InetSocketAddress closedPort;
            try (DatagramSocket probe = new DatagramSocket(ANY_V4)) {
                closedPort = (InetSocketAddress) probe.getLocalSocketAddress();
            }
            try (DatagramSender sender = kind.open(ANY_V4, closedPort)) {
                OutputMessage[] one = {new OutputMessage().add(Messages.pattern(20, 0, true), 0, 20)};
                assertEquals(1, sender.send(one, 0, 1, 0, -1, null), "the first datagram leaves; its ICMP comes back");

                ErrnoException refused = null;
                for (int attempt = 0; attempt < 300 && refused == null; attempt++) {
                    try {
                        sender.send(one, 0, 1, 0, -1, null);
                        Thread.sleep(10);
                    } catch (ErrnoException e) {
                        refused = e;
                    }
                }

                assertNotNull(refused, "no ECONNREFUSED after 300 sends to a closed port");
                assertEquals("ECONNREFUSED", refused.errnoName());
                assertEquals(0, refused.messageIndex());
                assertEquals(closedPort, refused.destination());
            }
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldThrowClosedForSendAfterCloseAndCloseTwice(SenderKind kind) throws Exception {
        try (Receiver receiver = Receiver.loopback()) {
            DatagramSender sender = kind.open(ANY_V4);
            OutputMessage[] messages = Messages.numbered(2, receiver.address(), 10, true);
            sender.close();
            sender.close();

            assertThrows(SenderClosedException.class, () -> sender.send(messages, 0, 2, 0, 0, null));
            assertThrows(SenderClosedException.class, () -> sender.send(messages, 0, 0, 0, 0, null));
            assertNull(receiver.poll(50));
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldSendToTheConnectedPeerWhenMessagesHaveNoAddress(SenderKind kind) throws Exception {
        try (Receiver receiver = Receiver.loopback(); DatagramSender sender = kind.open(ANY_V4, receiver.address())) {
            OutputMessage[] messages = Messages.numbered(3, null, 50, true);

            assertEquals(3, sender.send(messages, 0, 3, 0, 0, null));

            assertEquals(receiver.address(), sender.remoteAddress());
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(Messages.bytesOf(messages[i]), receiver.receive());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldSendFromAnIpv6SocketToIpv6AndIpv4Destinations(SenderKind kind) throws Exception {
        InetAddress v6Loopback = InetAddress.getByName("::1");
        try (Receiver v6 = new Receiver(v6Loopback); Receiver v4 = Receiver.loopback();
             DatagramSender sender = kind.open(new InetSocketAddress(InetAddress.getByName("::"), 0))) {
            OutputMessage[] messages = Messages.numbered(2, v6.address(), 30, true);
            messages[1].address(v4.address());

            assertEquals(2, sender.send(messages, 0, 2, 0, 0, null));

            assertArrayEquals(Messages.bytesOf(messages[0]), v6.receive());
            assertArrayEquals(Messages.bytesOf(messages[1]), v4.receive());
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldSendHeapVectorsAndCountTheirCopies(SenderKind kind) throws Exception {
        try (Receiver receiver = Receiver.loopback(); DatagramSender sender = kind.open(ANY_V4)) {
            OutputMessage[] messages = Messages.numbered(5, receiver.address(), 300, false);

            assertEquals(5, sender.send(messages, 0, 5, 0, 0, null));

            for (int i = 0; i < 5; i++) {
                assertArrayEquals(Messages.bytesOf(messages[i]), receiver.receive());
            }
            assertEquals(10, sender.stats().heapCopies());
            assertEquals(5 * 304, sender.stats().heapCopyBytes());
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldReportTheBoundLocalAddress(SenderKind kind) throws Exception {
        try (DatagramSender sender = kind.open(ANY_V4)) {
            assertEquals(InetAddress.getLoopbackAddress(), sender.localAddress().getAddress());
            assertNotEquals(0, sender.localAddress().getPort());
            assertNull(sender.remoteAddress());
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldThrowEdestaddrreqForAMessageWithoutAddressOnAnUnconnectedSocket(SenderKind kind) throws Exception {
        try (DatagramSender sender = kind.open(ANY_V4)) {
            OutputMessage[] messages = Messages.numbered(1, null, 10, true);

            ErrnoException e = assertThrows(ErrnoException.class, () -> sender.send(messages, 0, 1, 0, 0, null));

            assertEquals("EDESTADDRREQ", e.errnoName());
            assertNull(e.destination());
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldThrowEinvalForAnUnresolvedDestinationAfterSendingThoseBefore(SenderKind kind) throws Exception {
        try (Receiver receiver = Receiver.loopback(); DatagramSender sender = kind.open(ANY_V4)) {
            OutputMessage[] messages = Messages.numbered(3, receiver.address(), 10, true);
            InetSocketAddress unresolved = InetSocketAddress.createUnresolved("nowhere.invalid", 5004);
            messages[1].address(unresolved);

            assertEquals(1, sender.send(messages, 0, 3, 0, 0, null));
            ErrnoException e = assertThrows(ErrnoException.class, () -> sender.send(messages, 1, 2, 0, 0, null));

            assertEquals("EINVAL", e.errnoName());
            assertEquals(1, e.messageIndex());
            assertEquals(unresolved, e.destination());
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldSendAllWithinAPositiveTimeoutWhenThereIsRoom(SenderKind kind) throws Exception {
        try (Receiver receiver = Receiver.loopback(); DatagramSender sender = kind.open(ANY_V4)) {
            OutputMessage[] messages = Messages.numbered(48, receiver.address(), 1188, true);

            assertEquals(48, sender.send(messages, 0, 48, 0, 1_000_000, null));
            assertEquals(48, sender.send(messages, 0, 48, 0, 0, null));
            assertEquals(96, sender.stats().datagrams());
            assertEquals(0, sender.stats().partialSends());
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldThrowCancelledWhenTheCancellableIsAlreadyCancelled(SenderKind kind) throws Exception {
        try (Receiver receiver = Receiver.loopback(); DatagramSender sender = kind.open(ANY_V4)) {
            OutputMessage[] messages = Messages.numbered(2, receiver.address(), 10, true);
            Cancellable cancellable = new Cancellable();
            cancellable.cancel();

            assertThrows(SendCancelledException.class, () -> sender.send(messages, 0, 2, 0, -1, cancellable));
            assertNull(receiver.poll(50));
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldSendNothingAndThrowForANullMessageInTheRange(SenderKind kind) throws Exception {
        try (Receiver receiver = Receiver.loopback(); DatagramSender sender = kind.open(ANY_V4)) {
            OutputMessage[] messages = Messages.numbered(3, receiver.address(), 10, true);
            messages[2] = null;

            NullPointerException e = assertThrows(NullPointerException.class,
                    () -> sender.send(messages, 0, 3, 0, 0, null));

            assertEquals("messages[2] is null", e.getMessage());
            assertNull(receiver.poll(50));
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldSendNothingAndThrowForANullMessageBeyondTheFirst1024(SenderKind kind) throws Exception {
        try (Receiver receiver = Receiver.loopback(); DatagramSender sender = kind.open(ANY_V4)) {
            OutputMessage[] messages = Messages.numbered(2000, receiver.address(), 10, true);
            messages[1500] = null;

            NullPointerException e = assertThrows(NullPointerException.class,
                    () -> sender.send(messages, 0, 2000, 0, 0, null));

            assertEquals("messages[1500] is null", e.getMessage());
            assertEquals(0, messages[0].bytesSent());
            assertNull(receiver.poll(50));
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldSendNothingAndThrowForANullBufferPastWhereTheFirstSyscallStops(SenderKind kind) throws Exception {
        try (Receiver receiver = Receiver.loopback(); DatagramSender sender = kind.open(ANY_V4)) {
            ByteBuffer bytes = Messages.pattern(100, 0, true);
            OutputMessage[] messages = new OutputMessage[1000];
            for (int i = 0; i < messages.length; i++) {
                messages[i] = new OutputMessage().address(receiver.address());
                for (int v = 0; v < 10; v++) {
                    messages[i].add(bytes, v * 10, 10); // 10 vectors: the first sendmmsg holds 819 messages
                }
            }
            messages[900].vectorCount(11); // an 11th vector that was never set: no buffer

            NullPointerException e = assertThrows(NullPointerException.class,
                    () -> sender.send(messages, 0, 1000, 0, 0, null));

            assertEquals("messages[900] vector 10 has no buffer", e.getMessage());
            assertNull(receiver.poll(50));
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldRejectARangeOutsideTheArray(SenderKind kind) throws Exception {
        try (DatagramSender sender = kind.open(ANY_V4)) {
            OutputMessage[] messages = Messages.numbered(3, ANY_V4, 10, true);

            assertThrows(IndexOutOfBoundsException.class, () -> sender.send(messages, 2, 2, 0, 0, null));
            assertThrows(IndexOutOfBoundsException.class, () -> sender.send(messages, -1, 1, 0, 0, null));
            assertEquals(0, sender.send(messages, 3, 0, 0, 0, null));
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldSendAtANonZeroOffsetAndLeaveOtherMessagesAlone(SenderKind kind) throws Exception {
        try (Receiver receiver = Receiver.loopback(); DatagramSender sender = kind.open(ANY_V4)) {
            OutputMessage[] messages = Messages.numbered(6, receiver.address(), 20, true);
            messages[0].bytesSent(99);

            assertEquals(3, sender.send(messages, 2, 3, 0, 0, null));

            assertEquals(99, messages[0].bytesSent());
            assertEquals(0, messages[5].bytesSent());
            for (int i = 2; i < 5; i++) {
                assertEquals(i, Messages.indexOf(receiver.receive()));
            }
        }
    }
}

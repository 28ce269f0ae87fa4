package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.rtp.OutputMessage;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** What only the sendmmsg sender does: syscall counts, native array limits, heap staging. */
class SendmmsgSenderTest {
    private static final InetSocketAddress ANY_V4 = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void shouldSend4500MessagesInFiveSyscallsOf1024AtMost() throws Exception {
        try (Receiver receiver = Receiver.loopback(); SendmmsgSender sender = SendmmsgSender.open(ANY_V4)) {
            OutputMessage[] messages = Messages.numbered(4500, receiver.address(), 16, true);

            assertEquals(4500, sender.send(messages, 0, 4500, 0, -1, null));

            assertEquals(5, sender.stats().syscalls());
        }
    }

    @Test
    void shouldEndASyscallEarlyWhenTheIovecsRunOut() throws Exception {
        try (Receiver receiver = Receiver.loopback(); SendmmsgSender sender = SendmmsgSender.open(ANY_V4)) {
            ByteBuffer bytes = Messages.pattern(100, 0, true);
            OutputMessage[] messages = new OutputMessage[1000];
            for (int i = 0; i < messages.length; i++) {
                messages[i] = new OutputMessage().address(receiver.address());
                for (int v = 0; v < 10; v++) {
                    messages[i].add(bytes, v * 10, 10); // 10 vectors: 10,000 iovecs > 8,192
                }
            }

            assertEquals(1000, sender.send(messages, 0, 1000, 0, -1, null));

            assertEquals(2, sender.stats().syscalls());
            assertArrayEquals(Messages.bytesOf(messages[0]), receiver.receive());
        }
    }

    @Test
    void shouldEndASyscallEarlyWhenTheHeapStagingIsFullAndGrowItForOneBigMessage() throws Exception {
        try (Receiver receiver = Receiver.loopback(); SendmmsgSender sender = SendmmsgSender.open(ANY_V4)) {
            // 60 heap datagrams of 1,204 bytes: 72 kB, more than the 64 kB staging area
            OutputMessage[] messages = Messages.numbered(60, receiver.address(), 1200, false);

            assertEquals(60, sender.send(messages, 0, 60, 0, -1, null));
            assertEquals(2, sender.stats().syscalls());
            // the 55th message's header fit, its payload did not: both wait for the second syscall
            assertEquals(120, sender.stats().heapCopies(), "each heap vector copied and counted once");
            assertEquals(60 * 1204, sender.stats().heapCopyBytes());

            OutputMessage[] big = {new OutputMessage().address(receiver.address())
                    .add(Messages.pattern(65_000, 9, false), 0, 65_000)};
            for (int i = 0; i < 60; i++) {
                receiver.receive();
            }
            assertEquals(1, sender.send(big, 0, 1, 0, -1, null));
            assertArrayEquals(Messages.bytesOf(big[0]), receiver.receive());
        }
    }

    @Test
    void shouldThrowEmsgsizeForAMessageWithMoreThan1024Vectors() throws Exception {
        try (Receiver receiver = Receiver.loopback(); SendmmsgSender sender = SendmmsgSender.open(ANY_V4)) {
            ByteBuffer bytes = Messages.pattern(1, 0, true);
            OutputMessage tooMany = new OutputMessage().address(receiver.address());
            for (int v = 0; v < 1025; v++) {
                tooMany.add(bytes, 0, 1);
            }
            OutputMessage[] messages = {Messages.numbered(1, receiver.address(), 1, true)[0], tooMany};

            assertEquals(1, sender.send(messages, 0, 2, 0, 0, null));
            ErrnoException e = assertThrows(ErrnoException.class, () -> sender.send(messages, 1, 1, 0, 0, null));

            assertEquals("EMSGSIZE", e.errnoName());
            assertEquals(1, e.messageIndex());
            assertEquals(1, sender.stats().syscalls(), "the rejected message never reached the kernel");
        }
    }

    @Test
    void shouldSendToMoreDistinctAddressesThanTheDestinationTableKeeps() throws Exception {
        try (Receiver receiver = Receiver.loopback(); SendmmsgSender sender = SendmmsgSender.open(ANY_V4)) {
            OutputMessage[] messages = Messages.numbered(1024, null, 8, true);
            for (int i = 0; i < messages.length; i++) {
                // a new address object each: 1,024 distinct keys, above the 512 the table trims at
                messages[i].address(new InetSocketAddress(receiver.address().getAddress(), receiver.address().getPort()));
            }

            for (int round = 0; round < 3; round++) {
                assertEquals(1024, sender.send(messages, 0, 1024, 0, -1, null));
            }

            assertEquals(3, sender.stats().syscalls());
            assertEquals(0, Messages.indexOf(receiver.receive()));
        }
    }

    @Test
    void shouldMakeQdiscDropsVisibleAsEnobufsOnlyWithReceiveErrors() throws Exception {
        try (NetworkNamespace namespace = NetworkNamespace.create()) {
            // a 3 kB queue behind a 10 kB burst: the qdisc drops while the socket still has room
            namespace.exec("tc", "qdisc", "add", "dev", "lo", "root", "tbf", "rate", "1kbit", "burst", "10kb",
                    "limit", "3kb");
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
            // without GSO: tbf cuts a GSO run into its datagrams and reports success if it kept any
            SenderOptions quiet = new SenderOptions().sendBufferSize(1 << 20).gso(false);
            SenderOptions recvErr = new SenderOptions().sendBufferSize(1 << 20).receiveErrors(true).gso(false);
            try (SendmmsgSender silent = namespace.inside(() -> SendmmsgSender.open(ANY_V4, null, quiet));
                 SendmmsgSender loud = namespace.inside(() -> SendmmsgSender.open(ANY_V4, null, recvErr))) {
                OutputMessage[] messages = Messages.numbered(64, target, 1196, true);

                int sent = loud.send(messages, 0, 64, 0, 0, null);
                assertTrue(sent > 0 && sent < 64, "the qdisc should take some and drop the rest of 64, sent " + sent);
                ErrnoException e = assertThrows(ErrnoException.class,
                        () -> loud.send(messages, sent, 64 - sent, 0, 0, null));
                assertEquals("ENOBUFS", e.errnoName());
                assertEquals(sent, e.messageIndex());
                assertEquals(1, loud.stats().errors(Errno.ENOBUFS));

                // the qdisc is full now: everything it drops vanishes without IP_RECVERR
                assertEquals(64, silent.send(messages, 0, 64, 0, 0, null), "drops are invisible without IP_RECVERR");
            }
        }
    }

    @Test
    void shouldApplyTheSocketOptionsOnIpv4() throws Exception {
        SenderOptions options = new SenderOptions().sendBufferSize(8192).receiveBufferSize(16384)
                .dscp(SenderOptions.DSCP_EF).multicastTtl(7).receiveErrors(true);
        try (SendmmsgSender sender = SendmmsgSender.open(ANY_V4, null, options)) {
            assertEquals(2 * 8192, sender.intOption(LibC.SOL_SOCKET, LibC.SO_SNDBUF), "the kernel doubles SO_SNDBUF");
            assertEquals(2 * 16384, sender.intOption(LibC.SOL_SOCKET, LibC.SO_RCVBUF), "and SO_RCVBUF");
            assertEquals(46 << 2, sender.intOption(LibC.IPPROTO_IP, LibC.IP_TOS));
            assertEquals(7, sender.intOption(LibC.IPPROTO_IP, LibC.IP_MULTICAST_TTL));
            assertEquals(1, sender.intOption(LibC.IPPROTO_IP, LibC.IP_RECVERR));
        }
    }

    @Test
    void shouldApplyTheSocketOptionsOnIpv6AndStayDualStack() throws Exception {
        SenderOptions options = new SenderOptions().dscp(SenderOptions.DSCP_AF41).multicastTtl(3).receiveErrors(true);
        try (SendmmsgSender sender = SendmmsgSender.open(new InetSocketAddress(InetAddress.getByName("::"), 0), null,
                options)) {
            assertEquals(34 << 2, sender.intOption(LibC.IPPROTO_IPV6, LibC.IPV6_TCLASS));
            assertEquals(34 << 2, sender.intOption(LibC.IPPROTO_IP, LibC.IP_TOS), "for v4-mapped destinations");
            assertEquals(3, sender.intOption(LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_HOPS));
            assertEquals(1, sender.intOption(LibC.IPPROTO_IPV6, LibC.IPV6_RECVERR));
            assertEquals(0, sender.intOption(LibC.IPPROTO_IPV6, LibC.IPV6_V6ONLY));
        }
    }

    @Test
    void shouldSetTheMulticastInterfaceByIndex() throws Exception {
        NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
        SenderOptions options = new SenderOptions().multicastInterface(lo);
        try (SendmmsgSender sender = SendmmsgSender.open(new InetSocketAddress(InetAddress.getByName("::1"), 0), null,
                options)) {
            assertEquals(lo.getIndex(), sender.intOption(LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_IF));
        }
    }

    @Test
    void shouldNameTheErrnoWhenBindFails() throws Exception {
        try (SendmmsgSender first = SendmmsgSender.open(ANY_V4)) {
            BindException e = assertThrows(BindException.class,
                    () -> SendmmsgSender.open(first.localAddress()));
            assertEquals("bind to " + first.localAddress() + " failed: EADDRINUSE (Address already in use)",
                    e.getMessage());
        }
    }
}

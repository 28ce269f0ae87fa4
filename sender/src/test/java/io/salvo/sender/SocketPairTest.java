package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link DatagramSenders#openPair}'s port choice and failures, for both senders. */
class SocketPairTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress(LOOPBACK, 0);

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldPickAnEvenPortAndTheOneAboveForPortZero(SenderKind kind) throws Exception {
        for (int round = 0; round < 8; round++) { // ephemeral ports come odd or even: both ways are taken
            try (SocketPair pair = PortPairs.open(ANY_PORT, new SenderOptions(), opener(kind))) {
                int port = pair.rtp().localAddress().getPort();

                assertEquals(0, port % 2, "RTP port " + port);
                assertEquals(port + 1, pair.rtcp().localAddress().getPort());
                assertEquals(LOOPBACK, pair.rtp().localAddress().getAddress());
                assertEquals(LOOPBACK, pair.rtcp().localAddress().getAddress());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldReadRtcpOnTheSecondSocketOfThePair(SenderKind kind) throws Exception {
        try (SocketPair pair = PortPairs.open(ANY_PORT, new SenderOptions(), opener(kind)); Peer peer = Peer.loopback();
             ReceivedBatch batch = new ReceivedBatch(4, 1500)) {
            peer.send(Peer.pattern(32, 0x81), pair.rtcp().localAddress());

            List<Peer.Datagram> received = Peer.drain(pair.rtcp().receiver(), batch, 1);

            assertEquals(1, received.size());
            assertArrayEquals(Peer.pattern(32, 0x81), received.get(0).bytes());
            assertEquals(0, pair.rtp().receiver().receive(batch, 0), "nothing came to the RTP port");
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldBindExactlyTheGivenPortAndTheNextOne(SenderKind kind) throws Exception {
        int port;
        try (SocketPair free = PortPairs.open(ANY_PORT, new SenderOptions(), opener(kind))) {
            port = free.rtp().localAddress().getPort();
        }

        try (SocketPair pair = PortPairs.open(new InetSocketAddress(LOOPBACK, port), new SenderOptions(),
                opener(kind))) {
            assertEquals(port, pair.rtp().localAddress().getPort());
            assertEquals(port + 1, pair.rtcp().localAddress().getPort());
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldNameTheRtcpPortWhenItIsTakenAndLetTheRtpPortGo(SenderKind kind) throws Exception {
        try (DatagramChannel taken = takenWithAFreePortBelow()) {
            int rtcpPort = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            int rtpPort = rtcpPort - 1;

            BindException e = assertThrows(BindException.class, () -> PortPairs.open(
                    new InetSocketAddress(LOOPBACK, rtpPort), new SenderOptions(), opener(kind)));

            assertTrue(e.getMessage().startsWith("cannot bind RTCP port " + rtcpPort + " (RTP port " + rtpPort
                    + " + 1) on 127.0.0.1: "), e.getMessage());
            assertInstanceOf(BindException.class, e.getCause());
            DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, rtpPort)).close(); // the RTP port is free again
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldNameTheRtpPortWhenItIsTaken(SenderKind kind) throws Exception {
        try (DatagramChannel taken = DatagramChannel.open().bind(ANY_PORT)) {
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();

            BindException e = assertThrows(BindException.class, () -> PortPairs.open(
                    new InetSocketAddress(LOOPBACK, port), new SenderOptions(), opener(kind)));

            assertTrue(e.getMessage().startsWith("cannot bind RTP port " + port + " on 127.0.0.1: "), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldGiveUpAfterABoundedNumberOfAttempts(SenderKind kind) {
        int[] opened = new int[1];
        PortPairs.Opener partnerAlwaysTaken = (local, options) -> {
            if (local.getPort() != 0) {
                throw new BindException("Address already in use");
            }
            opened[0]++;
            return kind.open(local, null, options);
        };

        IOException e = assertThrows(IOException.class,
                () -> PortPairs.open(ANY_PORT, new SenderOptions(), partnerAlwaysTaken));

        assertEquals("found no free pair of ports (even, even + 1) on 127.0.0.1 in 64 attempts", e.getMessage());
        assertInstanceOf(BindException.class, e.getCause());
        assertEquals(PortPairs.ATTEMPTS, opened[0]);
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldRefusePort65535(SenderKind kind) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PortPairs.open(
                new InetSocketAddress(LOOPBACK, 65535), new SenderOptions(), opener(kind)));

        assertEquals("RTP port 65535 leaves no port above it for RTCP", e.getMessage());
    }

    private static PortPairs.Opener opener(SenderKind kind) {
        return (local, options) -> kind.open(local, null, options);
    }

    /** A channel bound to an ephemeral port whose port below was free a moment ago. */
    private static DatagramChannel takenWithAFreePortBelow() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            DatagramChannel taken = DatagramChannel.open().bind(ANY_PORT);
            int below = ((InetSocketAddress) taken.getLocalAddress()).getPort() - 1;
            try {
                DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, below)).close();
                return taken;
            } catch (BindException busy) {
                taken.close();
            }
        }
        throw new IllegalStateException("no ephemeral port with a free port below it");
    }
}

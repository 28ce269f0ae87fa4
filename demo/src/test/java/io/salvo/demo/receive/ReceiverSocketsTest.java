package io.salvo.demo.receive;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReceiverSocketsTest {
    private static final int BUFFER = 256 * 1024;

    private static int port(DatagramChannel channel) throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    @Test
    void shouldPickAnEvenPortWithTheRtcpSocketAboveItOnTheSameAddress() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (ReceiverSockets sockets = ReceiverSockets.open(null, 0, true, BUFFER)) {
                int rtp = sockets.localAddress().getPort();

                assertEquals(0, rtp % 2, "even RTP port " + rtp);
                assertEquals(rtp + 1, port(sockets.rtcp()));
                assertEquals(sockets.localAddress().getAddress(),
                        ((InetSocketAddress) sockets.rtcp().getLocalAddress()).getAddress());
            }
        }
    }

    @Test
    void shouldOpenOneSocketWhenRtcpNeedsNoPortOfItsOwn() throws IOException {
        try (ReceiverSockets sockets = ReceiverSockets.open(null, 0, false, BUFFER)) {
            assertNull(sockets.rtcp());
        }
    }

    @Test
    void shouldNameTheRtcpPortWhenItIsTakenAndReleaseTheRtpPort() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        int port;
        try (ReceiverSockets pair = ReceiverSockets.open(loopback, 0, true, BUFFER)) {
            port = pair.localAddress().getPort(); // with the port above, free a moment ago
        }
        try (DatagramChannel rtcpTaken = DatagramChannel.open()) {
            rtcpTaken.bind(new InetSocketAddress(loopback, port + 1));

            BindException e = assertThrows(BindException.class, () -> ReceiverSockets.open(loopback, port, true, BUFFER));

            assertEquals("RTCP port " + (port + 1) + ": Address already in use", e.getMessage());
            try (DatagramChannel rtp = DatagramChannel.open()) {
                rtp.bind(new InetSocketAddress(loopback, port)); // the failed open let go of the RTP port
            }
        }
    }

    @Test
    void shouldRefuseRtcpAboveTheLastPort() {
        BindException e = assertThrows(BindException.class, () -> ReceiverSockets.open(null, 0xFFFF, true, BUFFER));
        assertEquals("RTCP needs the port above 65535, which does not exist", e.getMessage());
    }
}

package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class DatagramSendersTest {
    @Test
    void shouldPickTheNativeSenderOnLinux() throws Exception {
        assertTrue(DatagramSenders.nativeAvailable(), "native sender unavailable: "
                + DatagramSenders.nativeUnavailableBecause());
        assertNull(DatagramSenders.nativeUnavailableBecause());
        try (DatagramSender sender = DatagramSenders.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertInstanceOf(SendmmsgSender.class, sender);
        }
    }

    @Test
    void shouldOpenAPairOfNativeSendersOnAnEvenPortAndTheNext() throws Exception {
        SenderOptions options = new SenderOptions().receiveBufferSize(1 << 16);
        try (SocketPair pair = DatagramSenders.openPair(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                options)) {
            assertInstanceOf(SendmmsgSender.class, pair.rtp());
            assertInstanceOf(SendmmsgSender.class, pair.rtcp());
            assertEquals(0, pair.rtp().localAddress().getPort() % 2);
            assertEquals(pair.rtp().localAddress().getPort() + 1, pair.rtcp().localAddress().getPort());
            assertEquals(2 << 16, ((SendmmsgSender) pair.rtcp()).intOption(LibC.SOL_SOCKET, LibC.SO_RCVBUF));
        }
    }
}

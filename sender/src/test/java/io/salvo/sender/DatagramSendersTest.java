package io.salvo.sender;

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
}

package io.salvo.demo.receive;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the loopback interface offers; IPv6 tests are skipped without {@code ::1}, except under CI=true. */
final class Loopback {
    private Loopback() {
    }

    static void assumeIpv6() {
        boolean available;
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            channel.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            available = true;
        } catch (IOException | UnsupportedOperationException e) {
            available = false;
        }
        if (!available && "true".equals(System.getenv("CI"))) {
            fail("the IPv6 loopback address ::1 is not available, and CI=true requires it");
        }
        assumeTrue(available, "skipped: the IPv6 loopback address ::1 is not available here");
    }

    /** A UDP port that was free a moment ago on the wildcard address. */
    static int freePort() throws IOException {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress(0));
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        }
    }
}

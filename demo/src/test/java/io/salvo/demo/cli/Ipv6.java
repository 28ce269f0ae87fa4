package io.salvo.demo.cli;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;

/** IPv6 tests are skipped where the loopback has no {@code ::1}, except under CI=true. */
final class Ipv6 {
    private Ipv6() {
    }

    static void assumeLoopback() {
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
}

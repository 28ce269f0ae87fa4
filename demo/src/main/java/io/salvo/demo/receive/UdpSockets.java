package io.salvo.demo.receive;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;

/** Opens the UDP socket a receiver listens on. */
final class UdpSockets {
    private UdpSockets() {
    }

    /**
     * A channel bound to {@code port} of {@code address}; when {@code address} is null, of the
     * IPv6 wildcard {@code [::]} (the JDK clears IPV6_V6ONLY, so IPv4 arrives too as mapped
     * addresses), or of {@code 0.0.0.0} when no IPv6 socket can be made (no IPv6 in the kernel,
     * or {@code -Djava.net.preferIPv4Stack=true}). A bind failure is never retried on IPv4:
     * "Address already in use" is the answer the caller needs.
     */
    static DatagramChannel bind(InetAddress address, int port) throws IOException {
        if (address != null) {
            return bind(DatagramChannel.open(address instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET), new InetSocketAddress(address, port));
        }
        DatagramChannel dualStack;
        try {
            dualStack = DatagramChannel.open(StandardProtocolFamily.INET6);
        } catch (IOException | UnsupportedOperationException noIpv6) {
            return bind(DatagramChannel.open(StandardProtocolFamily.INET),
                    new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
        }
        return bind(dualStack, new InetSocketAddress(InetAddress.getByName("::"), port));
    }

    private static DatagramChannel bind(DatagramChannel channel, InetSocketAddress address) throws IOException {
        try {
            return channel.bind(address);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}

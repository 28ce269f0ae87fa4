package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class SocketAddressesTest {
    private static final int AT = 40; // a non-zero offset

    @Test
    void shouldEncodeSockaddrInForAnIpv4Socket() throws Exception {
        ByteBuffer memory = memory();
        int length = SocketAddresses.encode(memory, AT, new InetSocketAddress("192.0.2.7", 5004), LibC.AF_INET);

        assertEquals(16, length);
        assertArrayEquals(new byte[] {
                2, 0,                    // sin_family AF_INET, host order (little endian)
                0x13, (byte) 0x8C,       // sin_port 5004, network order
                (byte) 192, 0, 2, 7,     // sin_addr
                0, 0, 0, 0, 0, 0, 0, 0,  // sin_zero
        }, bytes(memory, 16));
    }

    @Test
    void shouldEncodeAnIpv4DestinationAsV4MappedForAnIpv6Socket() throws Exception {
        ByteBuffer memory = memory();
        int length = SocketAddresses.encode(memory, AT, new InetSocketAddress("192.0.2.7", 5004), LibC.AF_INET6);

        assertEquals(28, length);
        assertArrayEquals(new byte[] {
                10, 0,                   // sin6_family AF_INET6
                0x13, (byte) 0x8C,       // sin6_port 5004
                0, 0, 0, 0,              // sin6_flowinfo
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, // ::ffff:
                (byte) 192, 0, 2, 7,     // the IPv4 address
                0, 0, 0, 0,              // sin6_scope_id
        }, bytes(memory, 28));
    }

    @Test
    void shouldEncodeSockaddrIn6WithItsScopeId() throws Exception {
        ByteBuffer memory = memory();
        InetAddress linkLocal = java.net.Inet6Address.getByAddress(null,
                InetAddress.getByName("fe80::1").getAddress(), 3);
        int length = SocketAddresses.encode(memory, AT, new InetSocketAddress(linkLocal, 443), LibC.AF_INET6);

        assertEquals(28, length);
        assertArrayEquals(new byte[] {
                10, 0,                   // sin6_family AF_INET6
                0x01, (byte) 0xBB,       // sin6_port 443
                0, 0, 0, 0,              // sin6_flowinfo
                (byte) 0xFE, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, // fe80::1
                3, 0, 0, 0,              // sin6_scope_id 3, host order
        }, bytes(memory, 28));
    }

    @Test
    void shouldRefuseAnUnresolvedAddress() {
        assertEquals(-1, SocketAddresses.encode(memory(), AT, InetSocketAddress.createUnresolved("x.invalid", 1),
                LibC.AF_INET));
    }

    @Test
    void shouldDecodeWhatItEncodes() throws Exception {
        ByteBuffer memory = memory();
        for (String host : new String[] {"127.0.0.1", "::1", "2001:db8::5"}) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(host), 65535);
            int family = SocketAddresses.familyOf(address.getAddress());
            SocketAddresses.encode(memory, AT, address, family);

            assertEquals(address, SocketAddresses.decode(memory, AT), host);
        }
    }

    @Test
    void shouldDecodeAV4MappedAddressAsIpv4() throws Exception {
        ByteBuffer memory = memory();
        SocketAddresses.encode(memory, AT, new InetSocketAddress("10.1.2.3", 9), LibC.AF_INET6);

        assertEquals(new InetSocketAddress("10.1.2.3", 9), SocketAddresses.decode(memory, AT));
    }

    private static ByteBuffer memory() {
        return ByteBuffer.allocateDirect(128).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] bytes(ByteBuffer memory, int length) {
        byte[] bytes = new byte[length];
        memory.get(AT, bytes);
        return bytes;
    }
}

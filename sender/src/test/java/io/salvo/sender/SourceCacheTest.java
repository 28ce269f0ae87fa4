package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class SourceCacheTest {
    private final ByteBuffer memory = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());
    private final SourceCache cache = new SourceCache();

    @Test
    void shouldDecodeASourceOnceAndGiveTheSameObjectAfter() throws Exception {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 5005);
        SocketAddresses.encode(memory, 8, a, LibC.AF_INET);

        InetSocketAddress first = cache.decode(memory, 8);
        SocketAddresses.encode(memory, 8, a, LibC.AF_INET);
        InetSocketAddress second = cache.decode(memory, 8);

        assertEquals(a, first);
        assertSame(first, second);
    }

    @Test
    void shouldTellSourcesApartByPortAndAddress() throws Exception {
        InetSocketAddress a = decode(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 5005), LibC.AF_INET);
        InetSocketAddress otherPort = decode(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 5007),
                LibC.AF_INET);
        InetSocketAddress otherHost = decode(new InetSocketAddress(InetAddress.getByName("192.0.2.8"), 5005),
                LibC.AF_INET);

        assertEquals(5007, otherPort.getPort());
        assertEquals(InetAddress.getByName("192.0.2.8"), otherHost.getAddress());
        assertSame(a, decode(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 5005), LibC.AF_INET));
    }

    @Test
    void shouldDecodeIpv6AndV4MappedSources() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 6000);
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("198.51.100.1"), 6000);

        InetSocketAddress decodedV6 = decode(v6, LibC.AF_INET6);
        InetSocketAddress mapped = decode(v4, LibC.AF_INET6); // ::ffff:198.51.100.1 on a dual-stack socket

        assertEquals(v6, decodedV6);
        assertEquals(v4, mapped);
        assertEquals(Inet4Address.class, mapped.getAddress().getClass());
        assertSame(decodedV6, decode(v6, LibC.AF_INET6));
        assertSame(mapped, decode(v4, LibC.AF_INET6));
    }

    @Test
    void shouldForgetTheOldestOfMoreThanSixteenSources() throws Exception {
        InetSocketAddress[] decoded = new InetSocketAddress[SourceCache.SIZE + 1];
        for (int i = 0; i < decoded.length; i++) {
            decoded[i] = decode(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 7000 + i), LibC.AF_INET);
        }

        assertSame(decoded[16], decode(decoded[16], LibC.AF_INET));
        assertSame(decoded[1], decode(decoded[1], LibC.AF_INET));
        InetSocketAddress again = decode(decoded[0], LibC.AF_INET);
        assertEquals(decoded[0], again);
        assertNotSame(decoded[0], again, "the first source was replaced by the seventeenth");
    }

    @Test
    void shouldGiveTheHeldObjectForAnEqualAddress() {
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 9000);
        InetSocketAddress b = new InetSocketAddress("127.0.0.1", 9001);

        assertSame(a, cache.canonical(a));
        assertSame(b, cache.canonical(b));
        assertSame(a, cache.canonical(new InetSocketAddress("127.0.0.1", 9000)));
        assertSame(b, cache.canonical(new InetSocketAddress("127.0.0.1", 9001)));
    }

    private InetSocketAddress decode(InetSocketAddress address, int family) {
        SocketAddresses.encode(memory, 8, address, family);
        return cache.decode(memory, 8);
    }
}

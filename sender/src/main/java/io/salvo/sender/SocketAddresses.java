package io.salvo.sender;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Encodes and decodes Linux {@code sockaddr_in} / {@code sockaddr_in6} in native memory.
 *
 * <pre>
 * sockaddr_in  (16 bytes)            sockaddr_in6 (28 bytes)
 *  0  sa_family  u16 host order        0  sin6_family   u16 host order
 *  2  sin_port   u16 network order     2  sin6_port     u16 network order
 *  4  sin_addr   4 bytes               4  sin6_flowinfo u32
 *  8  sin_zero   8 bytes               8  sin6_addr     16 bytes
 *                                     24  sin6_scope_id u32 host order
 * </pre>
 *
 * On an IPv6 socket an IPv4 address is written as the v4-mapped {@code ::ffff:a.b.c.d}.
 */
final class SocketAddresses {
    static final int SOCKADDR_IN_LENGTH = 16;
    static final int SOCKADDR_IN6_LENGTH = 28;
    /** Room for either, 8-byte aligned. */
    static final int SLOT_SIZE = 32;

    private static final int FAMILY = 0;
    private static final int PORT = 2;
    private static final int IN_ADDR = 4;
    private static final int IN6_ADDR = 8;
    private static final int IN6_SCOPE_ID = 24;

    private SocketAddresses() {
    }

    /** The socket family ({@link LibC#AF_INET} or {@link LibC#AF_INET6}) that {@code address} needs. */
    static int familyOf(InetAddress address) {
        return address instanceof Inet6Address ? LibC.AF_INET6 : LibC.AF_INET;
    }

    /**
     * Writes {@code address} at {@code index} for a socket of {@code family}, zeroing the
     * {@link #SLOT_SIZE} bytes first.
     *
     * @return the sockaddr length, or -1 if the address is unresolved (nothing usable written)
     */
    static int encode(ByteBuffer memory, int index, InetSocketAddress address, int family) {
        for (int i = 0; i < SLOT_SIZE; i += 8) {
            memory.putLong(index + i, 0L);
        }
        InetAddress ip = address.getAddress();
        if (ip == null) {
            return -1;
        }
        byte[] bytes = ip.getAddress();
        putPort(memory, index, address.getPort());
        if (family == LibC.AF_INET && bytes.length == 4) {
            memory.putShort(index + FAMILY, (short) LibC.AF_INET);
            memory.put(index + IN_ADDR, bytes);
            return SOCKADDR_IN_LENGTH;
        }
        memory.putShort(index + FAMILY, (short) LibC.AF_INET6);
        if (bytes.length == 4) {
            memory.putShort(index + IN6_ADDR + 10, (short) 0xFFFF);
            memory.put(index + IN6_ADDR + 12, bytes);
        } else {
            memory.put(index + IN6_ADDR, bytes);
            memory.putInt(index + IN6_SCOPE_ID, ((Inet6Address) ip).getScopeId());
        }
        return SOCKADDR_IN6_LENGTH;
    }

    /** Reads the {@code sockaddr_in} or {@code sockaddr_in6} at {@code index}. */
    static InetSocketAddress decode(ByteBuffer memory, int index) {
        int family = memory.getShort(index + FAMILY);
        int port = ((memory.get(index + PORT) & 0xFF) << 8) | (memory.get(index + PORT + 1) & 0xFF);
        byte[] bytes;
        if (family == LibC.AF_INET) {
            bytes = new byte[4];
            memory.get(index + IN_ADDR, bytes);
        } else if (family == LibC.AF_INET6) {
            bytes = new byte[16];
            memory.get(index + IN6_ADDR, bytes);
        } else {
            throw new IllegalStateException("unexpected address family " + family);
        }
        try {
            InetAddress ip = InetAddress.getByAddress(bytes);
            if (ip instanceof Inet6Address && memory.getInt(index + IN6_SCOPE_ID) != 0) {
                ip = Inet6Address.getByAddress(null, bytes, memory.getInt(index + IN6_SCOPE_ID));
            }
            return new InetSocketAddress(ip, port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("bad address length " + bytes.length, e);
        }
    }

    private static void putPort(ByteBuffer memory, int index, int port) {
        memory.put(index + PORT, (byte) (port >>> 8));
        memory.put(index + PORT + 1, (byte) port);
    }
}

package io.salvo.sender;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The last {@link #SIZE} distinct sources of received datagrams, each decoded once: a {@code
 * sockaddr} seen before (same family, port, address and, for IPv6, scope) gives back the same
 * {@link InetSocketAddress} object without allocating; a new one is decoded and replaces the
 * oldest entry. One thread uses it (the receiving one).
 *
 * <p>The key of a {@code sockaddr} is three longs read in native order: for {@code sockaddr_in}
 * its first 8 bytes (family, port, address) and two zeros; for {@code sockaddr_in6} the family and
 * port with the scope id above them, then the 16 address bytes. The flow label is left out. An
 * address entered by {@link #canonical} has the key 0, 0, 0, which no {@code sockaddr} has (its
 * family is never 0).
 */
final class SourceCache {
    static final int SIZE = 16;

    private static final int IN6_ADDR = 8;
    private static final int IN6_SCOPE_ID = 24;

    private final long[] keys = new long[3 * SIZE];
    private final InetSocketAddress[] addresses = new InetSocketAddress[SIZE];
    private int last;
    private int next;

    /** The address of the {@code sockaddr} at {@code index} of {@code memory} (native order). */
    InetSocketAddress decode(ByteBuffer memory, int index) {
        long k0;
        long k1 = 0;
        long k2 = 0;
        if (memory.getShort(index) == LibC.AF_INET6) {
            k0 = (memory.getInt(index) & 0xFFFF_FFFFL) | ((long) memory.getInt(index + IN6_SCOPE_ID) << 32);
            k1 = memory.getLong(index + IN6_ADDR);
            k2 = memory.getLong(index + IN6_ADDR + 8);
        } else {
            k0 = memory.getLong(index);
        }
        if (matches(last, k0, k1, k2)) {
            return addresses[last];
        }
        for (int i = 0; i < SIZE; i++) {
            if (matches(i, k0, k1, k2)) {
                last = i;
                return addresses[i];
            }
        }
        return put(SocketAddresses.decode(memory, index), k0, k1, k2);
    }

    /**
     * An address equal to {@code address} that this cache already holds, else {@code address},
     * now held: the channel receiver's sources come out as the same object per source, as the
     * native receiver's do, whatever the JDK hands out.
     */
    InetSocketAddress canonical(InetSocketAddress address) {
        InetSocketAddress recent = addresses[last];
        if (recent == address || address.equals(recent)) {
            return recent;
        }
        for (int i = 0; i < SIZE; i++) {
            if (address.equals(addresses[i])) {
                last = i;
                return addresses[i];
            }
        }
        return put(address, 0, 0, 0);
    }

    private boolean matches(int slot, long k0, long k1, long k2) {
        int at = 3 * slot;
        return addresses[slot] != null && keys[at] == k0 && keys[at + 1] == k1 && keys[at + 2] == k2;
    }

    private InetSocketAddress put(InetSocketAddress address, long k0, long k1, long k2) {
        int slot = next;
        next = (next + 1) % SIZE;
        keys[3 * slot] = k0;
        keys[3 * slot + 1] = k1;
        keys[3 * slot + 2] = k2;
        addresses[slot] = address;
        last = slot;
        return address;
    }
}

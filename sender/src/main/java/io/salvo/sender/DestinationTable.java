package io.salvo.sender;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Encoded destinations for {@code mmsghdr.msg_name}: one native sockaddr slot per distinct
 * {@link InetSocketAddress} object (keyed by identity), reused across calls, so many messages to
 * the same address point at the same slot and an address is encoded (and allocates) only the
 * first time it is seen.
 *
 * <p>{@link #trim()} runs between syscalls, never while slots are referenced by a filled batch:
 * it forgets everything once more than {@link #TRIM_ABOVE} addresses are held. One batch adds at
 * most {@link MessageArray#MAX_MESSAGES} addresses, so the table (of {@link #CAPACITY} slots)
 * never fills.
 */
final class DestinationTable {
    static final int CAPACITY = 2048;
    static final int TRIM_ABOVE = 512;

    private final IdentitySlots slots = new IdentitySlots(CAPACITY);
    private final int[] lengths = new int[CAPACITY];
    private final NativeRegion memory = new NativeRegion(CAPACITY * SocketAddresses.SLOT_SIZE);
    private final int family;
    private InetSocketAddress lastAddress;
    private int lastSlot;

    /** A table for a socket of {@code family} ({@link LibC#AF_INET} or {@link LibC#AF_INET6}). */
    DestinationTable(int family) {
        this.family = family;
    }

    /**
     * The slot holding {@code address}, encoding it on first sight.
     *
     * @return the slot, or -1 if the address is unresolved
     */
    int slotOf(InetSocketAddress address) {
        if (address == lastAddress) {
            return lastSlot;
        }
        int slot = slots.find(address);
        if (slot >= 0) {
            lastAddress = address;
            lastSlot = slot;
            return slot;
        }
        slot = -slot - 1;
        int length = SocketAddresses.encode(memory.buffer(), slot * SocketAddresses.SLOT_SIZE, address, family);
        if (length < 0) {
            return -1;
        }
        slots.put(slot, address);
        lengths[slot] = length;
        lastAddress = address;
        lastSlot = slot;
        return slot;
    }

    /** Native address of {@code slot}'s sockaddr. */
    long address(int slot) {
        return memory.address() + (long) slot * SocketAddresses.SLOT_SIZE;
    }

    /** Length of {@code slot}'s sockaddr. */
    int length(int slot) {
        return lengths[slot];
    }

    /**
     * True if slots {@code a} and {@code b} hold the same sockaddr bytes: the same destination
     * for the kernel, even when the {@link InetSocketAddress} objects differ (a scope id that
     * {@code equals} ignores still tells them apart here).
     */
    boolean sameAddress(int a, int b) {
        if (a == b) {
            return true;
        }
        if (lengths[a] != lengths[b]) {
            return false;
        }
        ByteBuffer buffer = memory.buffer();
        int at = a * SocketAddresses.SLOT_SIZE;
        int bt = b * SocketAddresses.SLOT_SIZE;
        for (int i = 0; i < SocketAddresses.SLOT_SIZE; i += 8) {
            if (buffer.getLong(at + i) != buffer.getLong(bt + i)) {
                return false;
            }
        }
        return true;
    }

    /** Number of addresses held. */
    int size() {
        return slots.size();
    }

    /** Forgets all addresses if more than {@link #TRIM_ABOVE} are held; only between syscalls. */
    void trim() {
        if (slots.size() > TRIM_ABOVE) {
            lastAddress = null;
            slots.clear();
        }
    }

    /** Frees the native slots. */
    void free() {
        memory.free();
    }
}

package io.salvo.sender;

import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.OutputVector;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The native {@code struct mmsghdr} array handed to {@code sendmmsg}, with its {@code iovec}s
 * and a reserved {@code cmsghdr} area per message, preallocated once for {@link #MAX_MESSAGES}
 * messages and rewritten at fixed offsets by {@link #fill}. It knows nothing about syscalls.
 *
 * <pre>
 * struct mmsghdr (64 bytes, LP64 Linux)     struct iovec (16 bytes)
 *  0 msg_name       void*                     0 iov_base void*
 *  8 msg_namelen    u32 (+4 padding)          8 iov_len  size_t
 * 16 msg_iov        struct iovec*
 * 24 msg_iovlen     size_t
 * 32 msg_control    void*     (reserved area, unused until UDP GSO)
 * 40 msg_controllen size_t
 * 48 msg_flags      int (+4 padding)
 * 56 msg_len        u32: bytes sent, written by the kernel (+4 padding)
 * </pre>
 *
 * Memory: [mmsghdr x 1024][iovec x 8192][control x 1024 x 32 bytes].
 */
final class MessageArray {
    /** UIO_MAXIOV: most messages one sendmmsg takes, and most iovecs one message may have. */
    static final int MAX_MESSAGES = 1024;
    static final int MAX_VECTORS_PER_MESSAGE = 1024;
    /** Room for 8 vectors per message on average; a batch needing more ends its syscall early. */
    static final int IOV_CAPACITY = 8 * MAX_MESSAGES;
    /** Bytes reserved per message for one cmsghdr (CMSG_SPACE(2) = 24 for UDP_SEGMENT). */
    static final int CONTROL_SIZE = 32;

    static final int MMSGHDR_SIZE = 64;
    static final int IOVEC_SIZE = 16;
    static final int MSG_NAME = 0;
    static final int MSG_NAMELEN = 8;
    static final int MSG_IOV = 16;
    static final int MSG_IOVLEN = 24;
    static final int MSG_CONTROL = 32;
    static final int MSG_CONTROLLEN = 40;
    static final int MSG_FLAGS = 48;
    static final int MSG_LEN = 56;
    static final int IOV_BASE = 0;
    static final int IOV_LEN = 8;

    private static final int IOV_AREA = MAX_MESSAGES * MMSGHDR_SIZE;
    private static final int CONTROL_AREA = IOV_AREA + IOV_CAPACITY * IOVEC_SIZE;
    private static final int TOTAL_SIZE = CONTROL_AREA + MAX_MESSAGES * CONTROL_SIZE;

    private final NativeRegion memory = new NativeRegion(TOTAL_SIZE);
    private final ByteBuffer bytes = memory.buffer();
    private final long iovAddress = memory.address() + IOV_AREA;
    private final DestinationTable destinations;
    private final BufferAddresses buffers = new BufferAddresses();
    private final HeapStaging staging = new HeapStaging();

    private int rejectErrno;
    private int heapCopies;
    private long heapCopyBytes;

    /** An array whose destinations are encoded for a socket of {@code family}. */
    MessageArray(int family) {
        this.destinations = new DestinationTable(family);
    }

    /** Address of the first {@code mmsghdr}. */
    long address() {
        return memory.address();
    }

    /**
     * Writes {@code mmsghdr}s for up to {@code count} messages from {@code messages[from]}:
     * fewer when 1024 are reached, the iovecs or the heap staging run out, or a message is
     * rejected (too many vectors: EMSGSIZE; unresolved address: EINVAL).
     *
     * @return the number of messages written; 0 only if the first was rejected ({@link #rejectErrno()})
     */
    int fill(OutputMessage[] messages, int from, int count) {
        destinations.trim();
        staging.reset();
        rejectErrno = 0;
        heapCopies = 0;
        heapCopyBytes = 0;
        int limit = Math.min(count, MAX_MESSAGES);
        int iov = 0;
        for (int i = 0; i < limit; i++) {
            OutputMessage message = messages[from + i];
            int vectors = message.vectorCount();
            if (vectors > MAX_VECTORS_PER_MESSAGE) {
                return reject(i, Errno.EMSGSIZE);
            }
            if (iov + vectors > IOV_CAPACITY) {
                return i;
            }
            int heapBytes = heapBytes(message);
            if (heapBytes > staging.remaining()) {
                if (i > 0) {
                    return i;
                }
                staging.ensureCapacity(heapBytes);
            }
            long name = 0;
            int nameLength = 0;
            InetSocketAddress address = message.address();
            if (address != null) {
                int slot = destinations.slotOf(address);
                if (slot < 0) {
                    return reject(i, Errno.EINVAL);
                }
                name = destinations.address(slot);
                nameLength = destinations.length(slot);
            }
            int header = i * MMSGHDR_SIZE;
            bytes.putLong(header + MSG_NAME, name);
            bytes.putInt(header + MSG_NAMELEN, nameLength);
            bytes.putLong(header + MSG_IOV, iovAddress + (long) iov * IOVEC_SIZE);
            bytes.putLong(header + MSG_IOVLEN, vectors);
            bytes.putLong(header + MSG_CONTROL, 0L);
            bytes.putLong(header + MSG_CONTROLLEN, 0L);
            bytes.putInt(header + MSG_FLAGS, 0);
            bytes.putInt(header + MSG_LEN, 0);
            for (int v = 0; v < vectors; v++) {
                writeIovec(iov++, message.vector(v));
            }
        }
        return limit;
    }

    /** Copies each sent message's {@code msg_len} into its {@code bytesSent}; returns their sum. */
    long collect(OutputMessage[] messages, int from, int sent) {
        long total = 0;
        for (int i = 0; i < sent; i++) {
            int length = bytes.getInt(i * MMSGHDR_SIZE + MSG_LEN);
            messages[from + i].bytesSent(length);
            total += length;
        }
        return total;
    }

    /** The errno that made the last {@link #fill} write nothing, else 0. */
    int rejectErrno() {
        return rejectErrno;
    }

    /** Heap vectors copied by the last {@link #fill}. */
    int heapCopies() {
        return heapCopies;
    }

    /** Heap bytes copied by the last {@link #fill}. */
    long heapCopyBytes() {
        return heapCopyBytes;
    }

    /** Native address of message {@code index}'s reserved control area (for UDP GSO). */
    long controlAddress(int index) {
        return memory.address() + CONTROL_AREA + (long) index * CONTROL_SIZE;
    }

    /** Forgets cached buffers and frees all native memory. */
    void free() {
        buffers.clear();
        staging.free();
        destinations.free();
        memory.free();
    }

    private void writeIovec(int index, OutputVector vector) {
        ByteBuffer buffer = vector.buffer();
        int length = vector.length();
        long base;
        if (buffer.isDirect()) {
            base = buffers.addressOf(buffer) + vector.offset();
        } else {
            base = staging.copy(buffer, vector.offset(), length);
            heapCopies++;
            heapCopyBytes += length;
        }
        int at = IOV_AREA + index * IOVEC_SIZE;
        bytes.putLong(at + IOV_BASE, base);
        bytes.putLong(at + IOV_LEN, length);
    }

    private int reject(int index, int errno) {
        if (index == 0) {
            rejectErrno = errno;
        }
        return index;
    }

    private static int heapBytes(OutputMessage message) {
        int total = 0;
        for (int v = 0, n = message.vectorCount(); v < n; v++) {
            OutputVector vector = message.vector(v);
            if (!vector.buffer().isDirect()) {
                total += vector.length();
            }
        }
        return total;
    }
}

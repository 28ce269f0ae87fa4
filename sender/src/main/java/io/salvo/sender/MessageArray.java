package io.salvo.sender;

import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.OutputVector;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The native {@code struct mmsghdr} array handed to {@code sendmmsg}, with its {@code iovec}s
 * and a control area per {@code mmsghdr}, preallocated once for {@link #MAX_MESSAGES} messages
 * and rewritten at fixed offsets by {@link #fill}. It knows nothing about syscalls.
 *
 * <pre>
 * struct mmsghdr (64 bytes, LP64 Linux)     struct iovec (16 bytes)
 *  0 msg_name       void*                     0 iov_base void*
 *  8 msg_namelen    u32 (+4 padding)          8 iov_len  size_t
 * 16 msg_iov        struct iovec*
 * 24 msg_iovlen     size_t
 * 32 msg_control    void*     (a UDP_SEGMENT cmsghdr for a GSO run, else null)
 * 40 msg_controllen size_t
 * 48 msg_flags      int (+4 padding)
 * 56 msg_len        u32: bytes sent, written by the kernel (+4 padding)
 * </pre>
 *
 * Memory: [mmsghdr x 1024][iovec x 8192][control x 1024 x 32 bytes].
 *
 * <p>With {@link #gso(boolean) GSO} on, consecutive messages to the same destination (the same
 * sockaddr bytes) with the same length share one {@code mmsghdr} (a <em>run</em>): its iovecs
 * are all theirs, and a {@link UdpGso UDP_SEGMENT} control message tells the kernel to cut it
 * back into those datagrams. A shorter message ends its run as the last segment; a run holds at
 * most {@link UdpGso#MAX_SEGMENTS} messages, {@link UdpGso#MAX_RUN_BYTES} bytes and {@link
 * #MAX_VECTORS_PER_MESSAGE} iovecs; a run of one is a plain message. The kernel sends or refuses
 * a run whole, so {@link #collect} maps {@code mmsghdr}s back to messages.
 */
final class MessageArray {
    /** UIO_MAXIOV: most messages one fill takes, and most iovecs one mmsghdr may have. */
    static final int MAX_MESSAGES = 1024;
    static final int MAX_VECTORS_PER_MESSAGE = 1024;
    /** Room for 8 vectors per message on average; a batch needing more ends its syscall early. */
    static final int IOV_CAPACITY = 8 * MAX_MESSAGES;
    /** Bytes reserved per mmsghdr for one cmsghdr (CMSG_SPACE(2) = 24 for UDP_SEGMENT). */
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
    private static final int NO_SLOT = -1;

    private final NativeRegion memory = new NativeRegion(TOTAL_SIZE);
    private final ByteBuffer bytes = memory.buffer();
    private final long iovAddress = memory.address() + IOV_AREA;
    private final DestinationTable destinations;
    private final BufferAddresses buffers = new BufferAddresses();
    private final HeapStaging staging = new HeapStaging();
    /** Index (from the fill's first message) of the first message of each mmsghdr, then the count filled. */
    private final int[] firstMessage = new int[MAX_MESSAGES + 1];
    /** Length of each message filled (with GSO on), for the bytesSent of a run's segments. */
    private final int[] lengths = new int[MAX_MESSAGES];
    /** Whether each mmsghdr's msg_control currently points at a cmsg (cleared only then). */
    private final boolean[] hasControl = new boolean[MAX_MESSAGES];

    private boolean gso;
    private int headers;
    private int rejectErrno;
    private int heapCopies;
    private long heapCopyBytes;
    private long collectedBytes;
    private int collectedRuns;
    private int collectedSegments;

    // the mmsghdr being written
    private int runSlot;
    private int runSegments;
    private int runSegmentSize;
    private int runBytes;
    private int runVectors;
    private boolean runOpen;

    /** An array whose destinations are encoded for a socket of {@code family}; GSO off. */
    MessageArray(int family) {
        this.destinations = new DestinationTable(family);
    }

    /** Address of the first {@code mmsghdr}. */
    long address() {
        return memory.address();
    }

    /** Turns building UDP GSO runs on or off for the next {@link #fill}. */
    void gso(boolean on) {
        this.gso = on;
    }

    /** True if {@link #fill} builds GSO runs. */
    boolean gso() {
        return gso;
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
        headers = 0;
        runOpen = false;
        int limit = Math.min(count, MAX_MESSAGES);
        int iov = 0;
        for (int i = 0; i < limit; i++) {
            OutputMessage message = messages[from + i];
            int vectors = message.vectorCount();
            if (vectors > MAX_VECTORS_PER_MESSAGE) {
                return finish(reject(i, Errno.EMSGSIZE));
            }
            if (iov + vectors > IOV_CAPACITY) {
                return finish(i);
            }
            int slot = NO_SLOT;
            InetSocketAddress address = message.address();
            if (address != null) {
                slot = destinations.slotOf(address);
                if (slot < 0) {
                    return finish(reject(i, Errno.EINVAL));
                }
            }
            int length = writeIovecs(message, vectors, iov);
            if (length < 0) {
                if (i > 0) {
                    return finish(i);
                }
                staging.ensureCapacity(heapBytes(message));
                length = writeIovecs(message, vectors, iov);
            }
            if (runOpen && joinsRun(slot, length, vectors)) {
                runSegments++;
                runBytes += length;
                runVectors += vectors;
                runOpen = length == runSegmentSize && runSegments < UdpGso.MAX_SEGMENTS;
            } else {
                endHeader();
                startHeader(i, slot, length, vectors, iov);
            }
            lengths[i] = length;
            iov += vectors;
        }
        return finish(limit);
    }

    /** Number of {@code mmsghdr}s the last {@link #fill} wrote: the {@code vlen} for sendmmsg. */
    int headers() {
        return headers;
    }

    /** Number of messages in {@code mmsghdr} {@code header} of the last fill (more than 1: a GSO run). */
    int segments(int header) {
        return firstMessage[header + 1] - firstMessage[header];
    }

    /**
     * After the kernel sent the first {@code sentHeaders} {@code mmsghdr}s of the last fill from
     * {@code messages[from]}: fills in each of their messages' {@code bytesSent} (a run's segments
     * each get their own length) and returns how many messages that is.
     */
    int collect(OutputMessage[] messages, int from, int sentHeaders) {
        long total = 0;
        int runs = 0;
        int segments = 0;
        for (int h = 0; h < sentHeaders; h++) {
            int first = firstMessage[h];
            int end = firstMessage[h + 1];
            int length = bytes.getInt(h * MMSGHDR_SIZE + MSG_LEN);
            total += length;
            if (end - first == 1) {
                messages[from + first].bytesSent(length);
            } else {
                runs++;
                segments += end - first;
                for (int i = first; i < end; i++) {
                    messages[from + i].bytesSent(lengths[i]);
                }
            }
        }
        collectedBytes = total;
        collectedRuns = runs;
        collectedSegments = segments;
        return firstMessage[sentHeaders];
    }

    /** Bytes sent by the messages of the last {@link #collect}. */
    long collectedBytes() {
        return collectedBytes;
    }

    /** GSO runs among the {@code mmsghdr}s of the last {@link #collect}. */
    int collectedRuns() {
        return collectedRuns;
    }

    /** Messages sent inside those runs. */
    int collectedSegments() {
        return collectedSegments;
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

    /** Native address of {@code mmsghdr} {@code header}'s control area. */
    long controlAddress(int header) {
        return memory.address() + CONTROL_AREA + (long) header * CONTROL_SIZE;
    }

    /** Forgets cached buffers and frees all native memory. */
    void free() {
        buffers.clear();
        staging.free();
        destinations.free();
        memory.free();
    }

    /** Writes a new mmsghdr for message {@code index}, whose iovecs start at {@code iov}. */
    private void startHeader(int index, int slot, int length, int vectors, int iov) {
        int header = headers++;
        firstMessage[header] = index;
        int at = header * MMSGHDR_SIZE;
        bytes.putLong(at + MSG_NAME, slot == NO_SLOT ? 0L : destinations.address(slot));
        bytes.putInt(at + MSG_NAMELEN, slot == NO_SLOT ? 0 : destinations.length(slot));
        bytes.putLong(at + MSG_IOV, iovAddress + (long) iov * IOVEC_SIZE);
        bytes.putLong(at + MSG_IOVLEN, vectors);
        if (hasControl[header]) {
            bytes.putLong(at + MSG_CONTROL, 0L);
            bytes.putLong(at + MSG_CONTROLLEN, 0L);
            hasControl[header] = false;
        }
        // msg_flags is ignored by sendmmsg and msg_len written by it for each message sent
        runSlot = slot;
        runSegments = 1;
        runSegmentSize = length;
        runBytes = length;
        runVectors = vectors;
        runOpen = gso && length > 0 && length <= UdpGso.MAX_SEGMENT_SIZE;
    }

    /** True if a message to {@code slot} of {@code length} bytes in {@code vectors} may join the open run. */
    private boolean joinsRun(int slot, int length, int vectors) {
        return length > 0 && length <= runSegmentSize
                && runBytes + length <= UdpGso.MAX_RUN_BYTES
                && runVectors + vectors <= MAX_VECTORS_PER_MESSAGE
                && (slot == runSlot || (slot != NO_SLOT && runSlot != NO_SLOT && destinations.sameAddress(slot, runSlot)));
    }

    /** Completes the mmsghdr being written: all its iovecs, and the UDP_SEGMENT cmsg of a run. */
    private void endHeader() {
        if (headers == 0) {
            return;
        }
        int header = headers - 1;
        if (runSegments > 1) {
            int at = header * MMSGHDR_SIZE;
            bytes.putLong(at + MSG_IOVLEN, runVectors);
            UdpGso.writeControl(bytes, CONTROL_AREA + header * CONTROL_SIZE, runSegmentSize);
            bytes.putLong(at + MSG_CONTROL, controlAddress(header));
            bytes.putLong(at + MSG_CONTROLLEN, UdpGso.CONTROL_LENGTH);
            hasControl[header] = true;
        }
    }

    /** Ends the fill after {@code filled} messages. */
    private int finish(int filled) {
        endHeader();
        runOpen = false;
        firstMessage[headers] = filled;
        return filled;
    }

    /**
     * Writes the iovecs of {@code message} from iovec {@code iov}, copying heap vectors into the
     * staging area.
     *
     * @return the message's length, or -1 (nothing copied, nothing counted) if its heap vectors
     *         do not fit in the staging area's room
     */
    private int writeIovecs(OutputMessage message, int vectors, int iov) {
        int length = 0;
        int mark = staging.used();
        int copies = 0;
        int copyBytes = 0;
        int at = IOV_AREA + iov * IOVEC_SIZE;
        for (int v = 0; v < vectors; v++, at += IOVEC_SIZE) {
            OutputVector vector = message.vector(v);
            ByteBuffer buffer = vector.buffer();
            int n = vector.length();
            long base;
            if (buffer.isDirect()) {
                base = buffers.addressOf(buffer) + vector.offset();
            } else if (n <= staging.remaining()) {
                base = staging.copy(buffer, vector.offset(), n);
                copies++;
                copyBytes += n;
            } else {
                staging.rewind(mark);
                return -1;
            }
            bytes.putLong(at + IOV_BASE, base);
            bytes.putLong(at + IOV_LEN, n);
            length += n;
        }
        heapCopies += copies;
        heapCopyBytes += copyBytes;
        return length;
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

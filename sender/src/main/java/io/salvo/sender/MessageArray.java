package io.salvo.sender;

import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.OutputVector;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;

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
 * 32 msg_control    void*     (this mmsghdr's control area, or null if it has no cmsghdr)
 * 40 msg_controllen size_t
 * 48 msg_flags      int (+4 padding)
 * 56 msg_len        u32: bytes sent, written by the kernel (+4 padding)
 * </pre>
 *
 * Memory: [mmsghdr x 1024][iovec x 8192][control x 1024 x 48 bytes]. A control area holds, in
 * this order, an {@link TxTimeControl SCM_TXTIME} cmsghdr (24 bytes) when the message has a
 * departure time and {@link #txTime(boolean) txTime} is on, and a UDP_SEGMENT cmsghdr (24 bytes)
 * when it is a GSO run; {@code msg_controllen} is the sum of those present.
 *
 * <p>With {@link #gso(boolean) GSO} on, consecutive messages to the same destination (the same
 * sockaddr bytes) with the same length share one {@code mmsghdr} (a <em>run</em>): its iovecs
 * are all theirs, and a {@link UdpGso UDP_SEGMENT} control message tells the kernel to cut it
 * back into those datagrams. A shorter message ends its run as the last segment; a run holds at
 * most {@link UdpGso#MAX_SEGMENTS} messages, {@link UdpGso#MAX_RUN_BYTES} bytes and {@link
 * #MAX_VECTORS_PER_MESSAGE} iovecs; a run of one is a plain message. The kernel sends or refuses
 * a run whole, so {@link #collect} maps {@code mmsghdr}s back to messages.
 *
 * <p>With {@link #txTime(boolean) txTime} on, a message with a {@link OutputMessage#departureNanos()
 * departure time} gets an {@code SCM_TXTIME} control message, and a run only messages with the
 * same departure time (the kernel stamps the run's datagrams with one time).
 */
final class MessageArray {
    /** UIO_MAXIOV: most messages one fill takes, and most iovecs one mmsghdr may have. */
    static final int MAX_MESSAGES = 1024;
    static final int MAX_VECTORS_PER_MESSAGE = 1024;
    /** Room for 8 vectors per message on average; a batch needing more ends its syscall early. */
    static final int IOV_CAPACITY = 8 * MAX_MESSAGES;
    /** Bytes reserved per mmsghdr: an SCM_TXTIME (CMSG_SPACE(8) = 24) then a UDP_SEGMENT (CMSG_SPACE(2) = 24). */
    static final int CONTROL_SIZE = TxTimeControl.CONTROL_LENGTH + UdpGso.CONTROL_LENGTH;

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
    private static final int WORDS_PER_MMSGHDR = MMSGHDR_SIZE / Long.BYTES;
    private static final int WORDS_PER_IOVEC = IOVEC_SIZE / Long.BYTES;
    /** msg_namelen (u32) and its padding as one native long. */
    private static final int NAMELEN_SHIFT = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 0 : 32;

    private final NativeRegion memory = new NativeRegion(TOTAL_SIZE);
    private final ByteBuffer bytes = memory.buffer();
    private final long iovAddress = memory.address() + IOV_AREA;
    private final DestinationTable destinations;
    private final BufferAddresses buffers = new BufferAddresses();
    private final HeapStaging staging = new HeapStaging();
    /** Index (from the fill's first message) of the first message of each mmsghdr, then the count filled. */
    private final int[] firstMessage = new int[MAX_MESSAGES + 1];
    /** Length of each message filled, for the bytesSent of a run's segments. */
    private final int[] lengths = new int[MAX_MESSAGES];
    /**
     * The mmsghdrs and iovecs are written as longs into these heap arrays and copied into native
     * memory in bulk at the end of {@link #fill}: plain array stores are several times cheaper
     * than a bounds-checked store per field into a direct buffer.
     */
    private final long[] headerWords = new long[MAX_MESSAGES * WORDS_PER_MMSGHDR];
    private final long[] iovWords = new long[IOV_CAPACITY * WORDS_PER_IOVEC];
    private final LongBuffer words = bytes.asLongBuffer();

    private boolean gso;
    private boolean txTime;
    private int headers;
    private int rejectErrno;
    private int heapCopies;
    private long heapCopyBytes;
    private long collectedBytes;
    private int collectedRuns;
    private int collectedSegments;

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
     * Turns writing {@code SCM_TXTIME} control messages on or off for the next {@link #fill}; only
     * for a socket with {@code SO_TXTIME} set (the kernel refuses the message otherwise).
     */
    void txTime(boolean on) {
        this.txTime = on;
    }

    /**
     * Writes {@code mmsghdr}s for up to {@code count} messages from {@code messages[from]}:
     * fewer when 1024 are reached, the iovecs or the heap staging run out, or a message is
     * rejected (too many vectors: EMSGSIZE; unresolved address: EINVAL).
     *
     * @return the number of messages written; 0 only if the first was rejected ({@link #rejectErrno()})
     * @throws NullPointerException for a null message or vector buffer among those it reaches
     */
    int fill(OutputMessage[] messages, int from, int count) {
        destinations.trim();
        staging.reset();
        rejectErrno = 0;
        heapCopies = 0;
        heapCopyBytes = 0;
        boolean runs = gso;
        boolean stamps = txTime;
        int limit = Math.min(count, MAX_MESSAGES);
        int filled = limit;
        int iov = 0;
        // the mmsghdr being written, kept in locals (registers) across messages
        int header = -1;
        int runSlot = NO_SLOT;
        int segments = 0;
        int segmentSize = 0;
        int runBytes = 0;
        int runVectors = 0;
        long runDeparture = 0;
        boolean open = false;
        for (int i = 0; i < limit; i++) {
            OutputMessage message = messages[from + i];
            if (message == null) {
                throw new NullPointerException("messages[" + (from + i) + "] is null");
            }
            int vectors = message.vectorCount();
            if (vectors > MAX_VECTORS_PER_MESSAGE) {
                filled = reject(i, Errno.EMSGSIZE);
                break;
            }
            if (iov + vectors > IOV_CAPACITY) {
                filled = i;
                break;
            }
            int slot = NO_SLOT;
            InetSocketAddress address = message.address();
            if (address != null) {
                slot = destinations.slotOf(address);
                if (slot < 0) {
                    filled = reject(i, Errno.EINVAL);
                    break;
                }
            }
            int length = writeIovecs(message, from + i, vectors, iov);
            if (length < 0) {
                if (i > 0) {
                    filled = i;
                    break;
                }
                staging.ensureCapacity(heapBytes(message));
                length = writeIovecs(message, from, vectors, iov);
            }
            long departure = stamps ? message.departureNanos() : 0L;
            if (open && length > 0 && length <= segmentSize && runBytes + length <= UdpGso.MAX_RUN_BYTES
                    && runVectors + vectors <= MAX_VECTORS_PER_MESSAGE && sameDestination(slot, runSlot)
                    && departure == runDeparture) {
                segments++;
                runBytes += length;
                runVectors += vectors;
                open = length == segmentSize && segments < UdpGso.MAX_SEGMENTS;
            } else {
                if (segments > 1) {
                    endRun(header, runVectors, segmentSize, runDeparture != 0);
                }
                header++;
                startHeader(header, i, slot, vectors, iov, departure);
                runSlot = slot;
                runDeparture = departure;
                segments = 1;
                segmentSize = length;
                runBytes = length;
                runVectors = vectors;
                open = runs && length > 0 && length <= UdpGso.MAX_SEGMENT_SIZE;
            }
            lengths[i] = length;
            iov += vectors;
        }
        if (segments > 1) {
            endRun(header, runVectors, segmentSize, runDeparture != 0);
        }
        headers = header + 1;
        firstMessage[headers] = filled;
        words.put(0, headerWords, 0, headers * WORDS_PER_MMSGHDR);
        words.put(IOV_AREA / Long.BYTES, iovWords, 0, iov * WORDS_PER_IOVEC);
        return filled;
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

    /**
     * Writes mmsghdr {@code header} for message {@code index} to {@code slot}, its iovecs from {@code
     * iov}, with an SCM_TXTIME cmsg unless {@code departure} is 0.
     */
    private void startHeader(int header, int index, int slot, int vectors, int iov, long departure) {
        firstMessage[header] = index;
        int at = header * WORDS_PER_MMSGHDR;
        headerWords[at + MSG_NAME / Long.BYTES] = slot == NO_SLOT ? 0L : destinations.address(slot);
        headerWords[at + MSG_NAMELEN / Long.BYTES] = slot == NO_SLOT ? 0L : (long) destinations.length(slot) << NAMELEN_SHIFT;
        headerWords[at + MSG_IOV / Long.BYTES] = iovAddress + (long) iov * IOVEC_SIZE;
        headerWords[at + MSG_IOVLEN / Long.BYTES] = vectors;
        if (departure == 0) {
            headerWords[at + MSG_CONTROL / Long.BYTES] = 0L;
            headerWords[at + MSG_CONTROLLEN / Long.BYTES] = 0L;
        } else {
            headerWords[at + MSG_CONTROL / Long.BYTES] = controlAddress(header);
            headerWords[at + MSG_CONTROLLEN / Long.BYTES] = TxTimeControl.CONTROL_LENGTH;
            TxTimeControl.writeControl(bytes, CONTROL_AREA + header * CONTROL_SIZE, departure);
        }
        headerWords[at + MSG_FLAGS / Long.BYTES] = 0L;
        headerWords[at + MSG_LEN / Long.BYTES] = 0L;
    }

    /**
     * Makes mmsghdr {@code header} a GSO run: all its iovecs, and a UDP_SEGMENT cmsg, after the
     * SCM_TXTIME that {@link #startHeader} wrote if {@code timed}.
     */
    private void endRun(int header, int vectors, int segmentSize, boolean timed) {
        int at = header * WORDS_PER_MMSGHDR;
        int skip = timed ? TxTimeControl.CONTROL_LENGTH : 0;
        headerWords[at + MSG_IOVLEN / Long.BYTES] = vectors;
        headerWords[at + MSG_CONTROL / Long.BYTES] = controlAddress(header);
        headerWords[at + MSG_CONTROLLEN / Long.BYTES] = skip + UdpGso.CONTROL_LENGTH;
        UdpGso.writeControl(bytes, CONTROL_AREA + header * CONTROL_SIZE + skip, segmentSize);
    }

    /** True if messages to slots {@code a} and {@code b} go to the same sockaddr (or both to the peer). */
    private boolean sameDestination(int a, int b) {
        return a == b || (a != NO_SLOT && b != NO_SLOT && destinations.sameAddress(a, b));
    }

    /**
     * Writes the iovecs of {@code message} (the caller's {@code messages[index]}) from iovec {@code
     * iov}, copying heap vectors into the staging area.
     *
     * @return the message's length, or -1 (nothing copied, nothing counted) if its heap vectors
     *         do not fit in the staging area's room
     */
    private int writeIovecs(OutputMessage message, int index, int vectors, int iov) {
        int length = 0;
        int mark = staging.used();
        int copies = 0;
        int copyBytes = 0;
        int at = iov * WORDS_PER_IOVEC;
        for (int v = 0; v < vectors; v++, at += WORDS_PER_IOVEC) {
            OutputVector vector = message.vector(v);
            ByteBuffer buffer = vector.buffer();
            if (buffer == null) {
                throw new NullPointerException("messages[" + index + "] vector " + v + " has no buffer");
            }
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
            iovWords[at + IOV_BASE / Long.BYTES] = base;
            iovWords[at + IOV_LEN / Long.BYTES] = n;
            length += n;
        }
        if (copies != 0) {
            heapCopies += copies;
            heapCopyBytes += copyBytes;
        }
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

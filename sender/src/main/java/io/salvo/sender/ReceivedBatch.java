package io.salvo.sender;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Where a {@link DatagramReceiver} puts the datagrams of one receive: up to {@link #capacity()}
 * slots of {@link #maxDatagramSize()} bytes in one direct {@link #buffer() buffer}, with each
 * datagram's length, truncation and source. Allocated once and reused for every receive; nothing
 * in it is allocated per datagram, except the first time a source is seen.
 *
 * <p>Its memory is native and freed by {@link #close()}; after that, a receive into it throws
 * {@link IllegalStateException}, and the buffer obtained before must not be read. One thread uses
 * a batch at a time; close it only when no receive is filling it.
 *
 * <p>Layout of the native side (LP64 Linux, the {@code mmsghdr} of {@link MessageArray}):
 * <pre>
 * headers: [mmsghdr x capacity][iovec x capacity][sockaddr_storage (128 bytes) x capacity]
 *   mmsghdr i (64): msg_name = sockaddr i, msg_namelen = 128 (the kernel writes back the real
 *                   length; set again before the next receive), msg_iov = iovec i, msg_iovlen = 1,
 *                   no control; msg_flags (MSG_TRUNC) and msg_len are written by the kernel
 *   iovec i (16):   iov_base = slot i of the data, iov_len = maxDatagramSize
 * data:    capacity slots of maxDatagramSize bytes, then one spare byte, which lets the channel
 *          receiver read one byte past a slot to see that a datagram did not fit
 * </pre>
 */
public final class ReceivedBatch implements AutoCloseable {
    /** Most datagrams one batch holds: UIO_MAXIOV, the most one {@code recvmmsg} takes. */
    public static final int MAX_CAPACITY = MessageArray.MAX_MESSAGES;
    /** Largest slot: above any UDP payload. */
    public static final int MAX_DATAGRAM_SIZE = 65536;

    static final int SOCKADDR_STORAGE_SIZE = 128;

    private final int capacity;
    private final int slotSize;
    private final NativeRegion headers;
    private final NativeRegion data;
    private final ByteBuffer headerBytes;
    private final int nameArea;
    private final ByteBuffer buffer;
    private final ByteBuffer receiveView;
    private final int[] lengths;
    private final boolean[] truncated;
    private final InetSocketAddress[] sources;
    private final SourceCache sourceCache = new SourceCache();
    private int count;
    private long bytes;
    private int truncatedCount;
    private long arrivalNanos;
    private boolean closed;

    /**
     * A batch of {@code capacity} slots (1 to {@link #MAX_CAPACITY}) of {@code maxDatagramSize}
     * bytes each (1 to {@link #MAX_DATAGRAM_SIZE}); a longer datagram is cut to the slot and
     * reported {@link #truncated(int) truncated}.
     */
    public ReceivedBatch(int capacity, int maxDatagramSize) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be 1.." + MAX_CAPACITY + ", was " + capacity);
        }
        if (maxDatagramSize < 1 || maxDatagramSize > MAX_DATAGRAM_SIZE) {
            throw new IllegalArgumentException(
                    "max datagram size must be 1.." + MAX_DATAGRAM_SIZE + ", was " + maxDatagramSize);
        }
        this.capacity = capacity;
        this.slotSize = maxDatagramSize;
        int iovArea = capacity * MessageArray.MMSGHDR_SIZE;
        this.nameArea = iovArea + capacity * MessageArray.IOVEC_SIZE;
        this.headers = new NativeRegion(nameArea + capacity * SOCKADDR_STORAGE_SIZE);
        try {
            this.data = new NativeRegion(capacity * maxDatagramSize + 1);
        } catch (RuntimeException | Error e) {
            headers.free();
            throw e;
        }
        this.headerBytes = headers.buffer();
        this.receiveView = data.buffer().duplicate();
        this.buffer = data.buffer().duplicate().limit(capacity * maxDatagramSize).slice().order(ByteOrder.BIG_ENDIAN);
        this.lengths = new int[capacity];
        this.truncated = new boolean[capacity];
        this.sources = new InetSocketAddress[capacity];
        long base = headers.address();
        for (int i = 0; i < capacity; i++) {
            int header = i * MessageArray.MMSGHDR_SIZE;
            int iov = iovArea + i * MessageArray.IOVEC_SIZE;
            headerBytes.putLong(header + MessageArray.MSG_NAME, base + nameArea + (long) i * SOCKADDR_STORAGE_SIZE);
            headerBytes.putInt(header + MessageArray.MSG_NAMELEN, SOCKADDR_STORAGE_SIZE);
            headerBytes.putLong(header + MessageArray.MSG_IOV, base + iov);
            headerBytes.putLong(header + MessageArray.MSG_IOVLEN, 1);
            headerBytes.putLong(iov + MessageArray.IOV_BASE, data.address() + (long) i * maxDatagramSize);
            headerBytes.putLong(iov + MessageArray.IOV_LEN, maxDatagramSize);
        }
    }

    /** How many datagrams the batch can hold. */
    public int capacity() {
        return capacity;
    }

    /** Bytes per slot: the longest datagram kept whole. */
    public int maxDatagramSize() {
        return slotSize;
    }

    /** Datagrams in the batch from the last receive (0 after a receive that got none, and after close). */
    public int count() {
        return count;
    }

    /**
     * The direct, big-endian buffer holding all slots; datagram {@code i} is at {@link
     * #offset(int) offset(i)}, {@link #length(int) length(i)} bytes long. The same object every
     * call; its position and limit are the caller's to use, receives ignore them.
     *
     * @throws IllegalStateException if the batch is closed
     */
    public ByteBuffer buffer() {
        checkOpen();
        return buffer;
    }

    /** Where datagram {@code i} starts in {@link #buffer()}: {@code i * maxDatagramSize()}. */
    public int offset(int i) {
        Objects.checkIndex(i, count);
        return i * slotSize;
    }

    /** Length of datagram {@code i} in the buffer: at most {@link #maxDatagramSize()}. */
    public int length(int i) {
        Objects.checkIndex(i, count);
        return lengths[i];
    }

    /** True if datagram {@code i} was longer than its slot and lost its tail (MSG_TRUNC). */
    public boolean truncated(int i) {
        Objects.checkIndex(i, count);
        return truncated[i];
    }

    /**
     * Who sent datagram {@code i}. Decoded on first call; a source seen before (the last 16
     * distinct ones are kept) comes back as the same object, without allocating.
     */
    public InetSocketAddress source(int i) {
        Objects.checkIndex(i, count);
        InetSocketAddress source = sources[i];
        if (source == null) {
            checkOpen();
            source = sourceCache.decode(headerBytes, nameArea + i * SOCKADDR_STORAGE_SIZE);
            sources[i] = source;
        }
        return source;
    }

    /** {@link System#nanoTime()} read right after the receive call that filled this batch returned. */
    public long arrivalNanos() {
        return arrivalNanos;
    }

    /** Frees the native memory, once; the batch is empty from then on. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            count = 0;
            headers.free();
            data.free();
        }
    }

    @Override
    public String toString() {
        return "ReceivedBatch[count=" + count + ", capacity=" + capacity + ", maxDatagramSize=" + slotSize
                + (closed ? ", closed" : "") + "]";
    }

    /**
     * Empties the batch before a receive: forgets the last datagrams and gives their {@code
     * msg_namelen} its full size again.
     *
     * @throws IllegalStateException if the batch is closed
     */
    void reset() {
        checkOpen();
        for (int i = 0; i < count; i++) {
            headerBytes.putInt(i * MessageArray.MMSGHDR_SIZE + MessageArray.MSG_NAMELEN, SOCKADDR_STORAGE_SIZE);
            sources[i] = null;
        }
        count = 0;
        bytes = 0;
        truncatedCount = 0;
    }

    /** Address of the first {@code mmsghdr}, for {@code recvmmsg}. */
    long headersAddress() {
        return headers.address();
    }

    /** After {@code recvmmsg} returned {@code received} at {@code nanos}: reads each one's length and flags. */
    void filledByKernel(int received, long nanos) {
        for (int i = 0; i < received; i++) {
            int header = i * MessageArray.MMSGHDR_SIZE;
            lengths[i] = headerBytes.getInt(header + MessageArray.MSG_LEN);
            truncated[i] = (headerBytes.getInt(header + MessageArray.MSG_FLAGS) & LibC.MSG_TRUNC) != 0;
        }
        finish(received, nanos);
    }

    /**
     * A view of slot {@code i} and the byte after it (position at the slot's start), for a channel
     * to receive one datagram into: one byte more than fits tells a datagram was truncated.
     */
    ByteBuffer slotView(int i) {
        int start = i * slotSize;
        receiveView.limit(start + slotSize + 1).position(start);
        return receiveView;
    }

    /** The channel put {@code received} bytes from {@code source} in slot {@code i} through {@link #slotView}. */
    void filledSlot(int i, int received, InetSocketAddress source) {
        lengths[i] = Math.min(received, slotSize);
        truncated[i] = received > slotSize;
        sources[i] = sourceCache.canonical(source);
    }

    /** The channel filled slots {@code 0 .. received)}, the last receive call returning at {@code nanos}. */
    void filledSlots(int received, long nanos) {
        finish(received, nanos);
    }

    /** Bytes in the batch. */
    long bytes() {
        return bytes;
    }

    /** Datagrams of the batch that were truncated. */
    int truncatedCount() {
        return truncatedCount;
    }

    private void finish(int received, long nanos) {
        long total = 0;
        int cut = 0;
        for (int i = 0; i < received; i++) {
            total += lengths[i];
            if (truncated[i]) {
                cut++;
            }
        }
        count = received;
        bytes = total;
        truncatedCount = cut;
        arrivalNanos = nanos;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the batch is closed");
        }
    }
}

package io.salvo.sender;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of one sender, readable from any thread while the sending thread (the only writer)
 * updates them once per syscall, never per message.
 */
public final class SenderStats {
    private static final int DATAGRAMS = 0;
    private static final int BYTES = 1;
    private static final int SYSCALLS = 2;
    private static final int PARTIAL_SENDS = 3;
    private static final int WOULD_BLOCKS = 4;
    private static final int HEAP_COPIES = 5;
    private static final int HEAP_COPY_BYTES = 6;
    private static final int ERRORS = 7;
    private static final int GSO_RUNS = 8;
    private static final int GSO_SEGMENTS = 9;
    private static final int GSO_FALLBACKS = 10;
    private static final int GSO_RETRIES = 11;
    private static final int COUNTERS = 12;

    private final AtomicLongArray counters = new AtomicLongArray(COUNTERS);
    private final ErrnoCounts errorsByErrno = new ErrnoCounts();

    SenderStats() {
    }

    /** Datagrams the kernel accepted. */
    public long datagrams() {
        return counters.get(DATAGRAMS);
    }

    /** Bytes the kernel accepted (sum of {@code bytesSent}). */
    public long bytes() {
        return counters.get(BYTES);
    }

    /** Send syscalls made ({@code sendmmsg}, or one per datagram for the channel sender). */
    public long syscalls() {
        return counters.get(SYSCALLS);
    }

    /** Calls to {@code send} that returned fewer messages than asked for. */
    public long partialSends() {
        return counters.get(PARTIAL_SENDS);
    }

    /** Times the kernel answered EAGAIN (send buffer full). */
    public long wouldBlocks() {
        return counters.get(WOULD_BLOCKS);
    }

    /** Heap-buffer vectors copied into native staging memory before sending. */
    public long heapCopies() {
        return counters.get(HEAP_COPIES);
    }

    /** Bytes of those copies. */
    public long heapCopyBytes() {
        return counters.get(HEAP_COPY_BYTES);
    }

    /** UDP GSO runs the kernel accepted: messages of several datagrams, each cut back by the kernel. */
    public long gsoRuns() {
        return counters.get(GSO_RUNS);
    }

    /** Datagrams sent inside those runs (also counted in {@link #datagrams()}). */
    public long gsoSegments() {
        return counters.get(GSO_SEGMENTS);
    }

    /**
     * Times the kernel refused a GSO run (EIO, EINVAL or EMSGSIZE) and the sender switched GSO off
     * for a back-off and sent the run's datagrams one by one instead: the first refusal and every
     * {@link #gsoRetries() retry} refused. A refusal is not an {@link #errors() error}: nothing
     * was lost.
     */
    public long gsoFallbacks() {
        return counters.get(GSO_FALLBACKS);
    }

    /**
     * Times the sender tried GSO again after the back-off that followed a {@link #gsoFallbacks()
     * refusal}. GSO is in use while retries equal fallbacks, off (in a back-off) while they are one
     * fewer.
     */
    public long gsoRetries() {
        return counters.get(GSO_RETRIES);
    }

    /** Errors other than EAGAIN and EINTR, all errnos together. */
    public long errors() {
        return counters.get(ERRORS);
    }

    /** Errors with {@code errno}. */
    public long errors(int errno) {
        return errorsByErrno.get(errno);
    }

    /** Errors by errno name ({@code "EMSGSIZE" -> 3}), only those seen; a new map each call. */
    public Map<String, Long> errorsByErrno() {
        return errorsByErrno.byName();
    }

    void sent(int syscalls, long datagrams, long bytes) {
        add(SYSCALLS, syscalls);
        add(DATAGRAMS, datagrams);
        add(BYTES, bytes);
    }

    void heapCopies(long copies, long copyBytes) {
        if (copies > 0) {
            add(HEAP_COPIES, copies);
            add(HEAP_COPY_BYTES, copyBytes);
        }
    }

    void gso(int runs, int segments) {
        if (runs > 0) {
            add(GSO_RUNS, runs);
            add(GSO_SEGMENTS, segments);
        }
    }

    void gsoFallback() {
        add(GSO_FALLBACKS, 1);
    }

    void gsoRetry() {
        add(GSO_RETRIES, 1);
    }

    void wouldBlock() {
        add(WOULD_BLOCKS, 1);
    }

    void partialSend() {
        add(PARTIAL_SENDS, 1);
    }

    void error(int errno) {
        add(ERRORS, 1);
        errorsByErrno.add(errno);
    }

    private void add(int counter, long delta) {
        counters.lazySet(counter, counters.get(counter) + delta);
    }

    @Override
    public String toString() {
        return "SenderStats[datagrams=" + datagrams() + ", bytes=" + bytes() + ", syscalls=" + syscalls()
                + ", partialSends=" + partialSends() + ", wouldBlocks=" + wouldBlocks() + ", heapCopies="
                + heapCopies() + ", heapCopyBytes=" + heapCopyBytes() + ", gsoRuns=" + gsoRuns() + ", gsoSegments="
                + gsoSegments() + ", gsoFallbacks=" + gsoFallbacks() + ", gsoRetries=" + gsoRetries() + ", errors="
                + errorsByErrno() + "]";
    }
}

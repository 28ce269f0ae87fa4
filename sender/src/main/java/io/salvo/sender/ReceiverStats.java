package io.salvo.sender;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of one {@link DatagramReceiver}, readable from any thread while the receiving thread
 * (the only writer) updates them once per receive call, never per datagram.
 */
public final class ReceiverStats {
    private static final int DATAGRAMS = 0;
    private static final int BYTES = 1;
    private static final int SYSCALLS = 2;
    private static final int TRUNCATED = 3;
    private static final int SOCKET_ERRORS = 4;
    private static final int COUNTERS = 5;

    private final AtomicLongArray counters = new AtomicLongArray(COUNTERS);
    private final ErrnoCounts socketErrorsByErrno = new ErrnoCounts();

    ReceiverStats() {
    }

    /** Datagrams received. */
    public long datagrams() {
        return counters.get(DATAGRAMS);
    }

    /** Bytes received (truncated datagrams count what was kept). */
    public long bytes() {
        return counters.get(BYTES);
    }

    /**
     * Receive syscalls made: one {@code recvmmsg} per attempt for the native receiver, one per
     * datagram (plus the one that finds none) for the channel receiver.
     */
    public long syscalls() {
        return counters.get(SYSCALLS);
    }

    /** Datagrams longer than the batch's slots, cut to fit (MSG_TRUNC); also counted in {@link #datagrams()}. */
    public long truncated() {
        return counters.get(TRUNCATED);
    }

    /** Errors left pending on the socket by ICMP messages (ECONNREFUSED…), counted instead of thrown. */
    public long socketErrors() {
        return counters.get(SOCKET_ERRORS);
    }

    /** Socket errors with {@code errno}. */
    public long socketErrors(int errno) {
        return socketErrorsByErrno.get(errno);
    }

    /** Socket errors by errno name ({@code "ECONNREFUSED" -> 2}), only those seen; a new map each call. */
    public Map<String, Long> socketErrorsByErrno() {
        return socketErrorsByErrno.byName();
    }

    void received(int syscalls, int datagrams, long bytes, int truncated) {
        add(SYSCALLS, syscalls);
        if (datagrams > 0) {
            add(DATAGRAMS, datagrams);
            add(BYTES, bytes);
        }
        if (truncated > 0) {
            add(TRUNCATED, truncated);
        }
    }

    void socketError(int errno) {
        add(SOCKET_ERRORS, 1);
        socketErrorsByErrno.add(errno);
    }

    private void add(int counter, long delta) {
        counters.lazySet(counter, counters.get(counter) + delta);
    }

    @Override
    public String toString() {
        return "ReceiverStats[datagrams=" + datagrams() + ", bytes=" + bytes() + ", syscalls=" + syscalls()
                + ", truncated=" + truncated() + ", socketErrors=" + socketErrorsByErrno() + "]";
    }
}

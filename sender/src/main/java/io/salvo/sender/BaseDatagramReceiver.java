package io.salvo.sender;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The {@link DatagramReceiver#receive receive} contract, written once over a transport that can
 * take what waits on the socket without blocking ({@link #receiveSome}), wait for a datagram
 * ({@link #awaitReadable}) and be woken ({@link #wakeup}): timeouts, EINTR, pending socket
 * errors counted instead of thrown, close from another thread.
 *
 * <p>It lives on its sender's socket and lifecycle: each receive holds the sender's receive
 * reference ({@link BaseDatagramSender#RECEIVING}), so closing the sender never frees the fd or
 * memory under a running receive; the sender wakes it ({@link #wakeup}) when closed, and frees
 * what the receiver holds ({@link #closeResources}) with its own resources.
 */
abstract class BaseDatagramReceiver implements DatagramReceiver {
    /** Counters, written by the receiving thread. */
    protected final ReceiverStats stats = new ReceiverStats();

    private final BaseDatagramSender owner;
    private final String call;

    /** A receiver on {@code owner}'s socket whose errors name {@code call} ("recvmmsg", "receive"). */
    BaseDatagramReceiver(BaseDatagramSender owner, String call) {
        this.owner = owner;
        this.call = call;
    }

    @Override
    public final int receive(ReceivedBatch batch, long timeoutMicros) throws IOException {
        Objects.requireNonNull(batch, "batch");
        owner.acquire(BaseDatagramSender.RECEIVING);
        try {
            // only once the reference is held: a refused second receive must not touch the batch
            // that the running one may be filling
            batch.reset();
            return receiveAny(batch, timeoutMicros);
        } finally {
            owner.release(BaseDatagramSender.RECEIVING);
        }
    }

    @Override
    public final InetSocketAddress localAddress() {
        return owner.localAddress();
    }

    @Override
    public final ReceiverStats stats() {
        return stats;
    }

    /**
     * Takes up to the batch's capacity of the datagrams waiting, without blocking, and fills the
     * batch (its count, lengths, sources and arrival time) and the stats with them.
     *
     * @return the number received ({@code > 0}), or {@code -errno} ({@code -EAGAIN} when none waits)
     */
    abstract int receiveSome(ReceivedBatch batch);

    /** Waits until a datagram may be read, {@link #wakeup} is called or {@code nanos} pass ({@code < 0}: no limit). */
    abstract void awaitReadable(long nanos) throws IOException;

    /** Makes a current or the next {@link #awaitReadable} return at once; any thread, while the socket is open. */
    abstract void wakeup();

    /** Frees what the receiver holds of its own; called once, with no receive running. */
    void closeResources() {
    }

    /** The exception for {@code errno}, which is neither EAGAIN, EINTR, EBADF nor a pending socket error. */
    ErrnoException errnoException(int errno) {
        return new ErrnoException(call, errno);
    }

    /** True once the sender is closed. */
    final boolean closed() {
        return owner.isClosed();
    }

    private int receiveAny(ReceivedBatch batch, long timeoutMicros) throws IOException {
        long start = timeoutMicros > 0 ? System.nanoTime() : 0;
        long limit = TimeUnit.MICROSECONDS.toNanos(timeoutMicros);
        while (true) {
            int result = receiveSome(batch);
            if (result > 0) {
                return result;
            }
            int errno = result == 0 ? Errno.EAGAIN : -result;
            if (errno == Errno.EINTR) {
                continue;
            }
            if (errno == Errno.EBADF) {
                throw new SenderClosedException();
            }
            if (errno != Errno.EAGAIN) {
                if (!Errno.isPendingSocketError(errno)) {
                    throw errnoException(errno);
                }
                // reading it cleared it: go on to what waits behind it
                stats.socketError(errno);
                continue;
            }
            if (timeoutMicros == 0) {
                return 0;
            }
            long nanos = -1;
            if (timeoutMicros > 0) {
                nanos = limit - (System.nanoTime() - start);
                if (nanos <= 0) {
                    return 0;
                }
            }
            if (closed()) {
                throw new SenderClosedException();
            }
            awaitReadable(nanos);
            if (closed()) {
                throw new SenderClosedException();
            }
        }
    }
}

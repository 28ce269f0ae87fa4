package io.salvo.sender;

import io.salvo.rtp.OutputMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link DatagramSender#send send} contract, written once over a transport that can send
 * some messages without blocking ({@link #sendSome}), wait for room ({@link #awaitWritable}) and
 * be woken ({@link #wakeup}): timeouts, cancellation, close from another thread, the
 * only-if-none-sent exception rule and the pending error of a half-sent call.
 *
 * <p>Lifecycle: {@code state} holds a closed bit and the references to the socket and its memory:
 * the owner's ({@link #close()} drops it) and one for a send in progress and one for a receive in
 * progress, which may run at the same time on two threads. A second send (or receive) while one
 * runs is refused with {@link IllegalStateException}. Whoever drops the last reference frees the
 * resources, so close never frees memory or an fd under a running send or receive.
 */
abstract class BaseDatagramSender implements DatagramSender {
    private static final int CLOSED = 1;
    /** The reference of a send in progress. */
    static final int SENDING = 2;
    /** The reference of a receive in progress. */
    static final int RECEIVING = 4;
    private static final int OWNER = 8;

    private static final int WAIT_DONE = 0;
    private static final int WOULD_BLOCK = 1;
    private static final int TIMED_OUT = 2;
    private static final int CANCELLED = 3;
    private static final int CLOSED_WHILE_WAITING = 4;

    /** Counters, written by the sending thread. */
    protected final SenderStats stats = new SenderStats();

    private final AtomicInteger state = new AtomicInteger(OWNER);
    private final Runnable waker = this::wakeup;
    private final Object receiverLock = new Object();
    private volatile BaseDatagramReceiver receiver;
    private final String call;
    private int pendingErrno;

    /** A sender whose errors name {@code call} ("sendmmsg", "send"). */
    BaseDatagramSender(String call) {
        this.call = call;
    }

    @Override
    public final int send(OutputMessage[] messages, int offset, int count, int flags, long timeoutMicros,
                          Cancellable cancellable) throws IOException {
        Objects.checkFromIndexSize(offset, count, messages.length);
        acquire(SENDING);
        int sent = 0;
        try {
            checkFlags(flags);
            checkMessages(messages, offset, count);
            sent = count == 0 ? 0 : sendAll(messages, offset, count, flags, timeoutMicros, cancellable);
            return sent;
        } finally {
            // the transport filled in bytesSent of the messages it sent; the others get 0
            for (int i = offset + sent, end = offset + count; i < end; i++) {
                if (messages[i] != null) {
                    messages[i].bytesSent(0);
                }
            }
            release(SENDING);
        }
    }

    @Override
    public final SenderStats stats() {
        return stats;
    }

    @Override
    public final DatagramReceiver receiver() {
        BaseDatagramReceiver current = receiver;
        if (current == null) {
            synchronized (receiverLock) {
                current = receiver;
                if (current == null) {
                    current = newReceiver();
                    receiver = current;
                }
            }
        }
        return current;
    }

    @Override
    public final void close() {
        int s;
        do {
            s = state.get();
            if ((s & CLOSED) != 0) {
                return;
            }
        } while (!state.compareAndSet(s, s | CLOSED));
        // the owner's reference keeps the fds open while the waits are woken
        if ((s & SENDING) != 0) {
            wakeup();
        }
        if ((s & RECEIVING) != 0) {
            receiver.wakeup();
        }
        release(OWNER);
    }

    /** True once {@link #close()} was called. */
    public final boolean isClosed() {
        return (state.get() & CLOSED) != 0;
    }

    /**
     * Sends messages from {@code from}, at most {@code count}, without blocking.
     *
     * @return the number sent ({@code > 0}), or {@code -errno} ({@code -EAGAIN} when full)
     */
    abstract int sendSome(OutputMessage[] messages, int from, int count, int flags);

    /** Waits until the socket may take more, {@link #wakeup} is called or {@code nanos} pass ({@code < 0}: no limit). */
    abstract void awaitWritable(long nanos) throws IOException;

    /** Makes a current or the next {@link #awaitWritable} return at once; any thread. */
    abstract void wakeup();

    /** Closes the socket and frees memory; called once, with no send or receive running. */
    abstract void closeResources();

    /** A receiver on this sender's socket; called once, may be after close (it must then hold nothing). */
    abstract BaseDatagramReceiver newReceiver();

    /**
     * Throws {@link NullPointerException} for a null message or vector buffer in the range, before
     * anything is sent. A transport that checks part of the range itself before its first
     * syscall may check only the rest.
     */
    void checkMessages(OutputMessage[] messages, int offset, int count) {
        checkRange(messages, offset, count);
    }

    /** Rejects {@code flags} this transport cannot honour. */
    void checkFlags(int flags) {
    }

    /** The exception for {@code errno} on the message at {@code index}. */
    SendException errnoException(int errno, OutputMessage[] messages, int index) {
        if (errno == Errno.EBADF) {
            return new SenderClosedException();
        }
        InetSocketAddress destination = messages[index].address();
        return new ErrnoException(call, errno, index, destination != null ? destination : remoteAddress());
    }

    private int sendAll(OutputMessage[] messages, int offset, int count, int flags, long timeoutMicros,
                        Cancellable cancellable) throws IOException {
        if (pendingErrno != 0) {
            int errno = pendingErrno;
            pendingErrno = 0;
            throw errnoException(errno, messages, offset);
        }
        if (cancellable != null && cancellable.isCancelled()) {
            throw new SendCancelledException();
        }
        long start = timeoutMicros > 0 ? System.nanoTime() : 0;
        long limit = TimeUnit.MICROSECONDS.toNanos(timeoutMicros);
        int sent = 0;
        int stop = WAIT_DONE;
        while (sent < count) {
            int result = sendSome(messages, offset + sent, count - sent, flags);
            if (result > 0) {
                sent += result;
                continue;
            }
            int errno = result == 0 ? Errno.EAGAIN : -result;
            if (errno == Errno.EINTR) {
                continue;
            }
            if (errno != Errno.EAGAIN) {
                stats.error(errno);
                if (sent == 0) {
                    throw errnoException(errno, messages, offset);
                }
                pendingErrno = errno;
                break;
            }
            stats.wouldBlock();
            if (timeoutMicros == 0) {
                stop = WOULD_BLOCK;
                break;
            }
            long nanos = -1;
            if (timeoutMicros > 0) {
                nanos = limit - (System.nanoTime() - start);
                if (nanos <= 0) {
                    stop = TIMED_OUT;
                    break;
                }
            }
            stop = await(nanos, cancellable);
            if (stop != WAIT_DONE) {
                break;
            }
        }
        if (sent < count) {
            stats.partialSend();
        }
        if (sent > 0) {
            return sent;
        }
        switch (stop) {
            case WOULD_BLOCK:
                throw new WouldBlockException();
            case TIMED_OUT:
                throw new SendTimeoutException(timeoutMicros);
            case CANCELLED:
                throw new SendCancelledException();
            default:
                throw new SenderClosedException();
        }
    }

    private int await(long nanos, Cancellable cancellable) throws IOException {
        if (cancellable != null && !cancellable.register(waker)) {
            return CANCELLED;
        }
        try {
            if (isClosed()) {
                return CLOSED_WHILE_WAITING;
            }
            awaitWritable(nanos);
        } finally {
            if (cancellable != null) {
                cancellable.unregister(waker);
            }
        }
        if (isClosed()) {
            return CLOSED_WHILE_WAITING;
        }
        if (cancellable != null && cancellable.isCancelled()) {
            return CANCELLED;
        }
        return WAIT_DONE;
    }

    /** The null checks of {@link #checkMessages} over {@code messages[offset .. offset + count)}. */
    static void checkRange(OutputMessage[] messages, int offset, int count) {
        for (int i = offset, end = offset + count; i < end; i++) {
            OutputMessage message = messages[i];
            if (message == null) {
                throw new NullPointerException("messages[" + i + "] is null");
            }
            for (int v = 0, n = message.vectorCount(); v < n; v++) {
                if (message.vector(v).buffer() == null) {
                    throw new NullPointerException("messages[" + i + "] vector " + v + " has no buffer");
                }
            }
        }
    }

    /**
     * Takes the reference of a send ({@link #SENDING}) or a receive ({@link #RECEIVING}).
     *
     * @throws SenderClosedException if the sender is closed
     * @throws IllegalStateException if another thread holds that reference
     */
    final void acquire(int operation) throws SenderClosedException {
        if (state.compareAndSet(OWNER, OWNER | operation)) {
            return;
        }
        while (true) {
            int s = state.get();
            if ((s & CLOSED) != 0) {
                throw new SenderClosedException();
            }
            if ((s & operation) != 0) {
                throw new IllegalStateException((operation == SENDING ? "send" : "receive")
                        + " called from two threads at once");
            }
            if (state.compareAndSet(s, s | operation)) {
                return;
            }
        }
    }

    /** Drops a reference taken by {@link #acquire} (or the owner's); the last one frees the resources. */
    final void release(int reference) {
        if (state.addAndGet(-reference) == CLOSED) {
            BaseDatagramReceiver current = receiver;
            if (current != null) {
                current.closeResources();
            }
            closeResources();
        }
    }
}

package io.salvo.sender;

import io.salvo.rtp.OutputMessage;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Puts batches of datagrams on the wire from one UDP socket, with the semantics of GIO's {@code
 * send_messages}. One thread sends at a time (a concurrent second send fails with {@link
 * IllegalStateException}); {@link #close()} and {@link Cancellable#cancel()} may come from any
 * thread and wake a blocked send. Interrupting the sending thread does not wake it: use a
 * {@link Cancellable}.
 */
public interface DatagramSender extends AutoCloseable {
    /**
     * Sends {@code messages[offset .. offset + count)} in order and fills in each sent message's
     * {@link OutputMessage#bytesSent() bytesSent} (0 for the others).
     *
     * <p>{@code timeoutMicros < 0} blocks until all {@code count} are sent (or cancel, close or an
     * error); {@code 0} never blocks: it returns what fit, or throws {@link WouldBlockException} if
     * nothing did; {@code > 0} waits at most that long, then returns the count sent so far, or
     * throws {@link SendTimeoutException} if none was. More than 1024 messages take several
     * syscalls inside one call; EINTR is retried.
     *
     * <p>An exception is thrown only if no message could be sent. A failure after some were sent
     * returns their count, and the failing message's error is thrown by the next call (with that
     * call's first index), as the kernel does.
     *
     * @param flags {@code MSG_*} flags passed to the kernel as they are
     * @param cancellable a {@link Cancellable}, or null
     * @return the number of messages sent, {@code > 0} unless {@code count} is 0
     * @throws WouldBlockException     timeout 0 and the send buffer is full
     * @throws SendTimeoutException    timeout expired before any message was sent
     * @throws SenderClosedException   the sender is (or was, while waiting) closed
     * @throws SendCancelledException  {@code cancellable} was cancelled
     * @throws ErrnoException          the kernel refused the first message (EMSGSIZE, ECONNREFUSED…)
     * @throws IndexOutOfBoundsException if the range is outside {@code messages}
     * @throws NullPointerException    if a message or a vector's buffer in the range is null
     */
    int send(OutputMessage[] messages, int offset, int count, int flags, long timeoutMicros,
             Cancellable cancellable) throws IOException;

    /**
     * True if this sender hands each message's {@link OutputMessage#departureNanos() departure
     * time} to the kernel ({@code SO_TXTIME}, see {@link SenderOptions#txTime}); false (the
     * default) if it ignores departure times.
     */
    default boolean txTimeEnabled() {
        return false;
    }

    /** The address the socket is bound to. */
    InetSocketAddress localAddress();

    /** The connected peer, or null for an unconnected socket. */
    InetSocketAddress remoteAddress();

    /** Live counters of this sender. */
    SenderStats stats();

    /**
     * The receiver of datagrams arriving on this sender's socket (the replies of its peers, RTCP
     * on an rtcp-mux socket): created on first call, the same object after, closed with this
     * sender. A receive may run on one thread while a send runs on another.
     */
    DatagramReceiver receiver();

    /**
     * Closes the socket and frees native memory, once, waking a blocked send or receive; later
     * sends and receives throw {@link SenderClosedException}.
     */
    @Override
    void close();
}

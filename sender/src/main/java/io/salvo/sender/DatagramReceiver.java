package io.salvo.sender;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Reads batches of datagrams on the socket of a {@link DatagramSender} ({@link
 * DatagramSender#receiver()}): RTCP receiver reports on the socket the media leaves from
 * (rtcp-mux, RFC 5761), or on the RTCP socket of a {@link SocketPair}. Made for the
 * transmitter thread: {@code receive(batch, 0)} between ticks never blocks and, on the native
 * sender, allocates nothing per datagram.
 *
 * <p>One thread receives at a time (a concurrent second receive fails with {@link
 * IllegalStateException}) while another may send on the same socket. The receiver belongs to its
 * sender: closing the sender, from any thread, wakes a blocked receive and closes the receiver.
 */
public interface DatagramReceiver {
    /**
     * Fills {@code batch} with the datagrams waiting on the socket, up to its {@link
     * ReceivedBatch#capacity() capacity}, and returns how many ({@link ReceivedBatch#count()}).
     *
     * <p>{@code timeoutMicros == 0} never blocks: 0 when nothing waits, which is no error; {@code
     * < 0} blocks until at least one datagram arrives; {@code > 0} waits at most that long and
     * returns 0 if none came. EINTR is retried. An error an ICMP message left pending on the socket
     * (ECONNREFUSED after a port unreachable on a connected socket, EHOSTUNREACH…: {@link
     * Errno#isPendingSocketError}) is counted in {@link ReceiverStats#socketErrors()} and the
     * receive goes on. The kernel hands such an error to whichever call comes first on the
     * socket: a receive counts it, and the next send then does not see it.
     *
     * @return the number of datagrams in the batch, 0 on would-block or timeout
     * @throws SenderClosedException if the sender is (or was, while waiting) closed
     * @throws ErrnoException        for any other error of the receive call, naming it ({@code recvmmsg})
     * @throws IllegalStateException if {@code batch} is closed, or another thread is receiving
     */
    int receive(ReceivedBatch batch, long timeoutMicros) throws IOException;

    /** The address the socket is bound to: the sender's. */
    InetSocketAddress localAddress();

    /** Live counters of this receiver. */
    ReceiverStats stats();
}

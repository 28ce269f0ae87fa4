package io.salvo.sender;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * The receiver of a {@link ChannelSender}: {@link DatagramChannel#receive} into the batch's direct
 * buffer, one datagram per call, until the batch is full or none waits; waits on a {@link
 * Selector} of its own (the sender's is for writes, and a send may wait on it meanwhile), opened
 * at the first wait.
 *
 * <p>The channel cannot report truncation, so each datagram is read into its slot plus one byte:
 * a datagram that fills that byte was longer than the slot. {@code receive} is used on a connected
 * channel too, where {@code read} would not tell a zero-length datagram from none.
 *
 * <p>Allocation: the JDK 17 and 25 channels keep the last source address they decoded and hand
 * the same object back while the source stays the same, so receiving from one peer allocates
 * nothing per datagram (measured: 0 bytes for 2,500 datagrams on JDK 17); datagrams from
 * alternating sources make the JDK decode, and allocate, a new address each time. The batch then
 * maps each to one object per source. A wait that blocks allocates inside the JDK's {@code
 * Selector} (about 330 bytes per timed-out {@code select} on JDK 17); {@code receive(batch, 0)}
 * never waits.
 */
final class ChannelReceiver extends BaseDatagramReceiver {
    private final DatagramChannel channel;
    private volatile Selector selector;
    private int deferredErrno;
    private IOException lastFailure;

    ChannelReceiver(BaseDatagramSender owner, DatagramChannel channel) {
        super(owner, "receive");
        this.channel = channel;
    }

    @Override
    int receiveSome(ReceivedBatch batch) {
        if (deferredErrno != 0) {
            int errno = deferredErrno;
            deferredErrno = 0;
            return -errno;
        }
        int received = 0;
        int syscalls = 0;
        int result = -Errno.EAGAIN;
        while (received < batch.capacity()) {
            ByteBuffer slot = batch.slotView(received);
            int start = slot.position();
            SocketAddress source;
            syscalls++;
            try {
                source = channel.receive(slot);
            } catch (IOException e) {
                lastFailure = e;
                result = -Errno.of(e);
                break;
            }
            if (source == null) {
                break;
            }
            batch.filledSlot(received, slot.position() - start, (InetSocketAddress) source);
            received++;
        }
        long now = System.nanoTime();
        batch.filledSlots(received, now);
        stats.received(syscalls, received, batch.bytes(), batch.truncatedCount());
        if (received == 0) {
            return result;
        }
        if (result != -Errno.EAGAIN) {
            // as the kernel does for recvmmsg: the datagrams first, the error on the next call
            deferredErrno = -result;
        }
        return received;
    }

    @Override
    void awaitReadable(long nanos) throws IOException {
        Selector waiting = selector;
        if (waiting == null) {
            waiting = Selector.open();
            try {
                channel.register(waiting, SelectionKey.OP_READ);
            } catch (IOException | RuntimeException e) {
                waiting.close();
                throw e;
            }
            selector = waiting;
            if (closed()) {
                return; // close() may have looked for a selector to wake before this one existed
            }
        }
        if (nanos < 0) {
            waiting.select();
        } else {
            waiting.select(Math.max(1, nanos / 1_000_000 + (nanos % 1_000_000 == 0 ? 0 : 1)));
        }
        waiting.selectedKeys().clear();
    }

    @Override
    void wakeup() {
        Selector waiting = selector;
        if (waiting != null) {
            waiting.wakeup();
        }
    }

    @Override
    void closeResources() {
        Selector waiting = selector;
        if (waiting != null) {
            try {
                waiting.close();
            } catch (IOException ignored) {
                // nothing left to do with a selector that fails to close
            }
        }
    }

    @Override
    ErrnoException errnoException(int errno) {
        ErrnoException exception = super.errnoException(errno);
        if (lastFailure != null) {
            exception.initCause(lastFailure);
            lastFailure = null;
        }
        return exception;
    }
}

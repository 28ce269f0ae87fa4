package io.salvo.sender;

import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.OutputVector;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * The portable sender on {@link DatagramChannel}: the same contract as {@link SendmmsgSender},
 * one datagram per syscall. A connected channel sends a message's vectors with a gathering
 * write; an unconnected one must copy each datagram into one native buffer first (the JDK has no
 * gathering send to an address). Used where the native sender is unavailable and as the baseline
 * in benchmarks. Flags other than 0 are not supported; {@link SenderOptions#receiveErrors} and
 * {@link SenderOptions#gso} are ignored (the JDK has no UDP GSO), and so are departure times:
 * {@link SenderOptions#txTime} AUTO is off here and ON fails to open (no {@code SO_TXTIME}). As with any JDK channel,
 * interrupting the sending (or receiving) thread closes the channel, after which sends and
 * receives throw {@link SenderClosedException}. Its {@link #receiver()} reads the channel one
 * datagram per call.
 */
public final class ChannelSender extends BaseDatagramSender {
    /** Largest datagram the unconnected path can copy (above any UDP payload limit). */
    static final int MAX_DATAGRAM = 65536;

    private final DatagramChannel channel;
    private final Selector selector;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final ChannelViews views = new ChannelViews();
    private final ByteBuffer staging;
    private int deferredErrno;
    private IOException lastFailure;

    private ChannelSender(DatagramChannel channel, Selector selector, InetSocketAddress remote) throws IOException {
        super("send");
        this.channel = channel;
        this.selector = selector;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.remote = remote;
        this.staging = remote == null ? ByteBuffer.allocateDirect(MAX_DATAGRAM) : null;
    }

    /** An unconnected sender bound to {@code local} (port 0: any). */
    public static ChannelSender open(InetSocketAddress local) throws IOException {
        return open(local, null, new SenderOptions());
    }

    /** A sender bound to {@code local} and connected to {@code remote}. */
    public static ChannelSender open(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        return open(local, remote, new SenderOptions());
    }

    /**
     * A sender bound to {@code local}, connected to {@code remote} unless null, with {@code options}.
     *
     * @throws IOException from the channel, or if {@code options} ask for {@link SenderOptions.TxTime#ON}
     */
    public static ChannelSender open(InetSocketAddress local, InetSocketAddress remote, SenderOptions options)
            throws IOException {
        if (local.isUnresolved() || (remote != null && remote.isUnresolved())) {
            throw new IllegalArgumentException("unresolved address: " + (local.isUnresolved() ? local : remote));
        }
        if (options.txTime() == SenderOptions.TxTime.ON) {
            throw new IOException("SenderOptions.txTime(ON): ChannelSender cannot set SO_TXTIME (the JDK has no such"
                    + " option); use the native SendmmsgSender, or TxTime.AUTO to pace in user space here");
        }
        ProtocolFamily family = local.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        DatagramChannel channel = DatagramChannel.open(family);
        Selector selector = null;
        try {
            if (options.sendBufferSize() > 0) {
                channel.setOption(StandardSocketOptions.SO_SNDBUF, options.sendBufferSize());
            }
            if (options.receiveBufferSize() > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBufferSize());
            }
            if (options.trafficClass() >= 0) {
                channel.setOption(StandardSocketOptions.IP_TOS, options.trafficClass());
            }
            if (options.multicastTtl() >= 0) {
                channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, options.multicastTtl());
            }
            if (options.multicastInterface() != null) {
                channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, options.multicastInterface());
            }
            channel.bind(local);
            if (remote != null) {
                channel.connect(remote);
            }
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_WRITE);
            return new ChannelSender(channel, selector, remote);
        } catch (IOException | RuntimeException e) {
            if (selector != null) {
                selector.close();
            }
            channel.close();
            throw e;
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    /** Reads a socket option of the channel (for checks and diagnostics). */
    <T> T option(SocketOption<T> name) throws IOException {
        return channel.getOption(name);
    }

    @Override
    void checkFlags(int flags) {
        if (flags != 0) {
            throw new IllegalArgumentException("ChannelSender cannot pass MSG_* flags to the kernel, got " + flags);
        }
    }

    @Override
    int sendSome(OutputMessage[] messages, int from, int count, int flags) {
        if (deferredErrno != 0) {
            int errno = deferredErrno;
            deferredErrno = 0;
            return -errno;
        }
        int sent = 0;
        int syscalls = 0;
        long bytes = 0;
        long heapCopies = 0;
        long heapCopyBytes = 0;
        int result = 0;
        for (; sent < count; sent++) {
            OutputMessage message = messages[from + sent];
            int errno = check(message);
            int written;
            if (errno != 0) {
                written = -errno;
            } else {
                syscalls++;
                written = write(message);
            }
            if (written < 0) {
                result = written;
                break;
            }
            message.bytesSent(written);
            bytes += written;
            for (int v = 0, n = message.vectorCount(); v < n; v++) {
                OutputVector vector = message.vector(v);
                if (!vector.buffer().isDirect()) {
                    heapCopies++;
                    heapCopyBytes += vector.length();
                }
            }
        }
        stats.sent(syscalls, sent, bytes);
        stats.heapCopies(heapCopies, heapCopyBytes);
        if (sent == 0) {
            return result;
        }
        if (result != -Errno.EAGAIN) {
            deferredErrno = -result;
        }
        return sent;
    }

    @Override
    void awaitWritable(long nanos) throws IOException {
        if (nanos < 0) {
            selector.select();
        } else {
            selector.select(Math.max(1, nanos / 1_000_000 + (nanos % 1_000_000 == 0 ? 0 : 1)));
        }
        selector.selectedKeys().clear();
    }

    @Override
    void wakeup() {
        selector.wakeup();
    }

    @Override
    BaseDatagramReceiver newReceiver() {
        return new ChannelReceiver(this, channel);
    }

    @Override
    void closeResources() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to do with a selector that fails to close
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the fd is released by the JDK even when close reports an error
        }
    }

    @Override
    SendException errnoException(int errno, OutputMessage[] messages, int index) {
        SendException exception = super.errnoException(errno, messages, index);
        if (lastFailure != null) {
            exception.initCause(lastFailure);
            lastFailure = null;
        }
        return exception;
    }

    /** The errno the kernel would give for a message the channel cannot even try, else 0. */
    private int check(OutputMessage message) {
        if (message.vectorCount() > MessageArray.MAX_VECTORS_PER_MESSAGE) {
            return Errno.EMSGSIZE;
        }
        InetSocketAddress address = message.address();
        if (remote != null) {
            return address == null || address.equals(remote) ? 0 : Errno.EISCONN;
        }
        if (address == null) {
            return Errno.EDESTADDRREQ;
        }
        if (address.isUnresolved()) {
            return Errno.EINVAL;
        }
        return message.length() > MAX_DATAGRAM ? Errno.EMSGSIZE : 0;
    }

    /** Bytes written, or {@code -errno} ({@code -EAGAIN} when the socket is full). */
    private int write(OutputMessage message) {
        int length = message.length();
        int vectors = message.vectorCount();
        try {
            int written;
            if (remote != null) {
                ByteBuffer[] gather = views.array(vectors);
                for (int v = 0; v < vectors; v++) {
                    gather[v] = views.view(v, message.vector(v));
                }
                written = (int) channel.write(gather, 0, vectors);
            } else {
                staging.clear();
                for (int v = 0; v < vectors; v++) {
                    OutputVector vector = message.vector(v);
                    staging.put(staging.position(), vector.buffer(), vector.offset(), vector.length());
                    staging.position(staging.position() + vector.length());
                }
                staging.flip();
                written = channel.send(staging, message.address());
            }
            return written == 0 && length > 0 ? -Errno.EAGAIN : written;
        } catch (IOException e) {
            lastFailure = e;
            return -Errno.of(e);
        }
    }

    @Override
    public String toString() {
        return "ChannelSender[local=" + local + ", remote=" + remote + (isClosed() ? ", closed" : "") + "]";
    }
}

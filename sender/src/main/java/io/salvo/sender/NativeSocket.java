package io.salvo.sender;

import com.sun.jna.Native;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;

/**
 * A non-blocking UDP socket fd plus two eventfds that wake its waits: opening, binding,
 * connecting, socket options, and {@code ppoll}. A send and a receive may wait at the same time on
 * two threads, so each side has its own eventfd (a cancel meant for the send must not be eaten by
 * the receive) and its own wait area in the scratch memory, which is allocated once.
 *
 * <pre>
 * scratch:  0 u64 1, written once: what the wakeups write (so no thread writes it again)
 *           8 option value (int, or struct sock_txtime: 8 bytes)   16 socklen_t (option or address length)   24 sockaddr (128 bytes)
 *         152 wait area of sends  584 wait area of receives, each (432 bytes, offsets from its start):
 *             0 pollfd socket {int fd; short events; short revents}   8 pollfd eventfd
 *            16 timespec {long sec; long nsec}   32 u64 eventfd value read
 *            40 error-queue msghdr (56)   96 iovec (16)   112 error-queue data (64)   176 control (256)
 * </pre>
 */
final class NativeSocket {
    private static final int WAKE_VALUE = 0;
    private static final int INT_VALUE = 8;
    private static final int LENGTH = 16;
    private static final int SOCKADDR = 24;
    private static final int SOCKADDR_CAPACITY = 128;
    private static final int SEND_WAIT = 152;
    private static final int RECEIVE_WAIT = 584;
    private static final int SCRATCH_SIZE = 1016;

    private static final int POLL_SOCKET = 0;
    private static final int POLL_WAKE = 8;
    private static final int POLL_EVENTS = 4;
    private static final int POLL_REVENTS = 6;
    private static final int TIMESPEC = 16;
    private static final int COUNTER = 32;
    private static final int ERR_MSGHDR = 40;
    private static final int ERR_IOVEC = 96;
    private static final int ERR_DATA = 112;
    private static final int ERR_DATA_SIZE = 64;
    private static final int ERR_CONTROL = 176;
    private static final int ERR_CONTROL_SIZE = 256;

    private final NativeRegion scratch = new NativeRegion(SCRATCH_SIZE);
    private final ByteBuffer bytes = scratch.buffer();
    private final int family;
    private final int fd;
    private final int sendWakeFd;
    private final int receiveWakeFd;
    private final boolean drainErrors;
    private boolean txTime;

    private NativeSocket(int family, boolean drainErrors) throws IOException {
        this.family = family;
        this.drainErrors = drainErrors;
        int socket = LibC.socket(family, LibC.SOCK_DGRAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        if (socket < 0) {
            int errno = Native.getLastError();
            scratch.free();
            throw failure("socket", errno, "");
        }
        int sendWake = LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        int receiveWake = sendWake < 0 ? -1 : LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        if (receiveWake < 0) {
            int errno = Native.getLastError();
            if (sendWake >= 0) {
                LibC.close(sendWake);
            }
            LibC.close(socket);
            scratch.free();
            throw failure("eventfd", errno, "");
        }
        this.fd = socket;
        this.sendWakeFd = sendWake;
        this.receiveWakeFd = receiveWake;
        bytes.putLong(WAKE_VALUE, 1L);
    }

    /** A socket bound to {@code local}, connected to {@code remote} if not null, with {@code options}. */
    static NativeSocket open(InetSocketAddress local, InetSocketAddress remote, SenderOptions options)
            throws IOException {
        if (local.isUnresolved() || (remote != null && remote.isUnresolved())) {
            throw new IllegalArgumentException("unresolved address: " + (local.isUnresolved() ? local : remote));
        }
        int family = SocketAddresses.familyOf(local.getAddress());
        NativeSocket socket = new NativeSocket(family, options.receiveErrors());
        try {
            socket.configure(options);
            socket.bind(local);
            if (remote != null) {
                socket.connect(remote);
            }
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    int fd() {
        return fd;
    }

    int family() {
        return family;
    }

    /** The bound address ({@code getsockname}). */
    InetSocketAddress localAddress() throws IOException {
        bytes.putInt(LENGTH, SOCKADDR_CAPACITY);
        if (LibC.getsockname(fd, scratch.address() + SOCKADDR, scratch.address() + LENGTH) < 0) {
            throw failure("getsockname", Native.getLastError(), "");
        }
        return SocketAddresses.decode(bytes, SOCKADDR);
    }

    /** Reads an int socket option ({@code getsockopt}). */
    int intOption(int level, int name) throws IOException {
        bytes.putInt(INT_VALUE, 0);
        bytes.putInt(LENGTH, 4);
        if (LibC.getsockopt(fd, level, name, scratch.address() + INT_VALUE, scratch.address() + LENGTH) < 0) {
            throw failure("getsockopt", Native.getLastError(), " option " + level + "/" + name);
        }
        return bytes.getInt(INT_VALUE);
    }

    /** True if {@code SO_TXTIME} was set when the socket opened ({@link SenderOptions#txTime}). */
    boolean txTime() {
        return txTime;
    }

    /**
     * Reads {@code SO_TXTIME} back ({@code getsockopt}): {@code {clockid, flags}} of the socket's
     * {@code struct sock_txtime}; {@code {0, 0}} for the default, unset option. For checks.
     */
    int[] txTimeSetting() throws IOException {
        bytes.putLong(INT_VALUE, 0L);
        bytes.putInt(LENGTH, TxTimeControl.OPTION_LENGTH);
        if (LibC.getsockopt(fd, TxTimeControl.SOL_SOCKET, TxTimeControl.SO_TXTIME, scratch.address() + INT_VALUE,
                scratch.address() + LENGTH) < 0) {
            throw failure("getsockopt", Native.getLastError(), " SO_TXTIME");
        }
        return new int[] {bytes.getInt(INT_VALUE), bytes.getInt(INT_VALUE + 4)};
    }

    /**
     * True if the kernel knows the {@code UDP_SEGMENT} socket option (Linux 4.18+, where UDP GSO
     * came): {@code getsockopt} reads it (the socket's default segment size, 0) and changes
     * nothing; older kernels answer ENOPROTOOPT.
     */
    boolean supportsUdpSegment() {
        bytes.putInt(INT_VALUE, 0);
        bytes.putInt(LENGTH, 4);
        return LibC.getsockopt(fd, UdpGso.SOL_UDP, UdpGso.UDP_SEGMENT, scratch.address() + INT_VALUE,
                scratch.address() + LENGTH) == 0;
    }

    /**
     * Waits with {@code ppoll} until the socket is writable, {@link #wakeup()} is called or {@code
     * nanos} pass ({@code < 0}: no limit); the thread that sends calls this.
     */
    void awaitWritable(long nanos) throws IOException {
        await(SEND_WAIT, LibC.POLLOUT, sendWakeFd, nanos);
    }

    /**
     * Waits with {@code ppoll} until a datagram (or a pending error) is there to read, {@link
     * #wakeupReceive()} is called or {@code nanos} pass ({@code < 0}: no limit); the thread that
     * receives calls this, possibly while another waits in {@link #awaitWritable}.
     */
    void awaitReadable(long nanos) throws IOException {
        await(RECEIVE_WAIT, LibC.POLLIN, receiveWakeFd, nanos);
    }

    /** Wakes a current or the next {@link #awaitWritable}; any thread, while the socket is open. */
    void wakeup() {
        LibC.write(sendWakeFd, scratch.address() + WAKE_VALUE, 8);
    }

    /** Wakes a current or the next {@link #awaitReadable}; any thread, while the socket is open. */
    void wakeupReceive() {
        LibC.write(receiveWakeFd, scratch.address() + WAKE_VALUE, 8);
    }

    /** Closes the three fds and frees the scratch memory. */
    void close() {
        LibC.close(fd);
        LibC.close(sendWakeFd);
        LibC.close(receiveWakeFd);
        scratch.free();
    }

    /**
     * {@code ppoll} on the socket for {@code events} and on {@code wakeFd}, with the wait area at
     * {@code area}; resets the eventfd if it fired.
     */
    private void await(int area, short events, int wakeFd, long nanos) throws IOException {
        bytes.putInt(area + POLL_SOCKET, fd);
        bytes.putShort(area + POLL_SOCKET + POLL_EVENTS, events);
        bytes.putShort(area + POLL_SOCKET + POLL_REVENTS, (short) 0);
        bytes.putInt(area + POLL_WAKE, wakeFd);
        bytes.putShort(area + POLL_WAKE + POLL_EVENTS, LibC.POLLIN);
        bytes.putShort(area + POLL_WAKE + POLL_REVENTS, (short) 0);
        long timeout = 0;
        if (nanos >= 0) {
            bytes.putLong(area + TIMESPEC, nanos / 1_000_000_000L);
            bytes.putLong(area + TIMESPEC + 8, nanos % 1_000_000_000L);
            timeout = scratch.address() + area + TIMESPEC;
        }
        int ready = LibC.ppoll(scratch.address() + area, 2, timeout, 0);
        if (ready < 0) {
            int errno = Native.getLastError();
            if (errno == Errno.EINTR) {
                return;
            }
            throw failure("ppoll", errno, "");
        }
        if ((bytes.getShort(area + POLL_WAKE + POLL_REVENTS) & LibC.POLLIN) != 0) {
            LibC.read(wakeFd, scratch.address() + area + COUNTER, 8);
        }
        short socketEvents = bytes.getShort(area + POLL_SOCKET + POLL_REVENTS);
        if (drainErrors && (socketEvents & LibC.POLLERR) != 0 && (socketEvents & events) == 0) {
            drainErrorQueue(area);
        }
    }

    /**
     * With IP_RECVERR, ICMP errors queue up on the socket and keep POLLERR raised, which would
     * turn a blocking wait into a spin; they are read off and discarded here, with the wait area
     * at {@code area}.
     */
    private void drainErrorQueue(int area) {
        long base = scratch.address() + area;
        for (int i = 0; i < 64; i++) {
            for (int b = ERR_MSGHDR; b < ERR_IOVEC; b += 8) {
                bytes.putLong(area + b, 0L);
            }
            bytes.putLong(area + ERR_IOVEC, base + ERR_DATA);
            bytes.putLong(area + ERR_IOVEC + 8, ERR_DATA_SIZE);
            bytes.putLong(area + ERR_MSGHDR + MessageArray.MSG_IOV, base + ERR_IOVEC);
            bytes.putLong(area + ERR_MSGHDR + MessageArray.MSG_IOVLEN, 1);
            bytes.putLong(area + ERR_MSGHDR + MessageArray.MSG_CONTROL, base + ERR_CONTROL);
            bytes.putLong(area + ERR_MSGHDR + MessageArray.MSG_CONTROLLEN, ERR_CONTROL_SIZE);
            if (LibC.recvmsg(fd, base + ERR_MSGHDR, LibC.MSG_ERRQUEUE | LibC.MSG_DONTWAIT) < 0) {
                return;
            }
        }
    }

    private void configure(SenderOptions options) throws IOException {
        boolean v6 = family == LibC.AF_INET6;
        if (v6) {
            setInt(LibC.IPPROTO_IPV6, LibC.IPV6_V6ONLY, 0, "IPV6_V6ONLY");
        }
        if (options.sendBufferSize() > 0) {
            setInt(LibC.SOL_SOCKET, LibC.SO_SNDBUF, options.sendBufferSize(), "SO_SNDBUF");
        }
        if (options.receiveBufferSize() > 0) {
            setInt(LibC.SOL_SOCKET, LibC.SO_RCVBUF, options.receiveBufferSize(), "SO_RCVBUF");
        }
        if (options.trafficClass() >= 0) {
            setInt(LibC.IPPROTO_IP, LibC.IP_TOS, options.trafficClass(), "IP_TOS");
            if (v6) {
                setInt(LibC.IPPROTO_IPV6, LibC.IPV6_TCLASS, options.trafficClass(), "IPV6_TCLASS");
            }
        }
        if (options.multicastTtl() >= 0) {
            setInt(LibC.IPPROTO_IP, LibC.IP_MULTICAST_TTL, options.multicastTtl(), "IP_MULTICAST_TTL");
            if (v6) {
                setInt(LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_HOPS, options.multicastTtl(), "IPV6_MULTICAST_HOPS");
            }
        }
        NetworkInterface nif = options.multicastInterface();
        if (nif != null) {
            // struct ip_mreqn { in_addr imr_multiaddr; in_addr imr_address; int imr_ifindex; }
            bytes.putLong(SOCKADDR, 0L);
            bytes.putInt(SOCKADDR + 8, nif.getIndex());
            set(LibC.IPPROTO_IP, LibC.IP_MULTICAST_IF, SOCKADDR, 12, "IP_MULTICAST_IF");
            if (v6) {
                setInt(LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_IF, nif.getIndex(), "IPV6_MULTICAST_IF");
            }
        }
        if (options.receiveErrors()) {
            setInt(LibC.IPPROTO_IP, LibC.IP_RECVERR, 1, "IP_RECVERR");
            if (v6) {
                setInt(LibC.IPPROTO_IPV6, LibC.IPV6_RECVERR, 1, "IPV6_RECVERR");
            }
        }
        if (options.txTime() != SenderOptions.TxTime.OFF) {
            txTime = setTxTime(options.txTime() == SenderOptions.TxTime.ON);
        }
    }

    /**
     * Sets {@code SO_TXTIME} to {@code CLOCK_MONOTONIC}, no flags: the probe and the setting in one.
     *
     * @return true if set; false if the kernel refused it and {@code required} is false
     * @throws IOException naming the errno if the kernel refused it and {@code required} is true
     */
    private boolean setTxTime(boolean required) throws IOException {
        bytes.putInt(INT_VALUE, TxTimeControl.CLOCK_MONOTONIC);
        bytes.putInt(INT_VALUE + 4, 0);
        if (LibC.setsockopt(fd, TxTimeControl.SOL_SOCKET, TxTimeControl.SO_TXTIME, scratch.address() + INT_VALUE,
                TxTimeControl.OPTION_LENGTH) == 0) {
            return true;
        }
        int errno = Native.getLastError();
        if (!required) {
            return false;
        }
        throw new IOException(failure("setsockopt", errno, " SO_TXTIME (CLOCK_MONOTONIC)").getMessage()
                + ": SenderOptions.txTime(ON) needs a kernel that takes it (Linux 4.19+); TxTime.AUTO falls back to"
                + " pacing in user space");
    }

    private void bind(InetSocketAddress local) throws IOException {
        int length = SocketAddresses.encode(bytes, SOCKADDR, local, family);
        if (LibC.bind(fd, scratch.address() + SOCKADDR, length) < 0) {
            // a BindException, as the JDK throws, so callers can tell a taken port from other failures
            int errno = Native.getLastError();
            throw new BindException(failure("bind", errno, " to " + local).getMessage());
        }
    }

    private void connect(InetSocketAddress remote) throws IOException {
        if (family == LibC.AF_INET && remote.getAddress() instanceof Inet6Address) {
            throw new IllegalArgumentException("cannot connect an IPv4 socket to IPv6 " + remote);
        }
        int length = SocketAddresses.encode(bytes, SOCKADDR, remote, family);
        if (LibC.connect(fd, scratch.address() + SOCKADDR, length) < 0) {
            throw failure("connect", Native.getLastError(), " to " + remote);
        }
    }

    private void setInt(int level, int name, int value, String what) throws IOException {
        bytes.putInt(INT_VALUE, value);
        set(level, name, INT_VALUE, 4, what);
    }

    private void set(int level, int name, int at, int length, String what) throws IOException {
        if (LibC.setsockopt(fd, level, name, scratch.address() + at, length) < 0) {
            throw failure("setsockopt", Native.getLastError(), " " + what);
        }
    }

    private static IOException failure(String call, int errno, String detail) {
        return new IOException(call + detail + " failed: " + Errno.name(errno) + " (" + Errno.description(errno) + ")");
    }
}

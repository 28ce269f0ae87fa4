package io.salvo.sender;

import com.sun.jna.Native;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;

/**
 * A non-blocking UDP socket fd plus an eventfd that wakes its waits: opening, binding,
 * connecting, socket options, and {@code ppoll} on both fds. Its scratch memory (pollfds,
 * timespec, option values) is allocated once.
 *
 * <pre>
 * scratch: 0 pollfd socket {int fd; short events; short revents}   8 pollfd eventfd
 *         16 timespec {long sec; long nsec}   32 u64 eventfd value   40 socklen_t / int option
 *         48 sockaddr (128 bytes)   176 error-queue msghdr (56)   232 iovec (16)
 *        248 error-queue data (64)  312 error-queue control (256)
 *        568 u64 1, written once: what {@link #wakeup()} writes (so no thread writes it again)
 * </pre>
 */
final class NativeSocket {
    private static final int POLL_SOCKET = 0;
    private static final int POLL_WAKE = 8;
    private static final int POLL_EVENTS = 4;
    private static final int POLL_REVENTS = 6;
    private static final int TIMESPEC = 16;
    private static final int COUNTER = 32;
    private static final int INT_VALUE = 40;
    private static final int SOCKADDR = 48;
    private static final int SOCKADDR_CAPACITY = 128;
    private static final int ERR_MSGHDR = 176;
    private static final int ERR_IOVEC = 232;
    private static final int ERR_DATA = 248;
    private static final int ERR_DATA_SIZE = 64;
    private static final int ERR_CONTROL = 312;
    private static final int ERR_CONTROL_SIZE = 256;
    private static final int WAKE_VALUE = 568;
    private static final int SCRATCH_SIZE = 576;

    private final NativeRegion scratch = new NativeRegion(SCRATCH_SIZE);
    private final ByteBuffer bytes = scratch.buffer();
    private final int family;
    private final int fd;
    private final int wakeFd;
    private final boolean drainErrors;

    private NativeSocket(int family, boolean drainErrors) throws IOException {
        this.family = family;
        this.drainErrors = drainErrors;
        int socket = LibC.socket(family, LibC.SOCK_DGRAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        if (socket < 0) {
            int errno = Native.getLastError();
            scratch.free();
            throw failure("socket", errno, "");
        }
        int wake = LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        if (wake < 0) {
            int errno = Native.getLastError();
            LibC.close(socket);
            scratch.free();
            throw failure("eventfd", errno, "");
        }
        this.fd = socket;
        this.wakeFd = wake;
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
        bytes.putInt(INT_VALUE, SOCKADDR_CAPACITY);
        if (LibC.getsockname(fd, scratch.address() + SOCKADDR, scratch.address() + INT_VALUE) < 0) {
            throw failure("getsockname", Native.getLastError(), "");
        }
        return SocketAddresses.decode(bytes, SOCKADDR);
    }

    /** Reads an int socket option ({@code getsockopt}). */
    int intOption(int level, int name) throws IOException {
        bytes.putInt(INT_VALUE, 0);
        bytes.putInt(COUNTER, 4);
        if (LibC.getsockopt(fd, level, name, scratch.address() + INT_VALUE, scratch.address() + COUNTER) < 0) {
            throw failure("getsockopt", Native.getLastError(), " option " + level + "/" + name);
        }
        return bytes.getInt(INT_VALUE);
    }

    /**
     * True if the kernel knows the {@code UDP_SEGMENT} socket option (Linux 4.18+, where UDP GSO
     * came): {@code getsockopt} reads it (the socket's default segment size, 0) and changes
     * nothing; older kernels answer ENOPROTOOPT.
     */
    boolean supportsUdpSegment() {
        bytes.putInt(INT_VALUE, 0);
        bytes.putInt(COUNTER, 4);
        return LibC.getsockopt(fd, UdpGso.SOL_UDP, UdpGso.UDP_SEGMENT, scratch.address() + INT_VALUE,
                scratch.address() + COUNTER) == 0;
    }

    /**
     * Waits with {@code ppoll} until the socket is writable, the eventfd is signalled or {@code
     * nanos} pass ({@code < 0}: no limit); resets the eventfd if it fired.
     */
    void awaitWritable(long nanos) throws IOException {
        bytes.putInt(POLL_SOCKET, fd);
        bytes.putShort(POLL_SOCKET + POLL_EVENTS, LibC.POLLOUT);
        bytes.putShort(POLL_SOCKET + POLL_REVENTS, (short) 0);
        bytes.putInt(POLL_WAKE, wakeFd);
        bytes.putShort(POLL_WAKE + POLL_EVENTS, LibC.POLLIN);
        bytes.putShort(POLL_WAKE + POLL_REVENTS, (short) 0);
        long timeout = 0;
        if (nanos >= 0) {
            bytes.putLong(TIMESPEC, nanos / 1_000_000_000L);
            bytes.putLong(TIMESPEC + 8, nanos % 1_000_000_000L);
            timeout = scratch.address() + TIMESPEC;
        }
        int ready = LibC.ppoll(scratch.address(), 2, timeout, 0);
        if (ready < 0) {
            int errno = Native.getLastError();
            if (errno == Errno.EINTR) {
                return;
            }
            throw failure("ppoll", errno, "");
        }
        if ((bytes.getShort(POLL_WAKE + POLL_REVENTS) & LibC.POLLIN) != 0) {
            LibC.read(wakeFd, scratch.address() + COUNTER, 8);
        }
        short socketEvents = bytes.getShort(POLL_SOCKET + POLL_REVENTS);
        if (drainErrors && (socketEvents & LibC.POLLERR) != 0 && (socketEvents & LibC.POLLOUT) == 0) {
            drainErrorQueue();
        }
    }

    /** Signals the eventfd; any thread, while the socket is open. */
    void wakeup() {
        LibC.write(wakeFd, scratch.address() + WAKE_VALUE, 8);
    }

    /** Closes both fds and frees the scratch memory. */
    void close() {
        LibC.close(fd);
        LibC.close(wakeFd);
        scratch.free();
    }

    /**
     * With IP_RECVERR, ICMP errors queue up on the socket and keep POLLERR raised, which would
     * turn a blocking wait into a spin; they are read off and discarded here.
     */
    private void drainErrorQueue() {
        long base = scratch.address();
        for (int i = 0; i < 64; i++) {
            for (int b = ERR_MSGHDR; b < ERR_DATA; b += 8) {
                bytes.putLong(b, 0L);
            }
            bytes.putLong(ERR_IOVEC, base + ERR_DATA);
            bytes.putLong(ERR_IOVEC + 8, ERR_DATA_SIZE);
            bytes.putLong(ERR_MSGHDR + MessageArray.MSG_IOV, base + ERR_IOVEC);
            bytes.putLong(ERR_MSGHDR + MessageArray.MSG_IOVLEN, 1);
            bytes.putLong(ERR_MSGHDR + MessageArray.MSG_CONTROL, base + ERR_CONTROL);
            bytes.putLong(ERR_MSGHDR + MessageArray.MSG_CONTROLLEN, ERR_CONTROL_SIZE);
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
    }

    private void bind(InetSocketAddress local) throws IOException {
        int length = SocketAddresses.encode(bytes, SOCKADDR, local, family);
        if (LibC.bind(fd, scratch.address() + SOCKADDR, length) < 0) {
            throw failure("bind", Native.getLastError(), " to " + local);
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

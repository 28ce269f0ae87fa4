package io.salvo.sender;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The C library calls the native sender makes, bound by JNA direct mapping with primitive
 * arguments only (pointers are {@code long} addresses of native memory). Each returns what the C
 * function returns; after a -1 the caller reads errno with {@link Native#getLastError()}.
 *
 * <p>Constants are the Linux values (x86-64 and aarch64 share them).
 */
final class LibC {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;

    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int IPPROTO_IP = 0;
    static final int IP_TOS = 1;
    static final int IP_RECVERR = 11;
    static final int IP_MULTICAST_IF = 32;
    static final int IP_MULTICAST_TTL = 33;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_MULTICAST_IF = 17;
    static final int IPV6_MULTICAST_HOPS = 18;
    static final int IPV6_RECVERR = 25;
    static final int IPV6_V6ONLY = 26;
    static final int IPV6_TCLASS = 67;

    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_ERRQUEUE = 0x2000;

    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    static final short POLLERR = 0x8;

    static final int PR_SET_TIMERSLACK = 29;

    static {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {
    }

    static native int socket(int domain, int type, int protocol);

    static native int bind(int fd, long address, int addressLength);

    static native int connect(int fd, long address, int addressLength);

    static native int getsockname(int fd, long address, long addressLengthPointer);

    static native int setsockopt(int fd, int level, int name, long value, int valueLength);

    static native int getsockopt(int fd, int level, int name, long value, long valueLengthPointer);

    static native int sendmmsg(int fd, long messages, int count, int flags);

    static native long recvmsg(int fd, long message, int flags);

    /** {@code timeout}: a {@code struct timespec*}, or 0 (the kernel checks it only between datagrams). */
    static native int recvmmsg(int fd, long messages, int count, int flags, long timeout);

    static native int ppoll(long fds, long count, long timeout, long sigmask);

    static native int eventfd(int initialValue, int flags);

    static native long read(int fd, long buffer, long count);

    static native long write(int fd, long buffer, long count);

    static native int close(int fd);

    static native int prctl(int option, long arg2, long arg3, long arg4, long arg5);
}

package io.salvo.sender;

import java.nio.ByteBuffer;

/**
 * UDP generic segmentation offload ({@code UDP_SEGMENT}, Linux 4.18+): one {@code msghdr} whose
 * bytes the kernel cuts into datagrams of {@code gso_size} bytes (the last may be shorter), all
 * to the same destination, named by one control message:
 *
 * <pre>
 * struct cmsghdr + u16 (CMSG_SPACE(2) = 24 bytes, LP64 Linux)
 *  0 cmsg_len   size_t  CMSG_LEN(2) = 18
 *  8 cmsg_level int     SOL_UDP (17)
 * 12 cmsg_type  int     UDP_SEGMENT (103)
 * 16 gso_size   u16     bytes per datagram, host order
 * </pre>
 *
 * The kernel takes at most {@link #MAX_SEGMENTS} segments a run; {@link #MAX_RUN_BYTES} keeps a
 * run's IP datagram under 64 KiB for IPv4 and IPv6. A route that cannot segment answers EIO or
 * EINVAL, and a segment larger than the path MTU EMSGSIZE (EINVAL on older kernels).
 */
final class UdpGso {
    static final int SOL_UDP = 17;
    static final int UDP_SEGMENT = 103;
    /** UDP_MAX_SEGMENTS of Linux 4.18 to 6.x (later kernels take more; 64 is safe everywhere). */
    static final int MAX_SEGMENTS = 64;
    /** Most payload bytes in one run. */
    static final int MAX_RUN_BYTES = 65_000;
    /** Largest segment: two of them must fit in a run. */
    static final int MAX_SEGMENT_SIZE = MAX_RUN_BYTES / 2;

    /** {@code CMSG_SPACE(sizeof(uint16_t))}: the {@code msg_controllen} of a run. */
    static final int CONTROL_LENGTH = 24;
    static final int CMSG_LEN = 0;
    static final int CMSG_LEVEL = 8;
    static final int CMSG_TYPE = 12;
    static final int CMSG_DATA = 16;
    private static final int CMSG_LEN_U16 = 18;

    private UdpGso() {
    }

    /** Writes the {@code UDP_SEGMENT} control message for {@code segmentSize} at {@code index}. */
    static void writeControl(ByteBuffer memory, int index, int segmentSize) {
        memory.putLong(index + CMSG_LEN, CMSG_LEN_U16);
        memory.putInt(index + CMSG_LEVEL, SOL_UDP);
        memory.putInt(index + CMSG_TYPE, UDP_SEGMENT);
        memory.putLong(index + CMSG_DATA, 0L);
        memory.putShort(index + CMSG_DATA, (short) segmentSize);
    }

    /** True for the errnos with which the kernel refuses to segment a run (not its datagrams). */
    static boolean isRefusal(int errno) {
        return errno == Errno.EIO || errno == Errno.EINVAL || errno == Errno.EMSGSIZE;
    }
}

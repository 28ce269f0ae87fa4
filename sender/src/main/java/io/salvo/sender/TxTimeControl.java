package io.salvo.sender;

import java.nio.ByteBuffer;

/**
 * Kernel pacing by departure time ({@code SO_TXTIME}, Linux 4.19+): the socket option names the
 * clock, and each message that should not leave before a given instant carries it in one control
 * message, which the kernel copies into the datagram's {@code skb->tstamp} for the qdisc:
 *
 * <pre>
 * struct sock_txtime (setsockopt SOL_SOCKET / SO_TXTIME, 8 bytes)
 *  0 clockid  int  CLOCK_MONOTONIC (1): the clock of System.nanoTime() on Linux
 *  4 flags    u32  0 (SOF_TXTIME_DEADLINE_MODE and SOF_TXTIME_REPORT_ERRORS are for etf)
 *
 * struct cmsghdr + u64 (CMSG_SPACE(8) = 24 bytes, LP64 Linux)
 *  0 cmsg_len   size_t  CMSG_LEN(8) = 24 (the kernel wants exactly this)
 *  8 cmsg_level int     SOL_SOCKET (1)
 * 12 cmsg_type  int     SCM_TXTIME (61, = SO_TXTIME)
 * 16 txtime     u64     departure, nanoseconds on the socket's clock, host order
 * </pre>
 *
 * Setting the option needs no privilege for {@code CLOCK_MONOTONIC}; a message with an
 * {@code SCM_TXTIME} on a socket without the option is refused with EINVAL. Of the qdiscs only
 * {@code fq} paces by this clock ({@code etf} wants {@code CLOCK_TAI} and drops other stamps);
 * every other qdisc ignores the stamp and sends at once. A datagram beyond fq's horizon (10 s by
 * default) is dropped by fq. Neither fq nor salvo reads errors back: with
 * {@code SOF_TXTIME_REPORT_ERRORS} etf would queue {@code SO_EE_ORIGIN_TXTIME} reports on the
 * socket's error queue, which salvo does not ask for.
 */
final class TxTimeControl {
    static final int SOL_SOCKET = 1;
    static final int SO_TXTIME = 61;
    static final int SCM_TXTIME = SO_TXTIME;
    static final int CLOCK_MONOTONIC = 1;
    /** {@code sizeof(struct sock_txtime)}. */
    static final int OPTION_LENGTH = 8;

    /** {@code CMSG_SPACE(sizeof(uint64_t))}: what one SCM_TXTIME adds to {@code msg_controllen}. */
    static final int CONTROL_LENGTH = 24;
    private static final int CMSG_LEN_U64 = 24;

    private TxTimeControl() {
    }

    /** Writes the {@code SCM_TXTIME} control message for {@code departureNanos} at {@code index}. */
    static void writeControl(ByteBuffer memory, int index, long departureNanos) {
        memory.putLong(index + UdpGso.CMSG_LEN, CMSG_LEN_U64);
        memory.putInt(index + UdpGso.CMSG_LEVEL, SOL_SOCKET);
        memory.putInt(index + UdpGso.CMSG_TYPE, SCM_TXTIME);
        memory.putLong(index + UdpGso.CMSG_DATA, departureNanos);
    }
}

package io.salvo.sender;

import java.net.NetworkInterface;
import java.time.Duration;
import java.util.Objects;

/**
 * Socket options applied when a sender opens its socket; unset options keep the system default.
 * Setters return this for chaining: {@code new SenderOptions().sendBufferSize(1 << 20).dscp(SenderOptions.DSCP_EF)}.
 */
public final class SenderOptions {
    /** DSCP Expedited Forwarding (46), usual for interactive media (RFC 3246, RFC 8837). */
    public static final int DSCP_EF = 46;
    /** DSCP AF41 (34), usual for interactive video (RFC 8837). */
    public static final int DSCP_AF41 = 34;
    /** The default {@link #gsoRetryAfter(Duration) back-off} before GSO is tried again after a refusal: 1 s. */
    public static final Duration DEFAULT_GSO_RETRY_AFTER = Duration.ofSeconds(1);
    /** The longest back-off before GSO is tried again (the doubling stops there): 64 s. */
    public static final Duration MAX_GSO_RETRY_AFTER = Duration.ofSeconds(64);

    private int sendBufferSize = -1;
    private int receiveBufferSize = -1;
    private int trafficClass = -1;
    private int multicastTtl = -1;
    private NetworkInterface multicastInterface;
    private boolean receiveErrors;
    private boolean gso = true;
    private long gsoRetryAfterNanos = DEFAULT_GSO_RETRY_AFTER.toNanos();
    private TxTime txTime = TxTime.OFF;

    /**
     * Whether the native sender hands each message's {@link io.salvo.rtp.OutputMessage#departureNanos()
     * departure time} to the kernel ({@code SO_TXTIME}, Linux 4.19+), for a qdisc that paces by it.
     */
    public enum TxTime {
        /** Never: departure times are ignored and pacing stays in user space (the default). */
        OFF,
        /** Where the socket takes {@code SO_TXTIME} (probed when it opens); otherwise as {@link #OFF}. */
        AUTO,
        /** Always: opening a sender that cannot set {@code SO_TXTIME} fails, naming why. */
        ON
    }

    /** Options that change nothing. */
    public SenderOptions() {
    }

    /** {@code SO_SNDBUF} in bytes (the kernel doubles it and caps it at {@code wmem_max}); -1 if unset. */
    public int sendBufferSize() {
        return sendBufferSize;
    }

    /** Sets {@code SO_SNDBUF}. */
    public SenderOptions sendBufferSize(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("send buffer size must be > 0, was " + bytes);
        }
        this.sendBufferSize = bytes;
        return this;
    }

    /** {@code SO_RCVBUF} in bytes (the kernel doubles it and caps it at {@code rmem_max}); -1 if unset. */
    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    /**
     * Sets {@code SO_RCVBUF}: room for what arrives on the socket between two receives (RTCP
     * reports on an rtcp-mux socket, or on the RTCP socket of a {@link SocketPair}).
     */
    public SenderOptions receiveBufferSize(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("receive buffer size must be > 0, was " + bytes);
        }
        this.receiveBufferSize = bytes;
        return this;
    }

    /** The IPv4 TOS / IPv6 traffic class byte; -1 if unset. */
    public int trafficClass() {
        return trafficClass;
    }

    /** Sets the TOS / traffic class byte (DSCP in the top six bits, ECN in the low two). */
    public SenderOptions trafficClass(int tos) {
        if (tos < 0 || tos > 255) {
            throw new IllegalArgumentException("traffic class must be 0..255, was " + tos);
        }
        this.trafficClass = tos;
        return this;
    }

    /** Sets the DSCP code point (0..63), such as {@link #DSCP_EF}: traffic class {@code dscp << 2}. */
    public SenderOptions dscp(int dscp) {
        if (dscp < 0 || dscp > 63) {
            throw new IllegalArgumentException("DSCP must be 0..63, was " + dscp);
        }
        return trafficClass(dscp << 2);
    }

    /** {@code IP_MULTICAST_TTL} / {@code IPV6_MULTICAST_HOPS}; -1 if unset. */
    public int multicastTtl() {
        return multicastTtl;
    }

    /** Sets the multicast TTL / hop limit (0..255). */
    public SenderOptions multicastTtl(int ttl) {
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("multicast TTL must be 0..255, was " + ttl);
        }
        this.multicastTtl = ttl;
        return this;
    }

    /** The interface multicast datagrams leave by; null if unset. */
    public NetworkInterface multicastInterface() {
        return multicastInterface;
    }

    /** Sets {@code IP_MULTICAST_IF} / {@code IPV6_MULTICAST_IF}. */
    public SenderOptions multicastInterface(NetworkInterface nif) {
        this.multicastInterface = nif;
        return this;
    }

    /** True if {@code IP_RECVERR} / {@code IPV6_RECVERR} is requested. */
    public boolean receiveErrors() {
        return receiveErrors;
    }

    /**
     * Requests {@code IP_RECVERR}: local congestion drops then fail the send with ENOBUFS instead of
     * vanishing. Also makes ICMP errors (port unreachable from any destination) fail the next send
     * of an unconnected socket with ECONNREFUSED, so use it knowingly. A qdisc that cuts a
     * {@link #gso(boolean) GSO} run back into datagrams before queueing them (tbf does) reports
     * the run sent if it kept any of them, so drops inside a run stay invisible. Native sender only: the
     * JDK has no such option and {@link ChannelSender} ignores it.
     */
    public SenderOptions receiveErrors(boolean on) {
        this.receiveErrors = on;
        return this;
    }

    /** True (the default) if the native sender may use UDP GSO where the kernel supports it. */
    public boolean gso() {
        return gso;
    }

    /**
     * Lets the native sender send runs of equal-size datagrams to one destination as one UDP GSO
     * ({@code UDP_SEGMENT}) message, where the kernel supports it (Linux 4.18+): on by default,
     * {@code false} sends every datagram as its own message. What reaches the wire is the same
     * datagrams either way. {@link ChannelSender} has no GSO and ignores this.
     */
    public SenderOptions gso(boolean on) {
        this.gso = on;
        return this;
    }

    /** The first back-off before GSO is tried again after the kernel refused a run (1 s by default). */
    public Duration gsoRetryAfter() {
        return Duration.ofNanos(gsoRetryAfterNanos);
    }

    /** {@link #gsoRetryAfter()} in nanoseconds. */
    public long gsoRetryAfterNanos() {
        return gsoRetryAfterNanos;
    }

    /**
     * Sets the first back-off of the native sender's GSO retry: when the kernel refuses a GSO run
     * (EIO, EINVAL, or EMSGSIZE when the route's MTU dropped below the segment size), the sender
     * sends its datagrams one by one for this long, then tries GSO again. A retry the kernel
     * refuses too doubles the back-off, up to {@link #MAX_GSO_RETRY_AFTER}; a run the kernel
     * accepts after a retry sets it back to this value. 1 s by default.
     *
     * @param delay more than zero and at most {@link #MAX_GSO_RETRY_AFTER}
     * @throws IllegalArgumentException naming the value otherwise
     */
    public SenderOptions gsoRetryAfter(Duration delay) {
        Objects.requireNonNull(delay, "gsoRetryAfter");
        if (delay.isNegative() || delay.isZero() || delay.compareTo(MAX_GSO_RETRY_AFTER) > 0) {
            throw new IllegalArgumentException("GSO retry back-off must be > 0 and at most "
                    + MAX_GSO_RETRY_AFTER.toSeconds() + " s, was " + delay);
        }
        this.gsoRetryAfterNanos = delay.toNanos();
        return this;
    }

    /** Whether departure times go to the kernel ({@code SO_TXTIME}); {@link TxTime#OFF} by default. */
    public TxTime txTime() {
        return txTime;
    }

    /**
     * Sets kernel pacing: with {@link TxTime#AUTO} or {@link TxTime#ON} the native sender sets
     * {@code SO_TXTIME} on its socket ({@code CLOCK_MONOTONIC}, the clock of
     * {@link System#nanoTime()}; no privilege needed) and writes an {@code SCM_TXTIME} control
     * message, one per datagram or per GSO run, for every message that has a departure time. A
     * {@link Transmitter} whose sender does this stamps each tick's datagrams with the tick's time
     * and hands them to the kernel ahead of time ({@link TransmitterConfig#txTimeHorizonNanos()}).
     *
     * <p>Only a qdisc that paces by departure time acts on it: {@code fq} ({@code tc qdisc replace
     * dev IF root fq}). With any other qdisc (pfifo_fast, fq_codel, noqueue on {@code lo}…) the
     * kernel accepts the option and sends each datagram at once, so the datagrams then leave
     * ahead of schedule, up to the horizon early; the option cannot tell which qdisc is there.
     * {@link ChannelSender} cannot set it: {@link TxTime#ON} fails there, {@link TxTime#AUTO} is off.
     */
    public SenderOptions txTime(TxTime mode) {
        this.txTime = Objects.requireNonNull(mode, "txTime");
        return this;
    }

    @Override
    public String toString() {
        return "SenderOptions[sendBufferSize=" + sendBufferSize + ", receiveBufferSize=" + receiveBufferSize
                + ", trafficClass=" + trafficClass
                + ", multicastTtl=" + multicastTtl + ", multicastInterface=" + multicastInterface
                + ", receiveErrors=" + receiveErrors + ", gso=" + gso + ", gsoRetryAfter=" + gsoRetryAfter()
                + ", txTime=" + txTime + "]";
    }
}

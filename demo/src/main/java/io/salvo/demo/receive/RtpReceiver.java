package io.salvo.demo.receive;

import io.salvo.rtcp.RtcpPacketType;
import io.salvo.srtp.SrtpKeys;
import io.salvo.srtp.SrtpReceiver;
import io.salvo.srtp.SrtpSender;
import io.salvo.srtp.SrtpStatus;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Listens on a UDP port and counts the RTP streams that arrive (see {@link StreamStats}), on its
 * own thread ({@link #start}) or the caller's ({@link #run}); usable in-process by a demo or a
 * test as well as by {@code salvo receive}.
 *
 * <p>It takes part in RTCP as a receiver (RFC 3550 §6) unless {@link RtcpOptions#off()}: it
 * reads sender reports, SDES and BYE on the port above the RTP port (on the RTP port itself with
 * rtcp-mux, told apart by {@link RtcpPacketType#isRtcp}), and sends receiver reports back to where
 * the SRs came from, see {@link RtcpSession}; when it stops, a last report with a BYE. Without
 * rtcp-mux, RTCP that arrives on the RTP port is counted, not read. Both sockets are read by the
 * same loop.
 *
 * <p>By default it binds the IPv6 wildcard {@code [::]} dual-stack, so IPv4 and IPv6 senders both
 * arrive, and falls back to {@code 0.0.0.0} where the JVM or the kernel has no IPv6. It asks for
 * a {@value #REQUESTED_RECEIVE_BUFFER}-byte receive buffer; {@link #receiveBufferSize()} says what
 * the kernel granted (Linux caps it at {@code net.core.rmem_max} and reports twice the request).
 *
 * <p>The loop receives into one direct buffer and parses with one reusable view: nothing is
 * allocated or copied per datagram (RTCP allocates only for a new SSRC or CNAME). It ends after
 * {@code idle} without any datagram (RTP or RTCP), counted from the first one; before the first,
 * it waits up to {@code firstPacketTimeout}, or forever when that is null (as {@code nc -u -l}
 * and ffmpeg's udp input do); or on {@link #stop()} / {@link #close()}. Datagrams that are not
 * RTP are counted by parse error, malformed RTCP by {@link io.salvo.rtcp.RtcpParseError}, never
 * fatal.
 * {@link #snapshot()} may be called from any thread: the loop updates the counts under a lock
 * that is uncontended except while a snapshot is copied.
 *
 * <p>Given SRTP keys, every RTP datagram is authenticated and decrypted in place by an
 * {@link SrtpReceiver} before it is counted: only what it accepts reaches the streams (with the
 * datagram's length, tag included, as its bytes), and what it rejects is counted by
 * {@link SrtpStatus} (a wrong key: every packet {@link SrtpStatus#AUTH_FAILED}). RTCP is then
 * SRTCP both ways under the same key (see {@link RtcpSession}). Without keys, SRTP packets are
 * counted as what they look like: RTP with an encrypted payload.
 */
public final class RtpReceiver implements AutoCloseable {
    /** Receive buffer size asked of the kernel, in bytes. */
    public static final int REQUESTED_RECEIVE_BUFFER = 8 * 1024 * 1024;
    /** Clock-rate argument that chooses the rate by payload type, see {@link ClockRates}. */
    public static final int BY_PAYLOAD_TYPE = 0;
    /** Largest UDP payload (IPv6 without jumbograms), the size of the receive buffer. */
    static final int MAX_DATAGRAM = 65_536;
    private static final int MAX_DATAGRAMS_PER_DRAIN = 1024;
    private static final long MAX_SELECT_MILLIS = 1000;
    private static final SecureRandom SEEDS = new SecureRandom();

    /** Where the loop is. */
    public enum State {
        /** Opened, loop not started. */
        READY,
        /** The loop is running. */
        RECEIVING,
        /** Ended after the idle time without datagrams. */
        IDLE,
        /** Ended because no datagram arrived within the first-packet timeout. */
        TIMED_OUT,
        /** Ended by {@link #stop()} or {@link #close()}. */
        STOPPED,
        /** Ended by an I/O error, see {@link #failure()}. */
        FAILED
    }

    private final ReceiverSockets sockets;
    private final RtcpOptions rtcpOptions;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final ReceiveStats stats;
    private final RtcpSession rtcp;
    private final SrtpReceiver srtpIn;
    private final SrtpSender srtpOut;
    private final Object lock = new Object();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final long openedNanos = System.nanoTime();
    private long datagrams;
    private long lastArrivalNanos; // the loop thread's own
    private volatile boolean stopRequested;
    private volatile State state = State.READY;
    private volatile IOException failure;
    private volatile Thread loopThread;

    private RtpReceiver(ReceiverSockets sockets, int clockRate, RtcpOptions rtcpOptions, SrtpReceiver srtpIn,
                        SrtpSender srtpOut) {
        this.sockets = sockets;
        this.rtcpOptions = rtcpOptions;
        this.stats = new ReceiveStats(clockRate);
        this.srtpIn = srtpIn;
        this.srtpOut = srtpOut;
        if (rtcpOptions.enabled()) {
            DatagramChannel rtcpChannel = rtcpOptions.mux() ? sockets.rtp() : sockets.rtcp();
            int rtcpPort = rtcpOptions.mux() ? port() : port() + 1;
            this.rtcp = new RtcpSession(rtcpChannel, rtcpPort, rtcpOptions, stats.streams(), ReceiveStats.MAX_STREAMS,
                    new SplittableRandom(SEEDS.nextLong()), openedNanos, srtpIn, srtpOut);
        } else {
            this.rtcp = null;
        }
    }

    /** A receiver on {@code port} of every local address, IPv4 and IPv6, clock rate by payload type, RTCP on port + 1. */
    public static RtpReceiver open(int port) throws IOException {
        return open(null, port, BY_PAYLOAD_TYPE);
    }

    /**
     * A receiver on {@code port} (0: any free port) of {@code bindAddress} (null: every local
     * address, IPv4 and IPv6), whose streams run at {@code clockRate} Hz ({@link #BY_PAYLOAD_TYPE}:
     * chosen per stream by {@link ClockRates}), with RTCP on the port above
     * ({@link RtcpOptions#defaults()}).
     *
     * @throws java.net.BindException when the port or the one above is in use, or the address is not local
     * @throws IllegalArgumentException if port or clock rate is out of range
     */
    public static RtpReceiver open(InetAddress bindAddress, int port, int clockRate) throws IOException {
        return open(bindAddress, port, clockRate, RtcpOptions.defaults());
    }

    /**
     * A receiver on {@code port} (0: any free even port whose successor is free too, when RTCP
     * needs it) of {@code bindAddress} (null: every local address, IPv4 and IPv6), whose streams
     * run at {@code clockRate} Hz ({@link #BY_PAYLOAD_TYPE}: chosen per stream by
     * {@link ClockRates}), taking part in RTCP as {@code rtcp} says: unless it is off or
     * multiplexed, an RTCP socket is bound to {@code port + 1} on the same address.
     *
     * @throws java.net.BindException when the port (or, for RTCP, the one above: the message says
     *                                "RTCP port N") is in use, or the address is not local
     * @throws IllegalArgumentException if port or clock rate is out of range
     */
    public static RtpReceiver open(InetAddress bindAddress, int port, int clockRate, RtcpOptions rtcp)
            throws IOException {
        return open(bindAddress, port, clockRate, rtcp, null);
    }

    /**
     * A receiver as {@link #open(InetAddress, int, int, RtcpOptions)} opens it whose packets are
     * SRTP under {@code srtp} (null: in clear), and its RTCP SRTCP under the same keys.
     *
     * @throws UnsupportedOperationException if the SRTP backend forced by
     *                                       {@link io.salvo.srtp.CryptoBackend#PROPERTY} is unavailable
     */
    public static RtpReceiver open(InetAddress bindAddress, int port, int clockRate, RtcpOptions rtcp, SrtpKeys srtp)
            throws IOException {
        Objects.requireNonNull(rtcp, "rtcp");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (clockRate < 0) {
            throw new IllegalArgumentException("clock rate must be >= 0 Hz (0: by payload type), was " + clockRate);
        }
        ReceiverSockets sockets = ReceiverSockets.open(bindAddress, port, rtcp.separatePort(), REQUESTED_RECEIVE_BUFFER);
        SrtpReceiver srtpIn = null;
        SrtpSender srtpOut = null;
        try {
            if (srtp != null) {
                srtpIn = new SrtpReceiver(srtp);
                srtpOut = rtcp.enabled() ? new SrtpSender(srtp) : null;
            }
            return new RtpReceiver(sockets, clockRate, rtcp, srtpIn, srtpOut);
        } catch (RuntimeException e) {
            if (srtpIn != null) {
                srtpIn.close();
            }
            if (srtpOut != null) {
                srtpOut.close();
            }
            sockets.close();
            throw e;
        }
    }

    /** The bound address and port. */
    public InetSocketAddress localAddress() {
        return sockets.localAddress();
    }

    /** The bound port. */
    public int port() {
        return sockets.localAddress().getPort();
    }

    /** The port RTCP is read on and sent from: {@code port() + 1}, {@code port()} with rtcp-mux, -1 without RTCP. */
    public int rtcpPort() {
        return !rtcpOptions.enabled() ? -1 : rtcpOptions.mux() ? port() : port() + 1;
    }

    /** How this receiver takes part in RTCP. */
    public RtcpOptions rtcpOptions() {
        return rtcpOptions;
    }

    /** The SRTP context that unprotects what arrives, or null when packets are taken in clear. */
    SrtpReceiver srtp() {
        return srtpIn;
    }

    /** True when bound to the IPv6 wildcard, which receives IPv4 too. */
    public boolean dualStack() {
        InetAddress address = sockets.localAddress().getAddress();
        return address instanceof Inet6Address && address.isAnyLocalAddress();
    }

    /** The receive buffer size the kernel reports after the request, in bytes. */
    public int receiveBufferSize() {
        return sockets.receiveBufferSize();
    }

    /**
     * Runs the receive loop on a new daemon thread and returns at once.
     *
     * @param idle               how long without datagrams ends the loop, counted from the first
     * @param firstPacketTimeout how long to wait for the first datagram; null waits forever
     * @throws IllegalStateException if the loop was already started, or the receiver is closed
     */
    public void start(Duration idle, Duration firstPacketTimeout) {
        long idleNanos = checkIdle(idle);
        long timeoutNanos = checkTimeout(firstPacketTimeout);
        claimLoop();
        Thread thread = new Thread(() -> loop(idleNanos, timeoutNanos), "salvo-receive-" + port());
        thread.setDaemon(true);
        loopThread = thread;
        thread.start();
    }

    /** Runs the receive loop on this thread, waiting forever for the first datagram; see {@link #run(Duration, Duration)}. */
    public ReceiveSnapshot run(Duration idle) throws IOException {
        return run(idle, null);
    }

    /**
     * Runs the receive loop on this thread until it ends.
     *
     * @param idle               how long without datagrams ends the loop, counted from the first
     * @param firstPacketTimeout how long to wait for the first datagram; null waits forever
     * @return the counts at the end
     * @throws IOException           the error that ended the loop
     * @throws IllegalStateException if the loop was already started, or the receiver is closed
     */
    public ReceiveSnapshot run(Duration idle, Duration firstPacketTimeout) throws IOException {
        long idleNanos = checkIdle(idle);
        long timeoutNanos = checkTimeout(firstPacketTimeout);
        claimLoop();
        loopThread = Thread.currentThread();
        loop(idleNanos, timeoutNanos);
        if (failure != null) {
            throw failure;
        }
        return snapshot();
    }

    private static long checkIdle(Duration idle) {
        Objects.requireNonNull(idle, "idle");
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("idle time must be > 0, was " + idle);
        }
        return idle.toNanos();
    }

    private static long checkTimeout(Duration timeout) {
        if (timeout == null) {
            return -1;
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("first-packet timeout must be > 0 or null (no limit), was " + timeout);
        }
        return timeout.toNanos();
    }

    private void claimLoop() {
        if (closed.get()) {
            throw new IllegalStateException("receiver on port " + port() + " is closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("receiver on port " + port() + " already started");
        }
        state = State.RECEIVING;
    }

    private void loop(long idleNanos, long timeoutNanos) {
        State end = State.STOPPED;
        boolean leave = true;
        try {
            boolean any = false;
            long startNanos = System.nanoTime();
            while (!stopRequested) {
                if (drain() > 0) {
                    any = true;
                }
                long now = System.nanoTime();
                long reportWaitNanos = reportsDue(now);
                long deadline = any ? lastArrivalNanos + idleNanos
                        : timeoutNanos >= 0 ? startNanos + timeoutNanos : Long.MAX_VALUE;
                long waitNanos = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - now;
                if (waitNanos <= 0) {
                    end = any ? State.IDLE : State.TIMED_OUT;
                    break;
                }
                sockets.select(selectMillis(Math.min(waitNanos, reportWaitNanos)));
            }
        } catch (ClosedSelectorException e) {
            end = stopRequested ? State.STOPPED : fail(new ClosedChannelException());
        } catch (IOException e) {
            end = stopRequested ? State.STOPPED : fail(e);
        } catch (RuntimeException | Error e) {
            leave = false;
            end = fail(new IOException("receive loop failed: " + e, e));
            throw e;
        } finally {
            try {
                if (leave) {
                    leaveRtcp();
                }
            } finally {
                state = end;
                finished.countDown();
            }
        }
    }

    /** Sends the receiver reports due at {@code now}; returns how long until the next is due. */
    private long reportsDue(long now) {
        if (rtcp == null) {
            return Long.MAX_VALUE;
        }
        synchronized (lock) {
            rtcp.onTime(now);
            return rtcp.deadline() - now;
        }
    }

    /** The last receiver reports, with our BYE. */
    private void leaveRtcp() {
        if (rtcp == null) {
            return;
        }
        synchronized (lock) {
            rtcp.leave(System.nanoTime());
        }
    }

    /** {@code waitNanos} rounded up to whole milliseconds, at least 1 (0 would block forever), at most a second. */
    private static long selectMillis(long waitNanos) {
        if (waitNanos >= TimeUnit.MILLISECONDS.toNanos(MAX_SELECT_MILLIS)) {
            return MAX_SELECT_MILLIS;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999));
    }

    private State fail(IOException e) {
        failure = e;
        return State.FAILED;
    }

    /** Receives what is queued on both sockets, up to a batch each; returns how many came. */
    private int drain() throws IOException {
        int received = drain(sockets.rtp(), false);
        if (sockets.rtcp() != null) {
            received += drain(sockets.rtcp(), true);
        }
        return received;
    }

    /** Receives what is queued on {@code channel}, up to a batch, noting the last arrival time; returns how many came. */
    private int drain(DatagramChannel channel, boolean rtcpPort) throws IOException {
        int received = 0;
        while (received < MAX_DATAGRAMS_PER_DRAIN && !stopRequested) {
            buffer.clear();
            SocketAddress source = channel.receive(buffer);
            if (source == null) {
                break;
            }
            received++;
            lastArrivalNanos = System.nanoTime();
            int length = buffer.position();
            synchronized (lock) {
                datagrams++;
                if (rtcp != null && (rtcpPort || rtcpOptions.mux() && RtcpPacketType.isRtcp(buffer, 0, length))) {
                    stats.onRtcpDatagram();
                    rtcp.onDatagram(buffer, 0, length, lastArrivalNanos, source);
                } else if (srtpIn != null && !ReceiveStats.isRtcp(buffer, 0, length)) {
                    int plain = srtpIn.unprotectRtp(buffer, 0, length);
                    if (plain >= 0) { // else counted by the context, by SrtpStatus
                        stats.onRtp(buffer, 0, plain, length, lastArrivalNanos, source);
                    }
                } else {
                    stats.onDatagram(buffer, 0, length, lastArrivalNanos, source);
                }
            }
        }
        return received;
    }

    /** The counts now; callable from any thread, while running or after. */
    public ReceiveSnapshot snapshot() {
        synchronized (lock) {
            return stats.snapshot(System.nanoTime() - openedNanos, rtcp == null ? RtcpSnapshot.OFF : rtcp.snapshot(),
                    srtpIn == null ? SrtpSnapshot.OFF : SrtpSnapshot.of(srtpIn, srtpOut));
        }
    }

    /** Datagrams received so far, RTP or not. */
    public long datagrams() {
        synchronized (lock) {
            return datagrams;
        }
    }

    /**
     * Waits until at least {@code count} datagrams have arrived (RTP or not), e.g. as many as
     * were sent over loopback.
     *
     * @return true when they have; false when the timeout passed or the loop ended first
     */
    public boolean awaitDatagrams(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (datagrams() < count) {
            if (finished.getCount() == 0 || System.nanoTime() - deadline >= 0) {
                return datagrams() >= count;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /**
     * Waits for the loop to end.
     *
     * @return true when it has ended; false when the timeout passed first or it never started
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return started.get() && finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Where the loop is. */
    public State state() {
        return state;
    }

    /** The I/O error that ended the loop, or null. */
    public IOException failure() {
        return failure;
    }

    /**
     * Asks the loop to end (it ends within a millisecond or so, after its last RTCP report and
     * BYE); returns at once. Idempotent.
     */
    public void stop() {
        stopRequested = true;
        sockets.wakeup();
    }

    /** Stops the loop, waits for it to end (and send its last RTCP) and closes the sockets. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stop();
        if (started.get() && Thread.currentThread() != loopThread) {
            boolean interrupted = false;
            while (true) {
                try {
                    finished.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (state == State.READY) {
            state = State.STOPPED;
        }
        sockets.close();
        if (srtpIn != null) { // their counts stay readable
            srtpIn.close();
        }
        if (srtpOut != null) {
            srtpOut.close();
        }
    }
}

package io.salvo.sender;

import com.sun.jna.Native;
import io.salvo.rtp.OutputMessage;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The native sender: each batch goes to the kernel in one {@code sendmmsg(2)} call (up to 1024
 * messages a call) from memory preallocated once per sender, through JNA direct mapping, with no
 * allocation per message in steady state. Direct buffers are sent in place; heap buffers are
 * copied into a pooled native area and counted in {@link SenderStats#heapCopies()}.
 *
 * <p>UDP GSO: where the kernel supports {@code UDP_SEGMENT} (probed when the sender opens) and
 * {@link SenderOptions#gso(boolean)} allows it, consecutive messages of a batch to the same
 * destination with the same length (the last of a run may be shorter) go to the kernel as one
 * message that it cuts back into those datagrams: up to 64 datagrams and 65,000 bytes a run,
 * runs and plain messages mixed in one {@code sendmmsg}. The receiver sees the same datagrams
 * either way, and the count returned and each {@code bytesSent} stay per message. If the kernel
 * refuses a run (EIO, EINVAL, or EMSGSIZE for a segment above the route's MTU), GSO is switched
 * off ({@link #gsoEnabled()}, {@link SenderStats#gsoFallbacks()}) and the same messages are sent
 * one by one within the same call: nothing is lost and nothing is thrown. GSO stays off for a
 * back-off ({@link SenderOptions#gsoRetryAfter}, 1 s by default); the first send after it tries
 * GSO again ({@link SenderStats#gsoRetries()}), so a transient cause (an MTU that dropped for a
 * while) costs GSO only while it lasts. A retry the kernel refuses costs that one refused
 * syscall, its messages again sent one by one in the same call, and doubles the back-off (up to
 * 64 s) while the cause persists; a run accepted after a retry sets it back to the initial one.
 *
 * <p>Kernel pacing: with {@link SenderOptions#txTime} AUTO or ON the socket gets {@code SO_TXTIME}
 * ({@code CLOCK_MONOTONIC}) when it opens, and then each message with a {@link
 * OutputMessage#departureNanos() departure time} carries it to the kernel in an {@code SCM_TXTIME}
 * control message (one per GSO run, whose messages then share one departure time) for the
 * {@code fq} qdisc to hold it until then ({@link #txTimeEnabled()}). Other qdiscs send it at once.
 *
 * <p>The socket is non-blocking; waits use {@code ppoll} on the socket and an eventfd that
 * {@link #close()} and {@link Cancellable#cancel()} signal, so a blocked send wakes at once.
 * Its {@link #receiver()} reads the same socket with {@code recvmmsg(2)}, allocation-free too.
 * Linux on amd64 or aarch64 only ({@link #isAvailable()}).
 */
public final class SendmmsgSender extends BaseDatagramSender {
    private final NativeSocket socket;
    private final MessageArray batch;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final boolean gsoSupported;
    private volatile boolean gsoEnabled;
    /** When to try GSO again after a refusal; null if GSO is not supported or not allowed. */
    private final GsoRetry gsoRetry;
    private final boolean txTime;
    /** End of the range the current call has not yet checked for nulls (0: none left). */
    private int uncheckedEnd;

    private SendmmsgSender(NativeSocket socket, InetSocketAddress remote, SenderOptions options) throws IOException {
        super("sendmmsg");
        this.socket = socket;
        this.local = socket.localAddress();
        this.remote = remote;
        this.batch = new MessageArray(socket.family());
        this.gsoSupported = socket.supportsUdpSegment();
        this.gsoEnabled = gsoSupported && options.gso();
        batch.gso(gsoEnabled);
        this.gsoRetry = gsoEnabled ? new GsoRetry(options.gsoRetryAfterNanos()) : null;
        this.txTime = socket.txTime();
        batch.txTime(txTime);
    }

    /** True if this platform can run the native sender (64-bit Linux, JNA present). */
    public static boolean isAvailable() {
        return NativeSupport.available();
    }

    /** An unconnected sender bound to {@code local} (port 0: any); every message needs an address. */
    public static SendmmsgSender open(InetSocketAddress local) throws IOException {
        return open(local, null, new SenderOptions());
    }

    /** A sender bound to {@code local} and connected to {@code remote}; messages may have no address. */
    public static SendmmsgSender open(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        return open(local, remote, new SenderOptions());
    }

    /**
     * A sender bound to {@code local}, connected to {@code remote} unless it is null, with {@code
     * options}. The socket is IPv6 (dual-stack: IPv4 destinations go v4-mapped) when {@code local}
     * is an IPv6 address, else IPv4.
     *
     * @throws UnsupportedOperationException if {@link #isAvailable()} is false
     * @throws IOException naming the failing call and errno (bind, connect, setsockopt…)
     */
    public static SendmmsgSender open(InetSocketAddress local, InetSocketAddress remote, SenderOptions options)
            throws IOException {
        NativeSupport.require();
        NativeSocket socket = NativeSocket.open(local, remote, options);
        try {
            return new SendmmsgSender(socket, remote, options);
        } catch (IOException | RuntimeException | Error e) {
            socket.close();
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

    /** True if the kernel supports UDP GSO ({@code UDP_SEGMENT}), as probed when the sender opened. */
    public boolean gsoSupported() {
        return gsoSupported;
    }

    /**
     * True while this sender builds GSO runs: supported, allowed by the options, and not in the
     * back-off after the kernel refused a run (GSO comes back with the first send after it).
     */
    public boolean gsoEnabled() {
        return gsoEnabled;
    }

    /**
     * True if the socket took {@code SO_TXTIME} when it opened ({@link SenderOptions#txTime} AUTO
     * or ON): departure times go to the kernel. Whether they are honoured depends on the qdisc
     * ({@code fq}), which the socket cannot see.
     */
    @Override
    public boolean txTimeEnabled() {
        return txTime;
    }

    /** The GSO back-off of the last refusal in nanoseconds; 0 before one or without GSO (for checks). */
    long gsoBackoffNanos() {
        return gsoRetry == null ? 0 : gsoRetry.backoffNanos();
    }

    /** Reads {@code SO_TXTIME} back: {@code {clockid, flags}} (for checks and diagnostics). */
    int[] txTimeSetting() throws IOException {
        return socket.txTimeSetting();
    }

    /** Reads an int socket option (for checks and diagnostics). */
    int intOption(int level, int name) throws IOException {
        return socket.intOption(level, name);
    }

    /**
     * Checks only what lies beyond the first syscall's 1024 messages: {@link MessageArray#fill}
     * checks the messages it reaches and {@link #sendSome} the rest of that window before the
     * first syscall, so a batch is walked once, not twice (a few percent at GSO rates).
     */
    @Override
    void checkMessages(OutputMessage[] messages, int offset, int count) {
        int window = Math.min(count, MessageArray.MAX_MESSAGES);
        checkRange(messages, offset + window, count - window);
        uncheckedEnd = offset + window;
    }

    @Override
    int sendSome(OutputMessage[] messages, int from, int count, int flags) {
        if (gsoRetry != null && gsoRetry.off() && gsoRetry.due(System.nanoTime())) {
            retryGso();
        }
        while (true) {
            int filled = batch.fill(messages, from, count);
            if (uncheckedEnd > from + filled) {
                checkRange(messages, from + filled, uncheckedEnd - from - filled);
            }
            uncheckedEnd = 0;
            stats.heapCopies(batch.heapCopies(), batch.heapCopyBytes());
            if (filled == 0) {
                return -batch.rejectErrno();
            }
            int sent = LibC.sendmmsg(socket.fd(), batch.address(), batch.headers(), flags);
            if (sent < 0) {
                int errno = Native.getLastError();
                stats.sent(1, 0, 0);
                if (batch.segments(0) > 1 && UdpGso.isRefusal(errno)) {
                    fallBackFromGso();
                    continue;
                }
                return -errno;
            }
            int messagesSent = batch.collect(messages, from, sent);
            stats.sent(1, messagesSent, batch.collectedBytes());
            stats.gso(batch.collectedRuns(), batch.collectedSegments());
            if (batch.collectedRuns() > 0) {
                gsoRetry.accepted();
            }
            return messagesSent;
        }
    }

    /**
     * The kernel refused a GSO run at the head of the batch (a run refused further down was
     * discarded by sendmmsg and comes back at the head of the next call): every message goes
     * alone until the back-off has passed, starting with a refill of the same messages.
     */
    private void fallBackFromGso() {
        gsoRetry.refused(System.nanoTime());
        gsoEnabled = false;
        batch.gso(false);
        stats.gsoFallback();
    }

    /** The back-off after a refusal has passed: build GSO runs again from this call on. */
    private void retryGso() {
        gsoEnabled = true;
        batch.gso(true);
        stats.gsoRetry();
    }

    @Override
    void awaitWritable(long nanos) throws IOException {
        socket.awaitWritable(nanos);
    }

    @Override
    void wakeup() {
        socket.wakeup();
    }

    @Override
    BaseDatagramReceiver newReceiver() {
        return new RecvmmsgReceiver(this, socket);
    }

    @Override
    void closeResources() {
        socket.close();
        batch.free();
    }

    @Override
    public String toString() {
        return "SendmmsgSender[local=" + local + ", remote=" + remote + ", gso=" + gsoEnabled + ", txTime=" + txTime
                + (isClosed() ? ", closed" : "") + "]";
    }
}

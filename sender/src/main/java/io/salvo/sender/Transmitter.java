package io.salvo.sender;

import io.salvo.pacer.DropReason;
import io.salvo.pacer.FrameReleaser;
import io.salvo.pacer.NanoClock;
import io.salvo.pacer.Pacer;
import io.salvo.pacer.PriorityClass;
import io.salvo.rtp.Bytes;
import io.salvo.rtp.FramePacketizer;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread that owns a {@link DatagramSender}, a {@link Pacer}, the queues and the batch
 * arrays. Producers on any thread {@link #submit} frames (or {@link #submitPacket} ready RTP
 * packets, for forwarding) through a lock-free handoff; the thread packetizes them, and at each
 * tick sends what the pacer allows in one {@code send(..., timeout 0, ...)} call, keeping the
 * unsent tail first, in order, for the next tick.
 *
 * <p>Every datagram handed over is sent or dropped with a counted {@link DropReason}; at every
 * {@link #stats()} snapshot {@code submitted = sent + dropped + queued}. A frame's
 * {@link FrameReleaser} runs exactly once, after its last datagram is sent or dropped. Error
 * policy: a datagram the kernel rejects for its own sake (EMSGSIZE, unreachable) is dropped and
 * the rest goes on; ECONNREFUSED is counted and sending goes on; ENOBUFS keeps the batch for the
 * next tick; a closed sender stops the transmitter, drops what waits and tells the listener.
 *
 * <p>RTCP ({@link RtcpConfig}, on by default): each stream whose packetizer states its SSRC and
 * clock rate gets Sender Reports with SDES CNAME on the RFC 3550 schedule and a BYE when it is
 * removed or the transmitter closes, no sooner than {@link RtcpConfig#byeDelayNanos()} after its
 * last media datagram (receivers that stop at a BYE read the media first); feedback (receiver reports, NACK, PLI, FIR, APP) is read on
 * the same thread from the RTP socket and, when given, a second RTCP socket. {@link #rtcpStats()}
 * says what the receivers reported.
 *
 * <p>Kernel pacing: when the sender hands departure times to the kernel ({@link
 * DatagramSender#txTimeEnabled()}, {@link SenderOptions#txTime}) and the pacer ticks on the system
 * clock, each tick runs up to {@link TransmitterConfig#txTimeHorizonNanos()} ahead of its time,
 * with the pacer's budget of that time, and stamps its datagrams with it; the {@code fq} qdisc
 * holds them until then, and the thread parks between bursts of ticks instead of waking for each
 * ({@link #kernelPacing()}). The accounting counts a datagram sent when the kernel took it, which
 * is then up to a horizon before it leaves, and the lateness is that of the handoff.
 *
 * <p>{@link #start} runs the loop on its own thread; {@link #create} leaves it to the caller to
 * call {@link #doWork()} (tests with a virtual clock, benchmarks). Closing the transmitter closes
 * its sender (and its RTCP socket).
 */
public final class Transmitter implements AutoCloseable {
    private static final int DRAIN_PER_WORK = 256;
    private static final long UNPACED_IDLE_NANOS = 50_000L;

    private static final long BYE_TIMEOUT_MICROS = 100_000L;
    private static final RtcpCounters DISABLED_RTCP = new RtcpCounters();

    private final DatagramSender sender;
    private final DatagramSender rtcpSender;
    private final RtcpSession rtcp;
    private final TransmitterConfig config;
    private final NanoClock clock;
    private final Pacer pacer;
    private final SubmissionRing ring;
    private final DatagramLedger ledger;
    private final FrameIntake intake;
    private final TickSender tickSender;
    private final Histogram latenessTotal = new Histogram(TickSender.MAX_LATENESS_MICROS, 3);
    private final Histogram latenessInterval = new Histogram(TickSender.MAX_LATENESS_MICROS, 3);
    private final long tickNanos;
    private final boolean unpaced;
    /** How far ahead of its time a tick may run: the txTime horizon with kernel pacing, else 0. */
    private final long leadNanos;
    private final IdleStrategy kernelPacedIdle = IdleStrategy.park();
    private long nextTickNanos;
    private boolean tickScheduled;
    private volatile boolean running = true;
    private volatile long finalCpuNanos = -1;
    private Thread thread;
    private boolean finished;

    private Transmitter(DatagramSender sender, DatagramSender rtcpSender, TransmitterConfig config) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.rtcpSender = rtcpSender != null ? rtcpSender : sender;
        this.config = config;
        this.clock = config.clock();
        this.rtcp = config.rtcp().enabled() ? new RtcpSession(config.rtcp(), clock, sender, this.rtcpSender) : null;
        if (rtcp != null) {
            rtcp.nackHandler((stream, nack, from, nowNanos) -> {
                Retransmitter retransmitter = stream.stream.retransmitter;
                if (retransmitter != null) {
                    retransmitter.nack(nack, from, nowNanos);
                }
            });
        }
        this.ledger = new DatagramLedger(config.slotCapacity());
        this.pacer = new Pacer(config.pacer(), ledger::droppedByPacer);
        this.ring = new SubmissionRing(config.submissionCapacity());
        this.intake = new FrameIntake(ring, pacer, ledger, config, rtcp);
        this.unpaced = config.pacer().unpaced();
        boolean kernelPaced = !unpaced && config.txTimeHorizonNanos() > 0 && sender.txTimeEnabled()
                && clock == NanoClock.SYSTEM;
        this.leadNanos = kernelPaced ? config.txTimeHorizonNanos() : 0;
        this.tickSender = new TickSender(sender, pacer, ledger, config, kernelPaced);
        this.tickNanos = unpaced ? 0 : config.pacer().tickNanos();
    }

    /**
     * A transmitter whose loop runs on a new thread, started now; RTCP, if enabled, is sent and
     * received on {@code sender}'s socket.
     */
    public static Transmitter start(DatagramSender sender, TransmitterConfig config) {
        return start(sender, null, config);
    }

    /**
     * A transmitter whose loop runs on a new thread, started now, sending RTP from {@code sender}
     * and RTCP from {@code rtcpSender} (usually bound to the RTP port + 1, see
     * {@link DatagramSenders#openPair}); null means {@code sender}. It owns and closes both.
     */
    public static Transmitter start(DatagramSender sender, DatagramSender rtcpSender, TransmitterConfig config) {
        Transmitter transmitter = new Transmitter(sender, rtcpSender, config);
        Thread thread = new Thread(transmitter::run, config.threadName());
        transmitter.thread = thread;
        thread.start();
        return transmitter;
    }

    /** A transmitter without a thread: the caller calls {@link #doWork()} (and owns that thread's role). */
    public static Transmitter create(DatagramSender sender, TransmitterConfig config) {
        return create(sender, null, config);
    }

    /** As {@link #create(DatagramSender, TransmitterConfig)}, with RTCP from {@code rtcpSender} (null: {@code sender}). */
    public static Transmitter create(DatagramSender sender, DatagramSender rtcpSender, TransmitterConfig config) {
        return new Transmitter(sender, rtcpSender, config);
    }

    /**
     * Registers a stream whose frames {@code packetizer} slices and whose packets go to every
     * destination; no destination (or a null one) means the connected socket's peer.
     */
    public TransmitterStream addStream(String name, FramePacketizer packetizer, PriorityClass priority,
                                       InetSocketAddress... destinations) {
        return addStream(name, packetizer, priority, RetransmissionConfig.off(), destinations);
    }

    /**
     * Registers a stream as {@link #addStream(String, FramePacketizer, PriorityClass, InetSocketAddress...)}
     * that answers NACKs as {@code retransmission} says: sent packets stay in a history (and so
     * do their frames: a frame is released when its last packet leaves the history) and are sent
     * again, to the receiver that asked, through the pacer at the retransmission priority.
     * Needs RTCP ({@link RtcpConfig}), which brings the NACKs.
     */
    public TransmitterStream addStream(String name, FramePacketizer packetizer, PriorityClass priority,
                                       RetransmissionConfig retransmission, InetSocketAddress... destinations) {
        return addStream(name, packetizer, priority, retransmission, null, destinations);
    }

    /**
     * Registers a stream as {@link #addStream(String, FramePacketizer, PriorityClass, RetransmissionConfig,
     * InetSocketAddress...)} that is encrypted as {@code srtp} says (null: in clear): each datagram
     * is protected (SRTP, RFC 3711 / 7714) into a native region on its way into the batch, and its
     * RTCP reports go as SRTCP. Resends must then be RTX: a resent original would reuse its SRTP
     * index, and receivers drop it as a replay. The SRTP contexts are made here, on the caller's
     * thread (key derivation), and freed when the stream or the transmitter ends.
     *
     * @throws IllegalArgumentException for SRTP with original-packet resends, or keys that are
     *                                  neither one nor one per destination
     */
    public TransmitterStream addStream(String name, FramePacketizer packetizer, PriorityClass priority,
                                       RetransmissionConfig retransmission, SrtpConfig srtp,
                                       InetSocketAddress... destinations) {
        Objects.requireNonNull(packetizer, "packetizer");
        RetransmissionConfig.requireNonNull(retransmission);
        if (retransmission.enabled() && !config.rtcp().enabled()) {
            throw new IllegalArgumentException("retransmission needs RTCP (NACKs come in RTCP), which is disabled");
        }
        if (srtp != null && retransmission.mode() == RetransmissionConfig.Mode.ORIGINAL) {
            throw new IllegalArgumentException("SRTP needs RTX for resends: a resent original packet reuses its SRTP "
                    + "index and receivers drop it as a replay");
        }
        Objects.requireNonNull(priority, "priority");
        InetSocketAddress[] to = destinations.length == 0 ? new InetSocketAddress[1] : destinations.clone();
        if (to.length > config.maxBatch()) {
            throw new IllegalArgumentException("a stream can have at most " + config.maxBatch()
                    + " destinations (one batch), got " + to.length);
        }
        StreamSrtp contexts = srtp == null ? null : new StreamSrtp(srtp, to.length);
        TransmitterStream stream = new TransmitterStream(name, packetizer, priority, retransmission, contexts, to);
        try {
            handOver(SubmissionRing.ADD_STREAM, stream);
        } catch (RuntimeException closed) {
            if (contexts != null) {
                contexts.close();
            }
            throw closed;
        }
        return stream;
    }

    /**
     * Unregisters {@code stream}: its queued datagrams are dropped ({@link DropReason#STREAM_REMOVED});
     * its BYE follows once {@link RtcpConfig#byeDelayNanos()} has passed since its last datagram.
     */
    public void removeStream(TransmitterStream stream) {
        stream.removed = true;
        handOver(SubmissionRing.REMOVE_STREAM, stream);
    }

    /**
     * Hands a frame to the transmitter: {@code length} bytes at absolute index {@code offset} of
     * {@code frame}, which must stay unchanged until {@code releaser} is called (exactly once,
     * with {@code tag}). Never blocks.
     *
     * @return false when the handoff is full or the transmitter has stopped (then nothing is
     *         kept and the releaser is not called)
     * @throws IllegalArgumentException for a removed stream or a range outside the buffer
     */
    public boolean submit(TransmitterStream stream, ByteBuffer frame, int offset, int length, long rtpTimestamp,
                          boolean keyframe, long tag, FrameReleaser releaser) {
        return offer(SubmissionRing.FRAME, stream, frame, offset, length, rtpTimestamp, clock.nanoTime(), keyframe,
                tag, releaser);
    }

    /**
     * As {@link #submit(TransmitterStream, ByteBuffer, int, int, long, boolean, long, FrameReleaser)},
     * for a frame captured at {@code captureNanos} on the transmitter's clock
     * ({@link TransmitterConfig#clock()}, {@link System#nanoTime()} by default) rather than now:
     * the Sender Reports map RTP time to wall time through the capture time of the last frame, so
     * a producer that knows it (a camera's timestamp, a file's schedule) gives receivers an exact
     * mapping for lip sync.
     */
    public boolean submit(TransmitterStream stream, ByteBuffer frame, int offset, int length, long rtpTimestamp,
                          long captureNanos, boolean keyframe, long tag, FrameReleaser releaser) {
        return offer(SubmissionRing.FRAME, stream, frame, offset, length, rtpTimestamp, captureNanos, keyframe, tag,
                releaser);
    }

    /**
     * Hands over one ready RTP datagram (for forwarding: header already rewritten), sent as it is
     * to the stream's destinations; same contract as {@link #submit}.
     */
    public boolean submitPacket(TransmitterStream stream, ByteBuffer datagram, int offset, int length, long tag,
                                FrameReleaser releaser) {
        return offer(SubmissionRing.PACKET, stream, datagram, offset, length, 0, clock.nanoTime(), false, tag,
                releaser);
    }

    private boolean offer(int kind, TransmitterStream stream, ByteBuffer buffer, int offset, int length,
                          long rtpTimestamp, long captureNanos, boolean keyframe, long tag, FrameReleaser releaser) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(buffer, "buffer");
        if (stream.removed) {
            throw new IllegalArgumentException(stream + " was removed");
        }
        Bytes.checkRange("frame", offset, length, buffer.capacity());
        if (stopped() || !running) {
            return false;
        }
        SubmissionRing.Slot slot = ring.claim();
        if (slot == null) {
            return false;
        }
        slot.kind = kind;
        slot.stream = stream;
        slot.buffer = buffer;
        slot.offset = offset;
        slot.length = length;
        slot.rtpTimestamp = rtpTimestamp;
        slot.captureNanos = captureNanos;
        slot.keyframe = keyframe;
        slot.tag = tag;
        slot.releaser = releaser;
        ring.publish(slot);
        return true;
    }

    /**
     * Declares {@code stream}'s media clock before (or apart from) its frames: RTP timestamp
     * {@code rtpTimestamp} is the instant {@code captureNanos} on the transmitter's clock. Its
     * Sender Reports can then go out at once, before its first packet, so receivers that sync
     * several streams (audio with video) place even the first frames right; a frame submitted
     * later sets the mapping again. Waits while the handoff is full; ignored for a stream without
     * RTCP.
     */
    public void anchor(TransmitterStream stream, long rtpTimestamp, long captureNanos) {
        Objects.requireNonNull(stream, "stream");
        SubmissionRing.Slot slot = claimWaiting();
        slot.kind = SubmissionRing.ANCHOR;
        slot.stream = stream;
        slot.rtpTimestamp = rtpTimestamp;
        slot.captureNanos = captureNanos;
        ring.publish(slot);
    }

    private void handOver(int kind, TransmitterStream stream) {
        SubmissionRing.Slot slot = claimWaiting();
        slot.kind = kind;
        slot.stream = stream;
        ring.publish(slot);
    }

    private SubmissionRing.Slot claimWaiting() {
        SubmissionRing.Slot slot;
        while ((slot = ring.claim()) == null) {
            if (finished) {
                throw new IllegalStateException("transmitter is closed");
            }
            LockSupport.parkNanos(10_000);
        }
        return slot;
    }

    /**
     * One turn of the loop: takes handed-over frames, and runs a tick when one is due.
     *
     * @return the amount of work done (0 when idle)
     */
    public int doWork() {
        if (finished) {
            return 0;
        }
        int work = intake.drain(DRAIN_PER_WORK, false);
        if (stopped()) {
            return work;
        }
        long now = clock.nanoTime();
        if (!tickScheduled) {
            nextTickNanos = now;
            tickScheduled = true;
        }
        if (rtcp != null) {
            // before the tick: a stream's first report leaves before its first packets
            work += rtcp.doWork(now);
        }
        if (now >= nextTickNanos - leadNanos) {
            long scheduled = nextTickNanos;
            // the tick's time: now, or with kernel pacing its scheduled time when it runs ahead
            long at = Math.max(now, scheduled);
            work += tickSender.tick(at, scheduled, intake.streamCount(), intake.maxFanOut());
            if (unpaced) {
                nextTickNanos = at;
            } else {
                long behind = at - scheduled;
                // the next grid point, but never closer than a tick to the end of this one: a tick
                // whose datagrams left late (the thread preempted, a large frame packetized) followed
                // at once by an on-time one would put two ticks' worth on the wire within a tick
                long end = leadNanos == 0 ? clock.nanoTime() : at;
                nextTickNanos = Math.max(scheduled + tickNanos * (behind / tickNanos + 1), end + tickNanos);
            }
            intake.expireHistories(now);
        }
        return work;
    }

    /**
     * True if ticks go to the kernel ahead of time with their departure time (the sender's
     * {@code SO_TXTIME}, a positive horizon, a paced pacer on the system clock); false if the
     * thread waits for each tick.
     */
    public boolean kernelPacing() {
        return leadNanos > 0;
    }

    /** When the next tick is due, on the configured clock. */
    public long nextTickNanos() {
        return nextTickNanos;
    }

    private boolean stopped() {
        return tickSender.failure() != null;
    }

    private void run() {
        tightenTimerSlack();
        IdleStrategy idle = config.idleStrategy();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try {
            while (running && !stopped()) {
                int work = doWork();
                if (unpaced) {
                    if (work == 0) {
                        idle.idleUntil(System.nanoTime() + UNPACED_IDLE_NANOS);
                    }
                } else if (ring.size() == 0 || pacer.queuedPackets() >= config.maxQueuedPackets()) {
                    if (leadNanos == 0) {
                        idle.idleUntil(System.nanoTime() + (nextTickNanos - clock.nanoTime()));
                    } else if (clock.nanoTime() < nextTickNanos - leadNanos) {
                        // the horizon is full: park until half of it is left, then refill it
                        kernelPacedIdle.idleUntil(nextTickNanos - leadNanos / 2);
                    }
                }
            }
        } finally {
            if (mx.isCurrentThreadCpuTimeSupported()) {
                finalCpuNanos = mx.getCurrentThreadCpuTime();
            }
        }
    }

    /**
     * Linux lets a sleeping thread wake up to 50 us late (its timer slack) to batch wake-ups; the
     * transmitter thread asks for 1 us so that parking until shortly before a tick is precise.
     * Affects this thread only; ignored where the native library is not available.
     */
    private static void tightenTimerSlack() {
        if (NativeSupport.available()) {
            LibC.prctl(LibC.PR_SET_TIMERSLACK, 1_000L, 0, 0, 0);
        }
    }

    /** A consistent snapshot of the accounting, from any thread. */
    public TransmitterStats stats() {
        int pending = ring.size(); // first: a release (after its counters) makes later snapshots see it
        TransmitterCounters snapshot = ledger.counters.snapshot();
        Histogram lateness;
        synchronized (latenessTotal) {
            tickSender.latenessInto(latenessInterval);
            latenessTotal.add(latenessInterval);
            lateness = latenessTotal.copy();
        }
        return new TransmitterStats(snapshot, lateness, pending, cpuNanos());
    }

    private long cpuNanos() {
        Thread t = thread;
        if (t != null && t.isAlive()) {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            return mx.isThreadCpuTimeSupported() ? mx.getThreadCpuTime(t.getId()) : -1;
        }
        return finalCpuNanos;
    }

    /**
     * What the RTCP side sent and received, and per remote receiver and stream what it reported
     * (loss, jitter, round-trip time, feedback); empty counters when RTCP is disabled. Any thread.
     */
    public RtcpStats rtcpStats() {
        return rtcp != null ? rtcp.stats() : DISABLED_RTCP.snapshot(0);
    }

    /** The pacing rate in effect, bits/s (0 when unpaced). Approximate when read from another thread. */
    public long pacingRateBps() {
        return pacer.rateBps();
    }

    /** The sender this transmitter owns. */
    public DatagramSender sender() {
        return sender;
    }

    /** Why the transmitter stopped on its own (its sender closed), or null. */
    public Exception failure() {
        return tickSender.failure();
    }

    /** True while it accepts submissions (not closed, sender not closed). */
    public boolean isRunning() {
        return running && !stopped();
    }

    /**
     * Waits until every handed-over frame has been sent or dropped (nothing pending or queued),
     * polling the counters.
     *
     * @return true when drained, false on timeout
     */
    public boolean awaitDrained(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            int pending = ring.size(); // before the counters, as in stats()
            if (pending == 0 && ledger.counters.snapshot().queued == 0) {
                return true;
            }
            if (stopped() || System.nanoTime() >= deadline) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /**
     * Stops the loop, drops whatever still waits ({@link DropReason#TRANSMITTER_CLOSED}, or
     * {@link DropReason#SENDER_CLOSED} after a stop) so every frame is released, and closes the
     * sender; with RTCP, first sends each stream's BYE, waiting what is left of
     * {@link RtcpConfig#byeDelayNanos()} since the last media datagram. Idempotent. Call
     * {@link #awaitDrained} first to let queued frames leave.
     */
    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            LockSupport.unpark(t);
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (finished) {
                return;
            }
            while (ring.peek() != null) {
                intake.drain(Integer.MAX_VALUE, true);
            }
            tickSender.dropAll(stopped() ? DropReason.SENDER_CLOSED : DropReason.TRANSMITTER_CLOSED);
            intake.closeHistories();
            if (rtcp != null) {
                rtcp.close(stopped() ? 0 : BYE_TIMEOUT_MICROS, !stopped());
            }
            intake.closeSrtp();
            finished = true;
        }
        sender.close();
        rtcpSender.close();
    }
}

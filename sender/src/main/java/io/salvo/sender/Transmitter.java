package io.salvo.sender;

import io.salvo.pacer.DropReason;
import io.salvo.pacer.FrameReleaser;
import io.salvo.pacer.NanoClock;
import io.salvo.pacer.PacedFrame;
import io.salvo.pacer.PacedPacket;
import io.salvo.pacer.PacedStream;
import io.salvo.pacer.Pacer;
import io.salvo.pacer.PriorityClass;
import io.salvo.rtp.Bytes;
import io.salvo.rtp.FramePacketizer;
import io.salvo.rtp.PacketSink;
import io.salvo.rtp.RtpPacket;
import io.salvo.rtp.RtpPacketPool;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
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
 * <p>{@link #start} runs the loop on its own thread; {@link #create} leaves it to the caller to
 * call {@link #doWork()} (tests with a virtual clock, benchmarks). Closing the transmitter closes
 * its sender.
 */
public final class Transmitter implements AutoCloseable {
    private static final int DRAIN_PER_WORK = 256;
    private static final long UNPACED_IDLE_NANOS = 50_000L;
    private static final long MAX_LATENESS_MICROS = 60_000_000L;

    private final DatagramSender sender;
    private final TransmitterConfig config;
    private final NanoClock clock;
    private final Pacer pacer;
    private final SubmissionRing ring;
    private final TransmitterCounters counters = new TransmitterCounters();
    private final SingleWriterRecorder latenessRecorder = new SingleWriterRecorder(MAX_LATENESS_MICROS, 3);
    private final Histogram latenessTotal = new Histogram(MAX_LATENESS_MICROS, 3);
    private final Histogram latenessInterval = new Histogram(MAX_LATENESS_MICROS, 3);
    private final RtpPacketPool packetPool;
    private final OutgoingBatch batch;
    private final FrameSink sink = new FrameSink();
    private final long tickNanos;
    private final boolean unpaced;
    private PacedPacket[] freePackets = new PacedPacket[256];
    private int freePacketCount;
    private PacedFrame[] freeFrames = new PacedFrame[64];
    private int freeFrameCount;
    private TransmitterStream[] touched = new TransmitterStream[4];
    private int streamCount;
    private int maxFanOut = 1;
    private long nextTickNanos;
    private boolean tickScheduled;
    private volatile boolean running = true;
    private volatile boolean stopped;
    private volatile Exception failure;
    private volatile long finalCpuNanos = -1;
    private Thread thread;
    private boolean finished;
    private boolean closing;

    private Transmitter(DatagramSender sender, TransmitterConfig config) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.config = config;
        this.clock = config.clock();
        this.pacer = new Pacer(config.pacer(), this::droppedByPacer);
        this.ring = new SubmissionRing(config.submissionCapacity());
        this.packetPool = new RtpPacketPool(config.slotCapacity(), 64);
        this.batch = new OutgoingBatch(config.maxBatch());
        this.unpaced = config.pacer().unpaced();
        this.tickNanos = unpaced ? 0 : config.pacer().tickNanos();
    }

    /** A transmitter whose loop runs on a new thread, started now. */
    public static Transmitter start(DatagramSender sender, TransmitterConfig config) {
        Transmitter transmitter = new Transmitter(sender, config);
        Thread thread = new Thread(transmitter::run, config.threadName());
        transmitter.thread = thread;
        thread.start();
        return transmitter;
    }

    /** A transmitter without a thread: the caller calls {@link #doWork()} (and owns that thread's role). */
    public static Transmitter create(DatagramSender sender, TransmitterConfig config) {
        return new Transmitter(sender, config);
    }

    /**
     * Registers a stream whose frames {@code packetizer} slices and whose packets go to every
     * destination; no destination (or a null one) means the connected socket's peer.
     */
    public TransmitterStream addStream(String name, FramePacketizer packetizer, PriorityClass priority,
                                       InetSocketAddress... destinations) {
        Objects.requireNonNull(packetizer, "packetizer");
        Objects.requireNonNull(priority, "priority");
        InetSocketAddress[] to = destinations.length == 0 ? new InetSocketAddress[1] : destinations.clone();
        if (to.length > config.maxBatch()) {
            throw new IllegalArgumentException("a stream can have at most " + config.maxBatch()
                    + " destinations (one batch), got " + to.length);
        }
        TransmitterStream stream = new TransmitterStream(name, packetizer, priority, to);
        handOver(SubmissionRing.ADD_STREAM, stream);
        return stream;
    }

    /** Unregisters {@code stream}: its queued datagrams are dropped ({@link DropReason#STREAM_REMOVED}). */
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
        return offer(SubmissionRing.FRAME, stream, frame, offset, length, rtpTimestamp, keyframe, tag, releaser);
    }

    /**
     * Hands over one ready RTP datagram (for forwarding: header already rewritten), sent as it is
     * to the stream's destinations; same contract as {@link #submit}.
     */
    public boolean submitPacket(TransmitterStream stream, ByteBuffer datagram, int offset, int length, long tag,
                                FrameReleaser releaser) {
        return offer(SubmissionRing.PACKET, stream, datagram, offset, length, 0, false, tag, releaser);
    }

    private boolean offer(int kind, TransmitterStream stream, ByteBuffer buffer, int offset, int length,
                          long rtpTimestamp, boolean keyframe, long tag, FrameReleaser releaser) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(buffer, "buffer");
        if (stream.removed) {
            throw new IllegalArgumentException(stream + " was removed");
        }
        Bytes.checkRange("frame", offset, length, buffer.capacity());
        if (stopped || !running) {
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
        slot.keyframe = keyframe;
        slot.tag = tag;
        slot.releaser = releaser;
        ring.publish(slot);
        return true;
    }

    private void handOver(int kind, TransmitterStream stream) {
        SubmissionRing.Slot slot;
        while ((slot = ring.claim()) == null) {
            if (finished) {
                throw new IllegalStateException("transmitter is closed");
            }
            LockSupport.parkNanos(10_000);
        }
        slot.kind = kind;
        slot.stream = stream;
        ring.publish(slot);
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
        int work = drainSubmissions(DRAIN_PER_WORK);
        if (stopped) {
            return work;
        }
        long now = clock.nanoTime();
        if (!tickScheduled) {
            nextTickNanos = now;
            tickScheduled = true;
        }
        if (now >= nextTickNanos) {
            long scheduled = nextTickNanos;
            work += tick(now, scheduled);
            if (unpaced) {
                nextTickNanos = now;
            } else {
                long behind = now - scheduled;
                nextTickNanos = scheduled + tickNanos * (behind / tickNanos + 1);
            }
        }
        return work;
    }

    /** When the next tick is due, on the configured clock. */
    public long nextTickNanos() {
        return nextTickNanos;
    }

    private void run() {
        IdleStrategy idle = config.idleStrategy();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try {
            while (running) {
                int work = doWork();
                if (unpaced) {
                    if (work == 0) {
                        idle.idleUntil(System.nanoTime() + UNPACED_IDLE_NANOS);
                    }
                } else if (ring.size() == 0 || pacer.queuedPackets() >= config.maxQueuedPackets()) {
                    idle.idleUntil(System.nanoTime() + (nextTickNanos - clock.nanoTime()));
                }
            }
        } finally {
            if (mx.isCurrentThreadCpuTimeSupported()) {
                finalCpuNanos = mx.getCurrentThreadCpuTime();
            }
        }
    }

    private int drainSubmissions(int max) {
        int taken = 0;
        SubmissionRing.Slot slot;
        int highWater = config.maxQueuedPackets();
        while (taken < max && (slot = ring.peek()) != null
                && (pacer.queuedPackets() < highWater || closing || slot.kind >= SubmissionRing.ADD_STREAM)) {
            switch (slot.kind) {
                case SubmissionRing.ADD_STREAM:
                    register(slot.stream);
                    break;
                case SubmissionRing.REMOVE_STREAM:
                    counters.beginWrite();
                    pacer.removeStream(slot.stream.paced, DropReason.STREAM_REMOVED);
                    counters.endWrite();
                    break;
                default:
                    accept(slot);
                    break;
            }
            ring.release(slot);
            taken++;
        }
        return taken;
    }

    private void register(TransmitterStream stream) {
        PacedStream paced = pacer.addStream(stream.priority());
        paced.attachment(stream);
        stream.paced = paced;
        maxFanOut = Math.max(maxFanOut, stream.fanOut());
        if (++streamCount > touched.length) {
            touched = Arrays.copyOf(touched, touched.length * 2);
        }
    }

    private void accept(SubmissionRing.Slot slot) {
        TransmitterStream stream = slot.stream;
        long now = clock.nanoTime();
        PacedFrame frame = acquireFrame().reset(now, slot.buffer, slot.tag, slot.releaser);
        sink.begin();
        if (slot.kind == SubmissionRing.PACKET) {
            RtpPacket packet = sink.claim();
            packet.addPayload(slot.buffer, slot.offset, slot.length);
            sink.commit(packet);
        } else {
            try {
                stream.packetizer().packetize(slot.buffer, slot.offset, slot.length, slot.rtpTimestamp, slot.keyframe, sink);
            } catch (RuntimeException malformed) {
                sink.rollBack();
                counters.beginWrite();
                counters.framesRejected++;
                counters.endWrite();
                recycleFrame(frame);
                config.listener().frameRejected(stream, slot.tag, malformed);
                if (slot.releaser != null) {
                    slot.releaser.released(slot.buffer, slot.tag, false);
                }
                return;
            }
        }
        int fanOut = stream.fanOut();
        counters.beginWrite();
        counters.framesAccepted++;
        for (int i = 0; i < sink.count; i++) {
            RtpPacket packet = sink.packets[i];
            sink.packets[i] = null;
            PacedPacket paced = acquirePacket().reset(stream.paced, frame, packet, packet.length() * fanOut, fanOut);
            frame.addOutstanding(fanOut);
            pacer.enqueue(paced, now);
        }
        long datagrams = (long) sink.count * fanOut;
        counters.submitted += datagrams;
        counters.queued += datagrams;
        if (sink.count == 0) {
            frame.addOutstanding(1);
            frame.complete(false);
            counters.framesReleased++;
            recycleFrame(frame);
        }
        sink.count = 0;
        counters.endWrite();
    }

    private int tick(long now, long scheduled) {
        counters.beginWrite();
        pacer.beginTick(now);
        counters.endWrite();
        double granted = pacer.tickGrantedBytes();
        int tail = batch.size;
        long tailBytes = batch.bytes(0, tail);
        pacer.charge(tailBytes);
        long polledBytes = 0;
        int touchedCount = 0;
        int datagrams = tail;
        while (datagrams + maxFanOut <= batch.capacity()) {
            PacedPacket packet = pacer.poll();
            if (packet == null) {
                break;
            }
            TransmitterStream stream = packet.stream().attachment();
            packet.nextInList(null);
            if (stream.tickHead == null) {
                touched[touchedCount++] = stream;
                stream.tickHead = packet;
            } else {
                stream.tickTail.nextInList(packet);
            }
            stream.tickTail = packet;
            datagrams += packet.datagrams();
            polledBytes += packet.wireBytes();
        }
        for (int t = 0; t < touchedCount; t++) {
            TransmitterStream stream = touched[t];
            touched[t] = null;
            for (int d = 0; d < stream.fanOut(); d++) {
                InetSocketAddress address = stream.destination(d);
                for (PacedPacket p = stream.tickHead; p != null; p = p.nextInList()) {
                    batch.add(p, address);
                }
            }
            stream.tickHead = null;
            stream.tickTail = null;
        }
        if (batch.size == 0) {
            return 0;
        }
        latenessRecorder.recordValue(Math.min(MAX_LATENESS_MICROS, Math.max(0, now - scheduled) / 1000));
        long sentBytes = send();
        if (stopped) {
            return 1;
        }
        long unsent = batch.bytes(0, batch.size);
        pacer.refund(unsent);
        counters.beginWrite();
        counters.ticks++;
        counters.batchMessages += datagrams;
        counters.maxBatch = Math.max(counters.maxBatch, datagrams);
        if (!unpaced && polledBytes > 0) {
            long overshoot = (long) Math.ceil(tailBytes + polledBytes - granted);
            counters.maxTickOvershootBytes = Math.max(counters.maxTickOvershootBytes, overshoot);
        }
        counters.endWrite();
        return sentBytes > 0 ? 1 : 0;
    }

    /** Sends the batch until the kernel would block; leaves the unsent tail in the batch. */
    private long send() {
        int start = 0;
        int refusedRetries = 0;
        long sentBytes = 0;
        int end = batch.size;
        while (start < end) {
            int n;
            try {
                counters.beginWrite();
                counters.sendCalls++;
                counters.endWrite();
                n = sender.send(batch.messages, start, end - start, 0, 0, null);
            } catch (WouldBlockException e) {
                counters.beginWrite();
                counters.wouldBlocks++;
                counters.endWrite();
                break;
            } catch (ErrnoException e) {
                String name = e.errnoName();
                if (SendErrorPolicy.isRefused(name)) {
                    counters.beginWrite();
                    counters.refused++;
                    counters.endWrite();
                    if (refusedRetries++ < 2) {
                        continue;
                    }
                    break;
                }
                if (SendErrorPolicy.isTransient(name)) {
                    counters.beginWrite();
                    counters.transientErrors++;
                    counters.endWrite();
                    break;
                }
                counters.beginWrite();
                datagramDone(batch.packets[start], SendErrorPolicy.dropReason(name));
                counters.endWrite();
                start++;
                continue;
            } catch (SenderClosedException e) {
                batch.keepTail(start);
                stop(e);
                return sentBytes;
            } catch (IOException e) {
                counters.beginWrite();
                counters.transientErrors++;
                counters.endWrite();
                break;
            }
            counters.beginWrite();
            for (int i = start; i < start + n; i++) {
                int bytes = batch.messages[i].bytesSent();
                sentBytes += bytes;
                counters.bytesSent += bytes;
                datagramDone(batch.packets[i], null);
            }
            counters.endWrite();
            start += n;
        }
        batch.keepTail(start);
        return sentBytes;
    }

    private void stop(Exception cause) {
        failure = cause;
        stopped = true;
        running = false;
        counters.beginWrite();
        dropTail(DropReason.SENDER_CLOSED);
        pacer.dropAll(DropReason.SENDER_CLOSED);
        counters.endWrite();
        config.listener().stopped(cause);
    }

    private void dropTail(DropReason reason) {
        for (int i = 0; i < batch.size; i++) {
            datagramDone(batch.packets[i], reason);
        }
        batch.keepTail(batch.size);
    }

    private void droppedByPacer(PacedPacket packet, DropReason reason) {
        for (int i = packet.remainingDatagrams(); i > 0; i--) {
            datagramDone(packet, reason);
        }
    }

    /** Accounts one datagram of {@code packet} as sent ({@code reason == null}) or dropped. */
    private void datagramDone(PacedPacket packet, DropReason reason) {
        if (reason == null) {
            counters.sent++;
        } else {
            counters.dropped[reason.ordinal()]++;
        }
        counters.queued--;
        PacedFrame frame = packet.frame();
        if (packet.datagramDone() == 0) {
            packetPool.release(packet.packet());
            packet.clear();
            releasePacket(packet);
        }
        if (frame.complete(reason != null)) {
            counters.framesReleased++;
            recycleFrame(frame);
        }
    }

    /** A consistent snapshot of the accounting, from any thread. */
    public TransmitterStats stats() {
        int pending = ring.size(); // first: a release (after its counters) makes later snapshots see it
        TransmitterCounters snapshot = counters.snapshot();
        Histogram lateness;
        synchronized (latenessTotal) {
            latenessRecorder.getIntervalHistogramInto(latenessInterval);
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
        return failure;
    }

    /** True while it accepts submissions (not closed, sender not closed). */
    public boolean isRunning() {
        return running && !stopped;
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
            TransmitterStats stats = stats();
            if (stats.pendingSubmissions() == 0 && stats.queued() == 0) {
                return true;
            }
            if (stopped || System.nanoTime() >= deadline) {
                return stats.pendingSubmissions() == 0 && stats.queued() == 0;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /**
     * Stops the loop, drops whatever still waits ({@link DropReason#TRANSMITTER_CLOSED}, or
     * {@link DropReason#SENDER_CLOSED} after a stop) so every frame is released, and closes the
     * sender. Idempotent. Call {@link #awaitDrained} first to let queued frames leave.
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
            closing = true;
            while (ring.peek() != null) {
                drainSubmissions(Integer.MAX_VALUE);
            }
            DropReason reason = stopped ? DropReason.SENDER_CLOSED : DropReason.TRANSMITTER_CLOSED;
            counters.beginWrite();
            dropTail(reason);
            pacer.dropAll(reason);
            counters.endWrite();
            finished = true;
        }
        sender.close();
    }

    private PacedPacket acquirePacket() {
        return freePacketCount > 0 ? freePackets[--freePacketCount] : new PacedPacket();
    }

    private void releasePacket(PacedPacket packet) {
        if (freePacketCount == freePackets.length) {
            freePackets = Arrays.copyOf(freePackets, freePackets.length * 2);
        }
        freePackets[freePacketCount++] = packet;
    }

    private PacedFrame acquireFrame() {
        return freeFrameCount > 0 ? freeFrames[--freeFrameCount] : new PacedFrame();
    }

    private void recycleFrame(PacedFrame frame) {
        frame.reset(0, null, 0, null);
        if (freeFrameCount == freeFrames.length) {
            freeFrames = Arrays.copyOf(freeFrames, freeFrames.length * 2);
        }
        freeFrames[freeFrameCount++] = frame;
    }

    /** Collects one frame's packets from the packetizer, so a malformed frame can be rolled back whole. */
    private final class FrameSink implements PacketSink {
        RtpPacket[] packets = new RtpPacket[64];
        int count;
        private RtpPacket claimed;

        void begin() {
            count = 0;
            claimed = null;
        }

        @Override
        public RtpPacket claim() {
            if (claimed != null) {
                packetPool.release(claimed);
            }
            claimed = packetPool.acquire();
            return claimed;
        }

        @Override
        public void commit(RtpPacket packet) {
            if (packet != claimed) {
                throw new IllegalStateException("commit of a packet that was not the last one claimed");
            }
            claimed = null;
            if (count == packets.length) {
                packets = Arrays.copyOf(packets, count * 2);
            }
            packets[count++] = packet;
        }

        void rollBack() {
            if (claimed != null) {
                packetPool.release(claimed);
                claimed = null;
            }
            for (int i = 0; i < count; i++) {
                packetPool.release(packets[i]);
                packets[i] = null;
            }
            count = 0;
        }
    }
}

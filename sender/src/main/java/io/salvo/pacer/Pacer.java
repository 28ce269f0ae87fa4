package io.salvo.pacer;

import java.util.Arrays;

/**
 * Decides which queued packets may leave at each tick. Pure policy, no I/O, driven by the times
 * its caller passes in (a real or a virtual clock).
 *
 * <p>Each tick ({@link #beginTick}) adds {@code rate × elapsed} bytes to the budget, capped at
 * {@code (1 + maxCarryTicks)} ticks' worth while a backlog waits (to make up for late ticks) and
 * at one tick's worth after the queue ran empty (idle time earns no burst); then
 * {@link #poll} hands out packets while the budget is positive. A packet may overdraw the budget
 * (the debt is paid next tick), so no tick exceeds its budget by more than one packet. Classes are
 * served in priority order (audio, retransmission, video, padding), streams within a class take
 * turns packet by packet, and a stream's packets leave in order. The rate is fixed, or a factor
 * of the media rate: the measured one, or the streams' known mean rates
 * ({@link PacedStream#rateHintBps(long)}) when that is higher, with the measurement then spread
 * over at least a second so a large first frame paces at the stream's rate from its first byte;
 * it rises when the queue would otherwise wait longer than the queue-time limit. Frames older than the hard limit none of whose packets has left are dropped
 * whole.
 *
 * <p>Not thread-safe: one transmitter thread owns it. Allocates only when streams are added.
 */
public final class Pacer {
    private static final int CLASSES = PriorityClass.VALUES.length;
    private static final long HINTED_MIN_WINDOW_NANOS = 1_000_000_000L;

    private final PacerConfig config;
    private final PacketDropListener dropListener;
    private final MediaRateMeter meter = new MediaRateMeter();
    private final PacedStream[] activeHead = new PacedStream[CLASSES];
    private PacedStream[] streams = new PacedStream[0];
    private int nextStreamId;
    private long queuedBytes;
    private int queuedPackets;
    private double budget;
    private double tickGranted;
    private double tickSpendLimit;
    private double tickSpent;
    private long lastTickNanos;
    private boolean ticked;
    private long rateBps;
    /** The queue ran empty since the last tick: unused budget does not carry over then. */
    private boolean idledSinceTick = true;

    /** A pacer with {@code config}, telling {@code dropListener} about every packet it drops. */
    public Pacer(PacerConfig config, PacketDropListener dropListener) {
        this.config = config;
        this.dropListener = dropListener;
        this.rateBps = config.fixedRateBps() > 0 ? config.fixedRateBps() : config.minRateBps();
    }

    /** The configuration. */
    public PacerConfig config() {
        return config;
    }

    /** Adds a stream in {@code priority} class. */
    public PacedStream addStream(PriorityClass priority) {
        PacedStream stream = new PacedStream(nextStreamId++, priority);
        PacedStream[] grown = Arrays.copyOf(streams, streams.length + 1);
        grown[streams.length] = stream;
        streams = grown;
        return stream;
    }

    /** Removes {@code stream}, dropping its queued packets with {@code reason}. */
    public void removeStream(PacedStream stream, DropReason reason) {
        while (stream.head != null) {
            dropListener.dropped(dequeue(stream), reason);
        }
        stream.removed = true;
        int index = -1;
        for (int i = 0; i < streams.length; i++) {
            if (streams[i] == stream) {
                index = i;
            }
        }
        if (index >= 0) {
            PacedStream[] shrunk = new PacedStream[streams.length - 1];
            System.arraycopy(streams, 0, shrunk, 0, index);
            System.arraycopy(streams, index + 1, shrunk, index, streams.length - index - 1);
            streams = shrunk;
        }
    }

    /** Drops every queued packet of every stream with {@code reason}. */
    public void dropAll(DropReason reason) {
        for (PacedStream stream : streams) {
            while (stream.head != null) {
                dropListener.dropped(dequeue(stream), reason);
            }
        }
    }

    /**
     * Queues {@code packet} at the tail of its stream at time {@code nowNanos}. Its frame and
     * stream must be set; the frame's packets must be queued together, in order.
     */
    public void enqueue(PacedPacket packet, long nowNanos) {
        PacedStream stream = packet.stream();
        if (stream.removed) {
            throw new IllegalStateException(stream + " was removed");
        }
        packet.next = null;
        if (stream.tail == null) {
            stream.head = packet;
        } else {
            stream.tail.next = packet;
        }
        stream.tail = packet;
        stream.queuedPackets++;
        stream.queuedBytes += packet.wireBytes();
        queuedPackets++;
        queuedBytes += packet.wireBytes();
        PacedFrame frame = packet.frame();
        frame.packetsQueued(frame.packetsQueued() + 1);
        if (stream.priority() != PriorityClass.PADDING) {
            meter.add(nowNanos, packet.wireBytes());
        }
        if (!stream.active) {
            activate(stream);
        }
    }

    /**
     * Starts a tick at {@code nowNanos}: drops frames past the hard limit, sets the rate, and
     * adds the budget earned since the previous tick.
     */
    public void beginTick(long nowNanos) {
        dropExpiredFrames(nowNanos);
        if (config.unpaced()) {
            ticked = true;
            lastTickNanos = nowNanos;
            return;
        }
        rateBps = targetRate(nowNanos);
        long elapsed = ticked ? Math.max(0, nowNanos - lastTickNanos) : config.tickNanos();
        ticked = true;
        lastTickNanos = nowNanos;
        double perNano = rateBps / 8e9;
        // carry-over absorbs late ticks while a backlog waits; after the queue ran empty there is
        // nothing to make up for, and a carried tick would only let the next frame burst
        int carry = idledSinceTick ? 0 : config.maxCarryTicks();
        idledSinceTick = queuedPackets == 0;
        double cap = perNano * config.tickNanos() * (1 + carry);
        budget = Math.min(budget + perNano * elapsed, cap);
        tickGranted = Math.max(0, budget);
        tickSpendLimit = perNano * config.tickNanos() * config.tickBurst();
        tickSpent = 0;
    }

    /**
     * The next packet allowed to leave in this tick, or null when the budget is spent (audio may
     * still bypass it) or nothing waits. The packet is charged to the budget and its frame marked
     * departed.
     */
    public PacedPacket poll() {
        if (queuedPackets == 0) {
            return null;
        }
        boolean budgetLeft = config.unpaced() || budget > 0 && tickSpent < tickSpendLimit;
        for (int c = 0; c < CLASSES; c++) {
            PacedStream stream = activeHead[c];
            if (stream == null) {
                continue;
            }
            if (!budgetLeft && !(c == PriorityClass.AUDIO.ordinal() && config.audioBypassesBudget())) {
                return null;
            }
            PacedPacket packet = dequeue(stream);
            if (stream.active) {
                activeHead[c] = stream.activeNext;
            }
            budget -= packet.wireBytes();
            tickSpent += packet.wireBytes();
            packet.frame().markDeparted();
            return packet;
        }
        return null;
    }

    /** Charges {@code bytes} to the budget (e.g. an unsent tail leaving first this tick). */
    public void charge(long bytes) {
        budget -= bytes;
        tickSpent += bytes;
    }

    /** Gives back {@code bytes} charged for packets the kernel did not take. */
    public void refund(long bytes) {
        budget += bytes;
    }

    /** Budget left in this tick, in bytes (negative when overdrawn). */
    public double budgetBytes() {
        return budget;
    }

    /** Budget available at the start of this tick (0 when in debt). */
    public double tickGrantedBytes() {
        return tickGranted;
    }

    /** Pacing rate in effect, bits/s (0 when unpaced). */
    public long rateBps() {
        return config.unpaced() ? 0 : rateBps;
    }

    /** Measured media rate over the last second, bits/s. */
    public long mediaRateBps(long nowNanos) {
        return meter.rateBps(nowNanos);
    }

    /** Wire bytes waiting. */
    public long queuedBytes() {
        return queuedBytes;
    }

    /** Packets waiting. */
    public int queuedPackets() {
        return queuedPackets;
    }

    /** Number of streams. */
    public int streamCount() {
        return streams.length;
    }

    private long targetRate(long nowNanos) {
        long hinted = 0;
        boolean allHinted = true;
        for (PacedStream stream : streams) {
            hinted += stream.rateHintBps();
            PriorityClass c = stream.priority();
            allHinted &= stream.rateHintBps() > 0 || c == PriorityClass.RETRANSMISSION || c == PriorityClass.PADDING;
        }
        // every media stream's mean rate known: pace at the factor of their sum, so keyframe seconds
        // do not raise the rate (the queue-time limit still drains a backlog); some unknown: the
        // measured rate, over a full second from the start when some are known
        long media = allHinted && hinted > 0 ? hinted
                : Math.max(hinted, meter.rateBps(nowNanos, hinted > 0 ? HINTED_MIN_WINDOW_NANOS : 0));
        long rate = config.fixedRateBps() > 0 ? config.fixedRateBps()
                : Math.max(config.minRateBps(), (long) (config.pacingFactor() * media));
        if (queuedBytes > 0) {
            long oldest = Long.MAX_VALUE;
            for (PacedStream stream : streams) {
                if (stream.head != null) {
                    oldest = Math.min(oldest, stream.head.frame().enqueuedNanos());
                }
            }
            long timeLeft = Math.max(config.tickNanos(), config.queueTimeLimitNanos() - (nowNanos - oldest));
            long drainRate = (long) Math.min(Long.MAX_VALUE / 2.0, queuedBytes * 8e9 / timeLeft);
            rate = Math.max(rate, drainRate);
        }
        return rate;
    }

    private void dropExpiredFrames(long nowNanos) {
        long limit = config.dropAfterNanos();
        if (limit == PacerConfig.NEVER_DROP) {
            return;
        }
        for (PacedStream stream : streams) {
            PacedPacket head = stream.head;
            while (head != null && !head.frame().departed() && nowNanos - head.frame().enqueuedNanos() >= limit) {
                PacedFrame frame = head.frame();
                while (stream.head != null && stream.head.frame() == frame) {
                    dropListener.dropped(dequeue(stream), DropReason.QUEUE_TIME_LIMIT);
                }
                head = stream.head;
            }
        }
    }

    private PacedPacket dequeue(PacedStream stream) {
        PacedPacket packet = stream.head;
        stream.head = packet.next;
        if (stream.head == null) {
            stream.tail = null;
        }
        packet.next = null;
        stream.queuedPackets--;
        stream.queuedBytes -= packet.wireBytes();
        queuedPackets--;
        if (queuedPackets == 0) {
            idledSinceTick = true;
        }
        queuedBytes -= packet.wireBytes();
        PacedFrame frame = packet.frame();
        frame.packetsQueued(frame.packetsQueued() - 1);
        if (stream.head == null && stream.active) {
            deactivate(stream);
        }
        return packet;
    }

    private void activate(PacedStream stream) {
        int c = stream.priority().ordinal();
        PacedStream head = activeHead[c];
        if (head == null) {
            stream.activeNext = stream;
            stream.activePrev = stream;
            activeHead[c] = stream;
        } else {
            PacedStream last = head.activePrev;
            last.activeNext = stream;
            stream.activePrev = last;
            stream.activeNext = head;
            head.activePrev = stream;
        }
        stream.active = true;
    }

    private void deactivate(PacedStream stream) {
        int c = stream.priority().ordinal();
        if (stream.activeNext == stream) {
            activeHead[c] = null;
        } else {
            stream.activePrev.activeNext = stream.activeNext;
            stream.activeNext.activePrev = stream.activePrev;
            if (activeHead[c] == stream) {
                activeHead[c] = stream.activeNext;
            }
        }
        stream.activeNext = null;
        stream.activePrev = null;
        stream.active = false;
    }
}

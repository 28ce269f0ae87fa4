package io.salvo.bench;

import io.salvo.bench.Soak.SoakFailure;
import io.salvo.bench.SoakFaults.Fault;
import io.salvo.pacer.DropReason;
import io.salvo.sender.Transmitter;
import io.salvo.sender.TransmitterStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The soak's bookkeeping: one {@link Second} a second (the transmitter's accounting, what the
 * receiver saw, memory) with the checks that must hold at every snapshot, and one {@link Mark} at
 * the start of every stretch so the report can say what each fault did.
 */
final class SoakLedger {
    static final String LINE_HEADER = "     t  stretch        sent/s  drop/s  queued  pend  wblk/s  refused/s"
            + "  recv/s  late/s  nack/s  rtx/s  skipped  RSS MiB  direct MiB  heap-after-GC MiB";

    /** One second's snapshot and its rates. */
    record Second(int second, int stretch, Fault fault, long submitted, long sent, long dropped, long queued,
                  int pending, long receivedDelta, String text) {
    }

    /**
     * The counters at the start of a stretch (or the end of the run); numbers only, so the soak
     * keeps no statistics objects (a latency histogram is some 100 KB) from one stretch to the next.
     */
    record Mark(int stretch, double at, long sent, long dropped, long[] droppedByReason, long wouldBlocks,
                long refused, long transientErrors, long received, long late, long rtxRepaired, long nacked,
                long lostForGood, long skipped) {
    }

    private final Transmitter transmitter;
    private final SoakReceiver receiver;
    private final SoakFrames frames;
    private final SoakMemory memory;
    private final SoakSchedule schedule;
    private final long queueBound;
    private final int pendingBound;
    private final long expectedPerSecond;
    private final List<Mark> marks = new ArrayList<>();
    private final long[] receivedBySecond;
    private TransmitterStats previous;
    private long previousReceived;
    private long previousLate;
    private long previousNacked;
    private long maxQueued;
    private int maxPending;
    private int snapshots;

    SoakLedger(Transmitter transmitter, SoakReceiver receiver, SoakFrames frames, SoakMemory memory,
               SoakSchedule schedule, long queueBound, int pendingBound, long expectedPerSecond) {
        this.transmitter = transmitter;
        this.receiver = receiver;
        this.frames = frames;
        this.memory = memory;
        this.schedule = schedule;
        this.queueBound = queueBound;
        this.pendingBound = pendingBound;
        this.expectedPerSecond = expectedPerSecond;
        List<SoakSchedule.Stretch> stretches = schedule.stretches();
        this.receivedBySecond = new long[(int) Math.ceil(stretches.get(stretches.size() - 1).to()) + 2];
    }

    void begin(long startNanos) {
        previous = transmitter.stats();
    }

    void stretchBegins(int stretch, double at) {
        marks.add(mark(stretch, at));
    }

    /** The counters now, as the end of the last stretch. */
    Mark mark(int stretch, double at) {
        TransmitterStats s = transmitter.stats();
        long[] reasons = new long[DropReason.values().length];
        for (DropReason r : DropReason.values()) {
            reasons[r.ordinal()] = s.dropped(r);
        }
        return new Mark(stretch, at, s.sent(), s.dropped(), reasons, s.wouldBlocks(), s.refused(), s.transientErrors(),
                received(), receiver.lateArrivals, receiver.rtxRepaired, receiver.sequencesNacked, receiver.lostForGood,
                frames.skippedBusy());
    }

    List<Mark> marks() {
        return marks;
    }

    /** Takes second {@code second}'s snapshot and formats its line. */
    Second second(int second, int stretch) {
        TransmitterStats s = transmitter.stats();
        long received = received();
        long late = receiver.lateArrivals;
        long nacked = receiver.sequencesNacked;
        Fault fault = schedule.stretches().get(stretch).fault();
        String text = String.format(Locale.ROOT, "%6d  %-13s %7d %7d %7d %5d %7d %10d %7d %7d %7d %6d %8d %8.1f %11.1f %18s",
                second, fault.label, s.sent() - previous.sent(), s.dropped() - previous.dropped(), s.queued(),
                s.pendingSubmissions(), s.wouldBlocks() - previous.wouldBlocks(), s.refused() - previous.refused(),
                received - previousReceived, late - previousLate, nacked - previousNacked,
                s.resendsSent() - previous.resendsSent(), frames.skippedBusy(),
                memory.rss().at(second) / 1048576.0, memory.directBytes().at(second) / 1048576.0,
                memory.heapAfterGc().get(second) < 0 ? "-"
                        : String.format(Locale.ROOT, "%.1f", memory.heapAfterGc().get(second) / 1048576.0));
        Second line = new Second(second, stretch, fault, s.submitted(), s.sent(), s.dropped(), s.queued(),
                s.pendingSubmissions(), received - previousReceived, text);
        if (second < receivedBySecond.length) {
            receivedBySecond[second] = received - previousReceived;
        }
        previous = s;
        previousReceived = received;
        previousLate = late;
        previousNacked = nacked;
        maxQueued = Math.max(maxQueued, s.queued());
        maxPending = Math.max(maxPending, s.pendingSubmissions());
        return line;
    }

    /** The checks that hold at every snapshot; throws at the first that does not. */
    void checkSecond(Second line) throws SoakFailure {
        snapshots++;
        if (line.submitted() != line.sent() + line.dropped() + line.queued()) {
            throw new SoakFailure(String.format(Locale.ROOT, "second %d: submitted %d != sent %d + dropped %d + queued %d",
                    line.second(), line.submitted(), line.sent(), line.dropped(), line.queued()));
        }
        if (line.queued() > queueBound) {
            throw new SoakFailure("second " + line.second() + ": " + line.queued() + " datagrams queued, above the bound "
                    + queueBound);
        }
        if (line.pending() > pendingBound) {
            throw new SoakFailure("second " + line.second() + ": " + line.pending() + " submissions pending, above the "
                    + pendingBound + " frame buffers");
        }
        if (frames.doubleReleases() != 0 || frames.unknownReleases() != 0) {
            throw new SoakFailure("second " + line.second() + ": " + frames.doubleReleases() + " frames released twice, "
                    + frames.unknownReleases() + " releases of unknown frames");
        }
        if (frames.released() > frames.handedOver()) {
            throw new SoakFailure("second " + line.second() + ": " + frames.released() + " frames released of "
                    + frames.handedOver() + " handed over");
        }
        if (receiver.stampMismatches != 0) {
            throw new SoakFailure("second " + line.second() + ": " + receiver.stampMismatches
                    + " packets carried another frame's bytes (a buffer reused before its packets left)");
        }
        if (transmitter.failure() != null) {
            throw new SoakFailure("second " + line.second() + ": the transmitter stopped: " + transmitter.failure());
        }
        if (receiver.failure() != null) {
            throw new SoakFailure("second " + line.second() + ": the receiver failed: " + receiver.failure());
        }
    }

    /** Media and RTX datagrams the receiver took. */
    long received() {
        return receiver.mediaPackets + receiver.rtxPackets;
    }

    /** Media and RTX datagrams received in each second (index: the second's end). */
    long[] receivedBySecond() {
        return receivedBySecond;
    }

    long queueBound() {
        return queueBound;
    }

    int pendingBound() {
        return pendingBound;
    }

    long maxQueued() {
        return maxQueued;
    }

    int maxPending() {
        return maxPending;
    }

    int snapshots() {
        return snapshots;
    }

    long expectedPerSecond() {
        return expectedPerSecond;
    }
}

package io.salvo.bench;

import io.salvo.bench.Soak.SoakFailure;
import io.salvo.bench.SoakFaults.Fault;
import io.salvo.bench.SoakLedger.Mark;
import io.salvo.bench.SoakSchedule.Stretch;
import io.salvo.pacer.DropReason;
import io.salvo.sender.RemoteReceiverReport;
import io.salvo.sender.RtcpStats;
import io.salvo.sender.SenderStats;
import io.salvo.sender.SendmmsgSender;
import io.salvo.sender.Transmitter;
import io.salvo.sender.TransmitterStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The soak's final summary: what each stretch did, the end-of-run checks, and the totals. */
final class SoakReport {
    private final SoakOptions o;
    private final SoakSchedule schedule;
    private final SoakMemory memory;
    private final SoakLedger ledger;
    private final SoakFrames frames;
    private final SoakReceiver receiver;
    private final SoakFaults faults;
    private final Transmitter transmitter;
    private final List<String> failures = new ArrayList<>();

    SoakReport(SoakOptions o, SoakSchedule schedule, SoakMemory memory, SoakLedger ledger, SoakFrames frames,
               SoakReceiver receiver, SoakFaults faults, Transmitter transmitter) {
        this.o = o;
        this.schedule = schedule;
        this.memory = memory;
        this.ledger = ledger;
        this.frames = frames;
        this.receiver = receiver;
        this.faults = faults;
        this.transmitter = transmitter;
    }

    /**
     * Prints the summary and returns the exit code.
     *
     * @param failure    the per-second check that stopped the run, or null
     * @param drained    whether the queue drained after the producer stopped
     * @param end        the counters after the last second, before closing
     * @param closed     the transmitter's stats after close
     */
    int print(SoakFailure failure, boolean drained, Mark end, TransmitterStats closed) {
        System.out.println();
        System.out.println("== soak summary ==");
        stretches(end);
        System.out.println();
        System.out.println("checks");
        if (failure != null) {
            failures.add(failure.getMessage());
            System.out.println("  per second   FAILED: " + failure.getMessage());
        } else {
            System.out.printf(Locale.ROOT, "  per second   held at all %d snapshots: submitted = sent + dropped + queued,"
                    + " queue and handoff bounded, no frame released twice, no packet with another frame's bytes"
                    + " (%d slice starts checked)%n", ledger.snapshots(), receiver.stampsChecked);
        }
        accounting(closed);
        check(ledger.maxQueued() <= ledger.queueBound() && ledger.maxPending() <= ledger.pendingBound(), "bounds",
                String.format(Locale.ROOT, "max queued %d datagrams (bound %d), max pending %d submissions (bound %d)",
                        ledger.maxQueued(), ledger.queueBound(), ledger.maxPending(), ledger.pendingBound()));
        releases(closed);
        check(drained, "drain", drained ? "the queue drained within 20 s of the last frame"
                : "the queue did not drain within 20 s of the last frame");
        if (failure == null) {
            memoryCheck();
            recovery(end);
        }
        System.out.println();
        totals(closed);
        System.out.println();
        if (failures.isEmpty()) {
            System.out.println("result: PASS (every check held)");
            return 0;
        }
        System.out.println("result: FAIL");
        for (String f : failures) {
            System.out.println("  " + f);
        }
        return 1;
    }

    private void stretches(Mark end) {
        System.out.println("by stretch (datagrams; drops by reason; late = arrived after a later one)");
        System.out.printf(Locale.ROOT, "  %-14s %13s %9s %8s %s%n", "stretch", "seconds", "sent", "dropped",
                "[reasons] would-block refused transient | received late rtx-repaired nacked lost-for-good | frames skipped");
        List<Mark> marks = new ArrayList<>(ledger.marks());
        marks.add(end);
        for (int i = 0; i + 1 < marks.size(); i++) {
            Mark a = marks.get(i);
            Mark b = marks.get(i + 1);
            StringBuilder reasons = new StringBuilder();
            for (DropReason r : DropReason.values()) {
                long d = b.droppedByReason()[r.ordinal()] - a.droppedByReason()[r.ordinal()];
                if (d > 0) {
                    reasons.append(reasons.length() == 0 ? "" : " ").append(r).append('=').append(d);
                }
            }
            Stretch s = schedule.stretches().get(a.stretch());
            System.out.printf(Locale.ROOT, "  %-14s %6.1f-%6.1f %9d %8d [%s] %d %d %d | %d %d %d %d %d | %d%n",
                    s.fault().label, a.at(), b.at(), b.sent() - a.sent(), b.dropped() - a.dropped(), reasons,
                    b.wouldBlocks() - a.wouldBlocks(), b.refused() - a.refused(), b.transientErrors() - a.transientErrors(),
                    b.received() - a.received(), b.late() - a.late(), b.rtxRepaired() - a.rtxRepaired(),
                    b.nacked() - a.nacked(), b.lostForGood() - a.lostForGood(), b.skipped() - a.skipped());
        }
    }

    private void accounting(TransmitterStats s) {
        boolean held = s.submitted() == s.sent() + s.dropped() && s.queued() == 0 && s.pendingSubmissions() == 0;
        check(held, "accounting", String.format(Locale.ROOT, "after close: submitted %d = sent %d + dropped %d"
                + " + queued %d, %d pending", s.submitted(), s.sent(), s.dropped(), s.queued(), s.pendingSubmissions()));
    }

    private void releases(TransmitterStats s) {
        String problem = frames.verify();
        long handed = frames.handedOver();
        boolean held = problem == null && s.framesAccepted() + s.framesRejected() == handed
                && s.framesReleased() == handed && frames.released() == handed;
        check(held, "releases", String.format(Locale.ROOT, "%d frames handed over, %d accepted, %d rejected, %d released"
                        + " (transmitter count %d), each exactly once%s; %d released with a datagram dropped",
                handed, s.framesAccepted(), s.framesRejected(), frames.released(), s.framesReleased(),
                problem == null ? "" : ": " + problem, frames.releasedIncomplete()));
    }

    private void memoryCheck() {
        int warm = schedule.warmupEnd();
        int half = o.seconds() / 2;
        int end = o.seconds();
        System.out.printf(Locale.ROOT, "  memory       peak of the second half (%d-%d s) against the first (%d-%d s, after"
                + " the warm-up):%n", half, end, warm, half - 1);
        System.out.printf(Locale.ROOT, "    %-15s %10s %10s %10s %12s %12s %10s %10s%n", "", "start", "middle", "end",
                "peak 1st", "peak 2nd", "growth", "allowed");
        series(memory.heapAfterGc(), warm, half, end, o.heapToleranceBytes());
        series(memory.rss(), warm, half, end, o.rssToleranceBytes());
        series(memory.directBytes(), warm, half, end, o.directToleranceBytes());
    }

    private void series(SoakMemory.Series s, int warm, int half, int end, long tolerance) {
        long first = s.max(warm, half);
        long second = s.max(half, end + 1);
        long growth = second - first;
        boolean held = first >= 0 && second >= 0 && growth <= tolerance;
        System.out.printf(Locale.ROOT, "    %-15s %10s %10s %10s %12s %12s %10s %10s  %s%n", s.name(),
                mib(s.from(warm)), mib(s.at(half)), mib(s.at(end)), mib(first), mib(second), mib(growth), mib(tolerance),
                held ? "flat" : "GREW");
        if (!held) {
            failures.add(s.name() + ": second-half peak " + mib(second) + " against " + mib(first) + " (allowed +"
                    + mib(tolerance) + ")");
        }
    }

    /**
     * In each quiet stretch after a fault, its last whole seconds (up to two, wholly inside the
     * stretch) carried at least half the media rate; a stretch shorter than that (runs of less
     * than a few minutes) is judged over the whole stretch, from the counters taken at its start
     * and at the next stretch's.
     */
    private void recovery(Mark end) {
        List<Stretch> stretches = schedule.stretches();
        List<Mark> marks = new ArrayList<>(ledger.marks());
        marks.add(end);
        StringBuilder text = new StringBuilder();
        boolean held = true;
        for (int k = 1; k < stretches.size(); k++) {
            Stretch quiet = stretches.get(k);
            if (quiet.fault() != Fault.QUIET || stretches.get(k - 1).fault() == Fault.QUIET) {
                continue;
            }
            long[] received = ledger.receivedBySecond();
            int last = (int) Math.floor(quiet.to());
            int first = Math.max((int) Math.ceil(quiet.from()) + 1, last - 1);
            long sum = 0;
            int n = 0;
            for (int s = first; s <= last && s < received.length; s++) {
                sum += received[s];
                n++;
            }
            String after = stretches.get(k - 1).fault().label;
            long perSecond;
            String over;
            if (n > 0) {
                perSecond = sum / n;
                over = String.format(Locale.ROOT, "its last %d s", n);
            } else {
                Mark a = null;
                Mark b = null;
                for (int i = 0; i + 1 < marks.size(); i++) {
                    if (marks.get(i).stretch() == k) {
                        a = marks.get(i);
                        b = marks.get(i + 1);
                    }
                }
                if (a == null || b.at() - a.at() < 0.2) {
                    held = false;
                    text.append(String.format(Locale.ROOT, "%n    after %-13s no counters for the quiet stretch  NOT JUDGED",
                            after));
                    continue;
                }
                perSecond = Math.round((b.received() - a.received()) / (b.at() - a.at()));
                over = String.format(Locale.ROOT, "all its %.1f s", b.at() - a.at());
            }
            boolean ok = perSecond * 2 >= ledger.expectedPerSecond();
            held &= ok;
            text.append(String.format(Locale.ROOT, "%n    after %-13s (%5.1f s) %6d datagrams/s received over %s%s",
                    after, quiet.to(), perSecond, over, ok ? "" : "  TOO FEW"));
        }
        if (text.length() == 0) {
            System.out.printf(Locale.ROOT, "  %-12s no fault ran%n", "recovery");
            return;
        }
        check(held, "recovery", "each quiet stretch after a fault carries at least half the expected "
                + ledger.expectedPerSecond() + " datagrams/s arriving:" + text);
    }

    private void totals(TransmitterStats s) {
        SenderStats sender = transmitter.sender().stats();
        RtcpStats rtcp = transmitter.rtcpStats();
        System.out.println("totals");
        System.out.printf(Locale.ROOT, "  datagrams    %d submitted, %d sent (%.1f MB), %d dropped %s%n", s.submitted(),
                s.sent(), s.bytesSent() / 1e6, s.dropped(), s.dropsByReason());
        System.out.printf(Locale.ROOT, "  sender       %d would-blocks, %d refused (ECONNREFUSED), %d transient errors,"
                        + " kernel errors %s, %d GSO fallbacks, %d GSO retries (GSO now %s), %d syscalls, mean batch %.1f%n",
                s.wouldBlocks(), s.refused(), s.transientErrors(), sender.errorsByErrno(), sender.gsoFallbacks(),
                sender.gsoRetries(), transmitter.sender() instanceof SendmmsgSender mmsg
                        ? (mmsg.gsoEnabled() ? "on" : "off") : "n/a", sender.syscalls(), s.meanBatch());
        System.out.printf(Locale.ROOT, "  resends      %d NACKed sequence numbers at the transmitter, %d resends queued,"
                        + " %d sent, %d not in history, %d too soon, %d rate-limited%n", s.nackedPackets(),
                s.resendsQueued(), s.resendsSent(), s.resendNotInHistory(), s.resendTooSoon(), s.resendRateLimited());
        System.out.printf(Locale.ROOT, "  frames       %d produced, %d handed over (%.1f MB), %d skipped (buffers still held),"
                        + " %d refused by submit, %d accepted, %d released%n", frames.produced(), frames.handedOver(),
                frames.bytesHandedOver() / 1e6, frames.skippedBusy(), frames.refused(), s.framesAccepted(),
                s.framesReleased());
        System.out.printf(Locale.ROOT, "  receiver     %d datagrams (%.1f MB): %d media, %d RTX (%d filled a gap), %d late,"
                        + " %d duplicates; %d NACKs for %d sequence numbers, %d lost for good, %d not asked for"
                        + " (gaps > 2000 or resyncs: %d), %d RRs, %d SRs received, %d send errors, opened %d times%n",
                receiver.datagrams, receiver.bytes / 1e6, receiver.mediaPackets, receiver.rtxPackets,
                receiver.rtxRepaired, receiver.lateArrivals, receiver.duplicates, receiver.nacksSent,
                receiver.sequencesNacked, receiver.lostForGood, receiver.notAskedFor, receiver.resyncs,
                receiver.reportsSent, receiver.senderReports, receiver.sendErrors, receiver.opens);
        double rtt = Double.NaN;
        for (RemoteReceiverReport r : rtcp.receivers()) {
            rtt = r.roundTripMillis();
        }
        System.out.printf(Locale.ROOT, "  rtcp         %d reports sent, %d receiver reports and %d NACKs received, last RTT"
                        + " %.2f ms; pending socket errors its receive read (and cleared) %s%n", rtcp.reportsSent(),
                rtcp.receiverReportsReceived(), rtcp.nacks(), rtt,
                transmitter.sender().receiver().stats().socketErrorsByErrno());
        if (o.faults()) {
            System.out.printf(Locale.ROOT, "  faults       the loss rule dropped %d datagrams; %d were steered into the"
                            + " slow class to reorder them; while the receiver was gone its namespace sent %d ICMP"
                            + " destination-unreachable, %d reached the sender's%n", faults.lossDropped(),
                    faults.reorderSteered(), faults.unreachableSent(), faults.unreachableReceived());
        }
        System.out.printf(Locale.ROOT, "  pacing       tick lateness p50 %d us, p99 %d us, max %d us; transmitter thread"
                        + " CPU %.1f s over %d s%n", s.latenessMicros(50), s.latenessMicros(99), s.latenessMicros(100),
                s.cpuNanos() / 1e9, o.seconds());
    }

    private void check(boolean held, String name, String text) {
        System.out.printf(Locale.ROOT, "  %-12s %s: %s%n", name, held ? "held" : "FAILED", text);
        if (!held) {
            failures.add(name + ": " + text);
        }
    }

    private static String mib(long bytes) {
        return bytes == Long.MIN_VALUE ? "?" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}

package io.salvo.demo.stream;

import io.salvo.demo.cli.HostPort;
import io.salvo.demo.media.MediaSource;
import io.salvo.pacer.DropReason;
import io.salvo.sender.RemoteReceiverReport;
import io.salvo.sender.RtcpStats;
import io.salvo.sender.SenderOptions;
import io.salvo.sender.TransmitterStats;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The end-of-stream summary: with several streams a line for each (codec, SSRC, port, frames,
 * packets, bytes), then the totals (packets, bytes, frames, seconds, syscalls, batch size, drops),
 * and the RTCP reports sent and what each receiver's reports said (loss, jitter, round-trip time).
 */
public final class StreamReport {
    private StreamReport() {
    }

    /** The summary lines for {@code result}, of streams sent in clear. */
    public static String summary(String input, List<InetSocketAddress> to, StreamSession.Result result) {
        return summary(input, to, result, null);
    }

    /**
     * The summary lines for {@code result}; {@code srtp} says how the streams were encrypted
     * (profile, backend, where the keys are; never a key), null when they went in clear.
     */
    public static String summary(String input, List<InetSocketAddress> to, StreamSession.Result result, String srtp) {
        TransmitterStats t = result.transmitter();
        double seconds = Math.max(1e-9, result.seconds());
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "streamed %s to %s%n", input,
                to.stream().map(HostPort::format).collect(Collectors.joining(", "))));
        boolean several = result.tracks() != null && result.tracks().size() > 1;
        if (several) {
            for (StreamSession.TrackResult track : result.tracks()) {
                b.append(trackLine(track, to)).append(System.lineSeparator());
            }
        }
        b.append(String.format(Locale.ROOT, "  frames    %d in %.2f s%n", result.frames(), seconds));
        b.append(String.format(Locale.ROOT, "  packets   %d sent, %d dropped (datagrams to %d destination%s)%n",
                t.sent(), t.dropped(), to.size(), to.size() == 1 ? "" : "s"));
        b.append(String.format(Locale.ROOT, "  bytes     %d (%.2f Mbit/s)%n", t.bytesSent(), t.bytesSent() * 8 / seconds / 1e6));
        long syscalls = result.sender() == null ? t.sendCalls() : result.sender().syscalls();
        b.append(String.format(Locale.ROOT, "  syscalls  %d, mean batch %.1f datagrams, largest %d%n",
                syscalls, t.meanBatch(), t.maxBatch()));
        b.append(String.format(Locale.ROOT, "  pacing    tick lateness p50 %d us, p99 %d us, max %d us%n",
                t.latenessMicros(50), t.latenessMicros(99), t.latenessMicros(100)));
        if (result.kernelPacing() != null && result.kernelPacing().requested() != SenderOptions.TxTime.OFF) {
            b.append("  txtime    ").append(kernelPacing(result.kernelPacing())).append(System.lineSeparator());
        }
        b.append("  drops     ").append(drops(t.dropsByReason())).append(System.lineSeparator());
        if (srtp != null) {
            b.append("  srtp      ").append(srtp).append(System.lineSeparator());
        }
        if (result.rtcp() != null) {
            rtcp(b, result.rtcp(), several);
            repair(b, t, result.rtcp());
        }
        return b.toString();
    }

    /**
     * "kernel pacing on: ..." or "kernel pacing off: why", for {@code --txtime auto|on}: the
     * datagrams went to the kernel ahead of time only if the socket took {@code SO_TXTIME} and
     * the stream was paced.
     */
    static String kernelPacing(StreamSession.KernelPacing k) {
        String mode = k.requested().name().toLowerCase(Locale.ROOT);
        if (k.paced()) {
            return String.format(Locale.ROOT, "kernel pacing on (--txtime %s): datagrams handed to the kernel up to "
                    + "%.1f ms ahead with their departure times (SO_TXTIME); only the fq qdisc holds them until then",
                    mode, k.horizonNanos() / 1e6);
        }
        return "kernel pacing off (--txtime " + mode + "): " + (k.socket() ? "--fast sends unpaced"
                : "the socket did not take SO_TXTIME (Linux 4.19+, native sender); paced in user space");
    }

    /** NACKs and what became of them, the history, and keyframe requests; nothing when none came. */
    private static void repair(StringBuilder b, TransmitterStats t, RtcpStats r) {
        if (r.nacks() > 0 || t.resendsQueued() > 0) {
            b.append(String.format(Locale.ROOT, "  repair    %d NACKs for %d packets: %d resent (%d datagrams), refused "
                            + "%d too soon (within an RTT), %d over the rate cap, %d not in the history (too old, or not sent yet)%n",
                    r.nacks(), t.nackedPackets(), t.resendsQueued(), t.resendsSent(), t.resendTooSoon(),
                    t.resendRateLimited(), t.resendNotInHistory()));
        }
        long keyframeRequests = r.pictureLossIndications() + r.fullIntraRequests();
        if (keyframeRequests > 0) {
            b.append(String.format(Locale.ROOT, "  keyframes %d requested (%d PLI, %d FIR), %d noted: a file cannot make "
                            + "one, its next keyframe answers%n", keyframeRequests, r.pictureLossIndications(),
                    r.fullIntraRequests(), r.keyframeRequestsTold()));
        }
    }

    /** "  track 2   audio AAC 48000 Hz 2 ch, SSRC 0x..., PT 98, port 5006: 142 frames, 142 packets, 40213 bytes". */
    static String trackLine(StreamSession.TrackResult result, List<InetSocketAddress> to) {
        StreamSession.Track track = result.track();
        MediaSource source = track.source();
        String format = source.codec().mediaType() + " " + MtuFloor.name(source.codec());
        if (source.width() > 0) {
            format += " " + source.width() + "x" + source.height();
        } else if (source.codec().mediaType().equals("audio")) {
            format += " " + source.clockRate() + " Hz" + (source.channels() > 0 ? " " + source.channels() + " ch" : "");
        }
        String ports = to.stream().map(a -> Integer.toString(a.getPort() + track.portOffset()))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "  %-9s %s, SSRC 0x%08X, PT %d, port%s %s: %d frames, %d packets, %d bytes",
                track.name(), format, track.packetizer().ssrc(), track.packetizer().stream().payloadType(),
                to.size() == 1 ? "" : "s", ports, result.frames(), result.packets(), result.bytes());
    }

    private static void rtcp(StringBuilder b, RtcpStats r, boolean several) {
        if (r.reportsSent() == 0 && r.datagramsReceived() == 0) {
            return;
        }
        b.append(String.format(Locale.ROOT, "  rtcp      %d reports sent (SR + SDES, BYE last), %d datagrams received%s%s%n",
                r.reportsSent(), r.datagramsReceived(),
                r.malformed() > 0 ? ", " + r.malformed() + " malformed" : "",
                r.srtcpRejected() > 0 ? ", " + r.srtcpRejected() + " refused by SRTCP (not authentic)" : ""));
        if (r.receivers().isEmpty()) {
            b.append("  receivers no receiver reports arrived").append(System.lineSeparator());
        }
        for (RemoteReceiverReport rr : r.receivers()) {
            String line = receiverLine(rr);
            if (several) { // which stream it reported on, before what it said
                int colon = line.indexOf(": lost ");
                line = line.substring(0, colon) + " on " + rr.stream() + line.substring(colon);
            }
            b.append(line).append(System.lineSeparator());
        }
    }

    /** One line of what a receiver reported: who, loss, jitter, round trip, feedback. */
    public static String receiverLine(RemoteReceiverReport rr) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  receiver  SSRC 0x%08X", rr.reporterSsrc()));
        if (rr.cname() != null) {
            line.append(" (").append(rr.cname()).append(')');
        }
        if (rr.source() != null) {
            line.append(" at ").append(HostPort.format(rr.source()));
        }
        String expected = rr.packetsExpected() > 0
                ? String.format(Locale.ROOT, " of %d (%.2f %%)", rr.packetsExpected(), rr.lossPercent()) : "";
        line.append(String.format(Locale.ROOT, ": lost %d%s, %.1f %% in the last interval, jitter %.2f ms, RTT %s, "
                        + "%d report%s", rr.cumulativeLost(), expected, rr.fractionLostPercent(), rr.jitterMillis(),
                Double.isNaN(rr.roundTripMillis()) ? "n/a" : String.format(Locale.ROOT, "%.2f ms", rr.roundTripMillis()),
                rr.reports(), rr.reports() == 1 ? "" : "s"));
        if (rr.nackPackets() + rr.pictureLossIndications() + rr.fullIntraRequests() > 0) {
            line.append(String.format(Locale.ROOT, ", %d NACKs (%d packets), %d PLI, %d FIR", rr.nackPackets(),
                    rr.nackedSequenceNumbers(), rr.pictureLossIndications(), rr.fullIntraRequests()));
        }
        if (rr.left()) {
            line.append(", left (BYE)");
        }
        return line.toString();
    }

    /** Drops by reason, or "none". */
    public static String drops(Map<DropReason, Long> drops) {
        if (drops.isEmpty()) {
            return "none";
        }
        return drops.entrySet().stream().map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}

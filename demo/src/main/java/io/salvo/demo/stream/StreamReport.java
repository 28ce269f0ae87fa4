package io.salvo.demo.stream;

import io.salvo.demo.cli.HostPort;
import io.salvo.pacer.DropReason;
import io.salvo.sender.TransmitterStats;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The end-of-stream summary: packets, bytes, frames, seconds, syscalls, batch size, drops. */
public final class StreamReport {
    private StreamReport() {
    }

    /** The summary lines for {@code result}. */
    public static String summary(String input, List<InetSocketAddress> to, StreamSession.Result result) {
        TransmitterStats t = result.transmitter();
        double seconds = Math.max(1e-9, result.seconds());
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "streamed %s to %s%n", input,
                to.stream().map(HostPort::format).collect(Collectors.joining(", "))));
        b.append(String.format(Locale.ROOT, "  frames    %d in %.2f s%n", result.frames(), seconds));
        b.append(String.format(Locale.ROOT, "  packets   %d sent, %d dropped (datagrams to %d destination%s)%n",
                t.sent(), t.dropped(), to.size(), to.size() == 1 ? "" : "s"));
        b.append(String.format(Locale.ROOT, "  bytes     %d (%.2f Mbit/s)%n", t.bytesSent(), t.bytesSent() * 8 / seconds / 1e6));
        long syscalls = result.sender() == null ? t.sendCalls() : result.sender().syscalls();
        b.append(String.format(Locale.ROOT, "  syscalls  %d, mean batch %.1f datagrams, largest %d%n",
                syscalls, t.meanBatch(), t.maxBatch()));
        b.append(String.format(Locale.ROOT, "  pacing    tick lateness p50 %d us, p99 %d us, max %d us%n",
                t.latenessMicros(50), t.latenessMicros(99), t.latenessMicros(100)));
        b.append("  drops     ").append(drops(t.dropsByReason())).append(System.lineSeparator());
        return b.toString();
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

package io.salvo.bench;

import io.salvo.packetizer.EqualSplit;
import io.salvo.pacer.PacerConfig;
import io.salvo.pacer.PriorityClass;
import io.salvo.rtp.RtpHeader;
import org.HdrHistogram.Histogram;
import io.salvo.sender.DatagramSenders;
import io.salvo.sender.IdleStrategy;
import io.salvo.sender.SenderOptions;
import io.salvo.sender.Transmitter;
import io.salvo.sender.TransmitterConfig;
import io.salvo.sender.TransmitterStats;
import io.salvo.sender.TransmitterStream;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures how smoothly and accurately a real transmitter paces: streams synthetic 60 fps video
 * (default 20 Mbit/s, a keyframe 10× the average frame every 2 s) through the sendmmsg sender to a
 * loopback receiver, then prints a summary, writes a PNG of bytes per millisecond on the wire
 * (paced against unpaced, around a keyframe) and ends with one JSON line.
 *
 * <p>The stream is built so that every second, counted from the first frame, carries exactly the
 * target bytes (the keyframe opens its second, that second's other frames are smaller), so
 * {@code rate_error_pct} — the worst such second's delivered media bytes (datagrams less their
 * 12-byte RTP headers) against the target — measures
 * the pacer, not the encoder's rate control. {@code rate_error_sliding_pct} gives the worst of all
 * 1-second windows sliding by 10 ms, which also includes the keyframes' own unevenness.
 *
 * <p>{@code --txtime auto|on} opens the sender with {@code SO_TXTIME} ({@code SenderOptions.txTime}):
 * ticks then go to the kernel up to {@code --txtime-horizon-us} ahead, stamped with their time, and
 * only an {@code fq} qdisc on the egress device ({@code lo} here: {@code tc qdisc replace dev lo root
 * fq}) holds them until then. Without fq the receiver sees the handoff times, up to a horizon early,
 * not kernel pacing; the summary says whether the transmitter paced in the kernel, not which qdisc
 * was there.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.salvo.bench.PacingAccuracy [--rate-mbps 20] [--tick-us 1000]
 *     [--idle hybrid|park|spin|yield] [--seconds 10] [--fps 60] [--factor 2.5] [--png pacing.png]
 *     [--txtime off|auto|on] [--txtime-horizon-us 4000]</pre>
 */
public final class PacingAccuracy {
    private static final int MTU = 1200;

    private PacingAccuracy() {
    }

    /** Options, from {@code --name value} pairs. */
    record Options(double rateMbps, long tickMicros, String idle, double seconds, int fps, double keyframeSeconds,
                   double keyframeFactor, double pacingFactor, Path png, double unpacedSeconds, int warmupSeconds,
                   SenderOptions.TxTime txTime, long txTimeHorizonMicros) {
        static Options parse(String[] args) {
            double rate = 20;
            long tick = 1000;
            String idle = "hybrid";
            double seconds = 10;
            int fps = 60;
            double keyEvery = 2;
            double keyFactor = 10;
            double factor = 2.5;
            Path png = Path.of("pacing.png");
            double unpaced = 3;
            int warmup = 2;
            SenderOptions.TxTime txTime = SenderOptions.TxTime.OFF;
            long horizon = TransmitterConfig.DEFAULT_TX_TIME_HORIZON_NANOS / 1000;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--rate-mbps" -> rate = Double.parseDouble(value);
                    case "--tick-us" -> tick = Long.parseLong(value);
                    case "--idle" -> idle = value;
                    case "--seconds" -> seconds = Double.parseDouble(value);
                    case "--fps" -> fps = Integer.parseInt(value);
                    case "--keyframe-every" -> keyEvery = Double.parseDouble(value);
                    case "--keyframe-factor" -> keyFactor = Double.parseDouble(value);
                    case "--factor" -> factor = Double.parseDouble(value);
                    case "--png" -> png = Path.of(value);
                    case "--unpaced-seconds" -> unpaced = Double.parseDouble(value);
                    case "--warmup-seconds" -> warmup = Integer.parseInt(value);
                    case "--txtime" -> txTime = SenderOptions.TxTime.valueOf(value.toUpperCase(Locale.ROOT));
                    case "--txtime-horizon-us" -> horizon = Long.parseLong(value);
                    case "--help", "-h" -> {
                        System.out.println("options: --rate-mbps 20 --tick-us 1000 --idle hybrid|park|spin|yield --seconds 10"
                                + " --fps 60 --keyframe-every 2 --keyframe-factor 10 --factor 2.5 --png pacing.png --unpaced-seconds 3"
                                + " --warmup-seconds 2 --txtime off|auto|on --txtime-horizon-us 4000");
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
                }
                i++;
            }
            return new Options(rate, tick, idle, seconds, fps, keyEvery, keyFactor, factor, png, unpaced, warmup, txTime,
                    horizon);
        }
    }

    /** What one run measured. */
    record Result(TransmitterStats stats, Histogram lateness, long cpuNanos, long[] bytesPerMs, double wallSeconds,
                  int received, long expectedPackets, boolean kernelPacing) {
    }

    /** Runs the paced measurement and the unpaced comparison; prints the summary and the JSON line. */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Result paced = run(o, o.seconds(), o.warmupSeconds(), false);
        Result unpaced = o.unpacedSeconds() > 0 ? run(o, o.unpacedSeconds(), 0, true) : null;
        TransmitterStats s = paced.stats();
        long targetBytesPerSecond = (long) (o.rateMbps() * 1e6 / 8);
        double rateError = worstAlignedSecond(paced.bytesPerMs(), targetBytesPerSecond, (int) o.seconds());
        double slidingError = worstSlidingSecond(paced.bytesPerMs(), targetBytesPerSecond, (int) (o.seconds() * 1000));
        double cpuPct = paced.cpuNanos() < 0 ? -1 : 100.0 * paced.cpuNanos() / (paced.wallSeconds() * 1e9);
        Histogram lateness = paced.lateness();
        long maxMs = max(paced.bytesPerMs());
        long budgetPerTick = (long) (o.rateMbps() * 1e6 * o.pacingFactor() / 8 * o.tickMicros() / 1e6);

        System.out.printf(Locale.ROOT, "salvo pacing accuracy: %.0f Mbit/s, %d fps, keyframe %.0fx every %.0f s, tick %d us,"
                        + " idle %s, pacing factor %.1f, %.0f s after %d s of warm-up%n", o.rateMbps(), o.fps(), o.keyframeFactor(),
                o.keyframeSeconds(), o.tickMicros(), o.idle(), o.pacingFactor(), o.seconds(), o.warmupSeconds());
        System.out.printf(Locale.ROOT, "  txtime %s: %s%n", o.txTime().name().toLowerCase(Locale.ROOT),
                paced.kernelPacing() ? "ticks handed to the kernel up to " + o.txTimeHorizonMicros()
                        + " us ahead with SO_TXTIME (paced on the wire only with an fq qdisc; lateness is the handoff's)"
                        : "pacing in user space");
        System.out.printf(Locale.ROOT, "  datagrams: %d sent, %d received, %d dropped, %d queued at the end%n",
                s.sent(), paced.received(), s.dropped(), s.queued());
        System.out.printf(Locale.ROOT, "  tick lateness: p50 %d us, p99 %d us, p99.9 %d us, max %d us over %d sending ticks%n",
                percentile(lateness, 50), percentile(lateness, 99), percentile(lateness, 99.9), percentile(lateness, 100),
                lateness.getTotalCount());
        System.out.printf(Locale.ROOT, "  budget: ~%d bytes per tick at the measured rate; worst tick overshoot %d bytes;"
                + " busiest millisecond on the wire %d bytes%n", budgetPerTick, s.maxTickOvershootBytes(), maxMs);
        System.out.printf(Locale.ROOT, "  rate: worst aligned second %.3f %% off %d bytes/s; worst sliding second %.2f %%%n",
                rateError, targetBytesPerSecond, slidingError);
        System.out.printf(Locale.ROOT, "  transmitter CPU: %.1f %% of one core%n", cpuPct);
        if (unpaced != null) {
            System.out.printf(Locale.ROOT, "  unpaced comparison: busiest millisecond %d bytes (paced: %d)%n",
                    max(unpaced.bytesPerMs()), maxMs);
            writeChart(o, paced, unpaced);
            System.out.println("  chart: " + o.png().toAbsolutePath());
        }
        System.out.printf(Locale.ROOT, "{\"idle\":\"%s\",\"rate_mbps\":%.1f,\"tick_us\":%d,\"seconds\":%.1f,"
                        + "\"p50_lateness_us\":%d,\"p99_lateness_us\":%d,\"max_lateness_us\":%d,"
                        + "\"max_tick_overshoot_bytes\":%d,\"rate_error_pct\":%.4f,\"rate_error_sliding_pct\":%.3f,"
                        + "\"cpu_pct\":%.2f,\"sent\":%d,\"received\":%d,\"dropped\":%d,\"kernel_pacing\":%b}%n",
                o.idle(), o.rateMbps(), o.tickMicros(), o.seconds(), percentile(lateness, 50), percentile(lateness, 99),
                percentile(lateness, 100), s.maxTickOvershootBytes(), rateError, slidingError, cpuPct, s.sent(),
                paced.received(), s.dropped(), paced.kernelPacing());
    }

    /**
     * Streams {@code warmup + seconds} of video; lateness, CPU and the per-millisecond bytes count
     * only the last {@code seconds} (the first ones let the JIT compile the transmitter).
     */
    static Result run(Options o, double seconds, int warmup, boolean unpaced) throws Exception {
        int fps = o.fps();
        int warmupFrames = warmup * fps;
        int frames = warmupFrames + (int) Math.round(seconds * fps);
        long perSecond = (long) (o.rateMbps() * 1e6 / 8);
        int average = (int) (perSecond / fps);
        int keyframe = (int) (average * o.keyframeFactor());
        int inKeySecond = (int) ((perSecond - keyframe) / (fps - 1));
        int keyEveryFrames = (int) Math.round(o.keyframeSeconds() * fps);
        ByteBuffer data = ByteBuffer.allocateDirect(keyframe);
        Random random = new Random(1);
        for (int i = 0; i < keyframe; i++) {
            data.put(i, (byte) random.nextInt());
        }
        long expectedPackets = 0;
        int[] sizes = new int[frames];
        for (int i = 0; i < frames; i++) {
            boolean key = i % keyEveryFrames == 0;
            boolean keySecond = (i / fps) % Math.max(1, keyEveryFrames / fps) == 0;
            sizes[i] = key ? keyframe : keySecond ? inKeySecond : average;
            expectedPackets += EqualSplit.count(sizes[i], MTU - RtpHeader.FIXED_LENGTH); // as SyntheticPacketizer splits
        }
        PacerConfig pacer = unpaced ? PacerConfig.builder().unpaced().build()
                : PacerConfig.builder().tickNanos(o.tickMicros() * 1000).pacingFactor(o.pacingFactor(), 1_000_000).build();
        try (ArrivalRecorder receiver = new ArrivalRecorder((int) expectedPackets + 16)) {
            SenderOptions options = new SenderOptions().txTime(unpaced ? SenderOptions.TxTime.OFF : o.txTime());
            Transmitter transmitter = Transmitter.start(
                    DatagramSenders.open(new InetSocketAddress("127.0.0.1", 0), null, options),
                    TransmitterConfig.builder().pacer(pacer).idleStrategy(IdleStrategy.named(o.idle()))
                            .txTimeHorizonNanos(o.txTimeHorizonMicros() * 1000).build());
            boolean kernelPacing = transmitter.kernelPacing();
            TransmitterStream stream = transmitter.addStream("synthetic", new SyntheticPacketizer(0x5A1F0, MTU),
                    PriorityClass.VIDEO, receiver.address());
            long begin = System.nanoTime() + 20_000_000L;
            long start = begin + warmup * 1_000_000_000L;
            TransmitterStats warm = null;
            for (int i = 0; i < frames; i++) {
                long due = begin + (long) (i * 1e9 / fps);
                waitUntil(due);
                if (i == warmupFrames) {
                    warm = transmitter.stats();
                }
                while (!transmitter.submit(stream, data, 0, sizes[i], i * 90_000L / fps, i % keyEveryFrames == 0, i, null)) {
                    Thread.onSpinWait();
                }
            }
            transmitter.awaitDrained(30, TimeUnit.SECONDS);
            receiver.await(expectedPackets, 300);
            double wall = (System.nanoTime() - start) / 1e9;
            TransmitterStats stats = transmitter.stats();
            transmitter.close();
            Histogram lateness = stats.latenessMicros().copy();
            long cpu = stats.cpuNanos();
            if (warm != null) {
                lateness.subtract(warm.latenessMicros());
                cpu = cpu < 0 ? -1 : cpu - warm.cpuNanos();
            }
            long[] perMs = new long[(int) Math.ceil(seconds * 1000) + 2000];
            for (int i = 0; i < receiver.count(); i++) {
                long ms = (receiver.nanos(i) - start) / 1_000_000L;
                if (ms >= 0 && ms < perMs.length) {
                    perMs[(int) ms] += receiver.size(i) - RtpHeader.FIXED_LENGTH; // media bytes, as the target counts
                }
            }
            return new Result(stats, lateness, cpu, perMs, wall, receiver.count(), expectedPackets, kernelPacing);
        }
    }

    /** Parks until the frame is due: the producer must not take the cores the transmitter measures on. */
    private static void waitUntil(long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private static double worstAlignedSecond(long[] perMs, long target, int seconds) {
        double worst = 0;
        for (int s = 0; s < seconds; s++) {
            long bytes = 0;
            for (int ms = s * 1000; ms < (s + 1) * 1000; ms++) {
                bytes += perMs[ms];
            }
            worst = Math.max(worst, Math.abs(bytes - target) * 100.0 / target);
        }
        return worst;
    }

    private static double worstSlidingSecond(long[] perMs, long target, int durationMs) {
        double worst = 0;
        for (int from = 0; from + 1000 <= durationMs; from += 10) {
            long bytes = 0;
            for (int ms = from; ms < from + 1000; ms++) {
                bytes += perMs[ms];
            }
            worst = Math.max(worst, Math.abs(bytes - target) * 100.0 / target);
        }
        return worst;
    }

    private static long percentile(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile);
    }

    private static long max(long[] values) {
        long max = 0;
        for (long v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    private static void writeChart(Options o, Result paced, Result unpaced) throws Exception {
        int from = (int) (o.keyframeSeconds() * 1000) - 20;
        int to = from + 200;
        if (to >= unpaced.bytesPerMs().length || to > o.unpacedSeconds() * 1000) {
            from = 0;
            to = 200;
        }
        int n = to - from;
        double[] xs = new double[n];
        double[] pacedYs = new double[n];
        double[] unpacedYs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i;
            pacedYs[i] = paced.bytesPerMs()[from + i];
            unpacedYs[i] = unpaced.bytesPerMs()[from + i];
        }
        new LineChart(String.format(Locale.ROOT, "Bytes per ms on the wire around a keyframe (%.0f Mbit/s, %d fps, tick %d us)",
                o.rateMbps(), o.fps(), o.tickMicros()), "milliseconds from " + from + " ms", "bytes/ms", false)
                .add("unpaced", xs, unpacedYs)
                .add("paced (salvo, factor " + o.pacingFactor() + ")", xs, pacedYs)
                .write(o.png(), 1000, 420);
    }
}

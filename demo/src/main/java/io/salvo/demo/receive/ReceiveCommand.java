package io.salvo.demo.receive;

import io.salvo.demo.cli.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code salvo receive}: listens for RTP on a UDP port, shows a live status line, and prints a
 * summary per SSRC (or one JSON object) when the senders fall silent. Exit code 0 when it ran,
 * 1 with one line on stderr when it could not listen or receive, 2 for a usage error.
 *
 * <p>Progress goes to stderr (overwritten in place on a terminal, a plain line every
 * {@value #PLAIN_STATUS_SECONDS} s otherwise); the summary goes to stdout, so with {@code --json}
 * stdout holds exactly one line of JSON.
 */
@Command(name = "receive", mixinStandardHelpOptions = true,
        description = {
                "Listen for RTP on a UDP port (IPv4 and IPv6) and report packets, bytes, streams by SSRC, "
                        + "loss (sequence gaps), reordering, duplicates, interarrival jitter (RFC 3550) and bitrate.",
                "Waits for the first packet (forever unless --timeout), then ends after --idle seconds without "
                        + "packets, or on Ctrl-C, and prints a summary per SSRC (one JSON object with --json)."},
        footer = {
                "",
                "Jitter is in RTP clock units converted to ms: 90 kHz for dynamic payload types, 48 kHz for "
                        + "PT 111 (Opus), the RFC 3551 rate for static types. ffmpeg sends Opus as PT 97: "
                        + "add --clock-rate 48000.",
                "",
                "Examples:",
                "  salvo receive --port 5004",
                "  salvo receive --port 5004 --idle 2 --json | tail -n 1",
                "  ffmpeg -re -i clip.mp4 -an -c:v libx264 -f rtp rtp://127.0.0.1:5004"})
public final class ReceiveCommand implements Callable<Integer> {
    /** Seconds between status lines when stderr is not a terminal. */
    public static final int PLAIN_STATUS_SECONDS = 5;
    private static final Duration LIVE_STATUS_INTERVAL = Duration.ofMillis(250);
    private static final long SUMMARY_WAIT_MILLIS = 2000;

    @Spec
    CommandSpec spec;

    private int port;
    private Duration idle;
    private Duration timeout;
    private int clockRate = RtpReceiver.BY_PAYLOAD_TYPE;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Local address to listen on (default: every address, IPv4 and IPv6).")
    InetAddress bindAddress;

    @Option(names = "--json", description = "Print the summary as one line of JSON.")
    boolean json;

    @Option(names = {"-p", "--port"}, required = true, paramLabel = "PORT", description = "UDP port to listen on (1-65535).")
    void port(int port) {
        if (port < 1 || port > 0xFFFF) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--port': " + port + " is not a UDP port (1-65535)");
        }
        this.port = port;
    }

    @Option(names = "--idle", paramLabel = "SECONDS", defaultValue = "5",
            description = "End after this many seconds without packets, counted from the first packet (default: ${DEFAULT-VALUE}).")
    void idle(double seconds) {
        this.idle = seconds("--idle", seconds);
    }

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Give up when no packet arrives within this many seconds (default: wait forever, like nc -u -l).")
    void timeout(double seconds) {
        this.timeout = seconds("--timeout", seconds);
    }

    @Option(names = "--clock-rate", paramLabel = "HZ",
            description = "RTP clock rate of every stream, for the jitter (default: by payload type).")
    void clockRate(int hertz) {
        if (hertz <= 0) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--clock-rate': " + hertz + " is not a clock rate (> 0 Hz)");
        }
        this.clockRate = hertz;
    }

    private Duration seconds(String option, double seconds) {
        if (!(seconds > 0) || seconds > Long.MAX_VALUE / 1e9) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '" + option + "': " + seconds + " is not a number of seconds > 0");
        }
        return Duration.ofNanos(Math.max(1, Math.round(seconds * 1e9)));
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RtpReceiver receiver;
        try {
            receiver = RtpReceiver.open(bindAddress, port, clockRate);
        } catch (IOException e) {
            err.println(ReceiveReport.cannotListen(bindAddress, port, e));
            err.flush();
            return 1;
        }
        CountDownLatch reported = new CountDownLatch(1);
        Thread summaryOnInterrupt = new Thread(() -> {
            receiver.stop();
            try {
                reported.await(SUMMARY_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "salvo-receive-shutdown");
        Runtime.getRuntime().addShutdownHook(summaryOnInterrupt);
        try (receiver) {
            err.println(ReceiveReport.listening(receiver));
            err.flush();
            receiver.start(idle, timeout);
            showProgress(receiver, err);
            if (receiver.state() == RtpReceiver.State.FAILED) {
                IOException failure = receiver.failure();
                err.println("receive failed on port " + receiver.port() + ": "
                        + (failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage()));
                err.flush();
                return 1;
            }
            ReceiveSnapshot last = receiver.snapshot();
            if (receiver.state() == RtpReceiver.State.TIMED_OUT) {
                err.println("no packets within " + timeout.toMillis() / 1000.0 + " s");
                err.flush();
            }
            out.print(json ? ReceiveReport.json(last) + System.lineSeparator() : ReceiveReport.summary(last));
            out.flush();
            return 0;
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(summaryOnInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waited for this summary
            }
        }
    }

    private static void showProgress(RtpReceiver receiver, PrintWriter err) throws InterruptedException {
        boolean live = Terminal.interactive();
        Duration interval = live ? LIVE_STATUS_INTERVAL : Duration.ofSeconds(PLAIN_STATUS_SECONDS);
        ReceiveSnapshot previous = null;
        int width = 0;
        while (!receiver.awaitTermination(interval)) {
            ReceiveSnapshot now = receiver.snapshot();
            String line = ReceiveReport.status(now, previous);
            if (live) {
                err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
                width = line.length();
            } else {
                err.println(line);
            }
            err.flush();
            previous = now;
        }
        if (live && width > 0) {
            err.println();
            err.flush();
        }
    }
}

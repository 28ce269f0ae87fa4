package io.salvo.demo.receive;

import io.salvo.demo.cli.SrtpArguments;
import io.salvo.demo.cli.Terminal;
import io.salvo.srtp.SrtpKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>RTCP (RFC 3550 §6) is on unless {@code --no-rtcp}: sender reports are read on PORT+1 (PORT
 * with {@code --rtcp-mux}) and receiver reports go back to where they came from, see
 * {@link RtcpOptions} and {@link RtcpSession}.
 */
@Command(name = "receive", mixinStandardHelpOptions = true,
        description = {
                "Listen for RTP on a UDP port (IPv4 and IPv6) and report packets, bytes, streams by SSRC, "
                        + "loss (sequence gaps), reordering, duplicates, interarrival jitter (RFC 3550) and bitrate.",
                "Waits for the first packet (forever unless --timeout), then ends after --idle seconds without "
                        + "packets, or on Ctrl-C, and prints a summary per SSRC (one JSON object with --json).",
                "Takes part in RTCP (RFC 3550) as a receiver: reads sender reports, SDES and BYE on PORT+1, "
                        + "and sends receiver reports (loss, jitter, LSR/DLSR for the round-trip time) back "
                        + "to where the sender reports came from."},
        footer = {
                "",
                "Jitter is in RTP clock units converted to ms: 90 kHz for dynamic payload types, 48 kHz for "
                        + "PT 111 (Opus), the RFC 3551 rate for static types. ffmpeg sends Opus as PT 97: "
                        + "add --clock-rate 48000.",
                "",
                "SRTP: with --srtp-key every RTP packet is authenticated and decrypted before it is counted; "
                        + "what fails is counted by reason (AUTH_FAILED, REPLAYED, TOO_OLD, TOO_SHORT...). Sender "
                        + "reports are SRTCP under the same key, and so are our receiver reports (one key for both "
                        + "directions, as SDP security descriptions give it).",
                "",
                "RTCP: a receiver report (RR + SDES CNAME) goes to each sender every --rtcp-interval "
                        + "seconds, each wait drawn from 0.5 to 1.5 times it, and one within 50 ms of a new "
                        + "sender's first SR; the last one, with a BYE, when the receiver ends. Without "
                        + "--rtcp-mux, a sender that sent no SR gets no report (its RTCP port is unknown).",
                "",
                "Examples:",
                "  salvo receive --port 5004",
                "  salvo receive --port 5004 --rtcp-mux --rtcp-interval 0.5",
                "  salvo receive --port 5004 --idle 2 --json | tail -n 1",
                "  salvo receive --port 5004 --srtp-key '1 AES_CM_128_HMAC_SHA1_80 inline:BASE64'   (from an SDP)",
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
    private Duration rtcpInterval = RtcpOptions.DEFAULT_INTERVAL;
    private String cname;
    private SrtpKeys srtpKeys;

    @Option(names = "--no-rtcp", description = "Take no part in RTCP: no socket on PORT+1, no receiver reports.")
    boolean noRtcp;

    @Option(names = "--rtcp-mux", description = "RTCP shares PORT with RTP (RFC 5761) instead of using PORT+1.")
    boolean rtcpMux;

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

    @Option(names = "--rtcp-interval", paramLabel = "SECONDS",
            description = "Mean time between receiver reports; each wait is drawn from 0.5 to 1.5 times it (default: 1).")
    void rtcpInterval(double seconds) {
        Duration interval = seconds("--rtcp-interval", seconds);
        if (interval.compareTo(RtcpOptions.MAX_INTERVAL) > 0) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--rtcp-interval': " + seconds + " is more than 3600 seconds");
        }
        this.rtcpInterval = interval;
    }

    @Option(names = "--cname", paramLabel = "TEXT",
            description = "CNAME sent with our receiver reports (default: 16 random characters, RFC 7022).")
    void cname(String text) {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > 255) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--cname': " + bytes + " UTF-8 bytes (a CNAME has 1-255)");
        }
        this.cname = text;
    }

    @Option(names = "--srtp-key", paramLabel = "KEY",
            description = "Take SRTP (RFC 3711 / 7714) under this key: PROFILE:BASE64, PROFILE:inline:BASE64, or an "
                    + "a=crypto value '1 PROFILE inline:BASE64' (BASE64: master key and salt; without a PROFILE, "
                    + "its length picks AES_CM_128_HMAC_SHA1_80, AEAD_AES_128_GCM or AEAD_AES_256_GCM).")
    void srtpKey(String text) {
        try {
            this.srtpKeys = SrtpArguments.keys(text, null);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--srtp-key': " + e.getMessage());
        }
    }

    private RtcpOptions rtcpOptions() {
        if (noRtcp && rtcpMux) {
            throw new ParameterException(spec.commandLine(), "--no-rtcp and --rtcp-mux exclude each other");
        }
        if (noRtcp) {
            return RtcpOptions.off();
        }
        return RtcpOptions.defaults().withMux(rtcpMux).withInterval(rtcpInterval).withCname(cname);
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
        RtcpOptions rtcp = rtcpOptions();
        RtpReceiver receiver;
        try {
            receiver = RtpReceiver.open(bindAddress, port, clockRate, rtcp, srtpKeys);
        } catch (IOException e) {
            String line = ReceiveReport.cannotListen(bindAddress, port, e);
            if (rtcp.separatePort() && e.getMessage() != null && e.getMessage().startsWith("RTCP")) {
                line += " (--rtcp-mux or --no-rtcp do without that port)";
            }
            err.println(line);
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

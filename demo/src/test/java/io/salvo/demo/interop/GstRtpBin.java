package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.fail;

import io.salvo.demo.media.ToolCheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A GStreamer {@code rtpbin} receiving H.264 over RTP with RTCP both ways, run by
 * {@code gst-launch-1.0 -v}: RTP on port P and RTCP on P + 1 through {@code udpsrc}, its own RTCP
 * (receiver reports) through {@code udpsink} back to the sender's RTCP port, decoded to a fake
 * sink. With {@code -v} the session's {@code stats} property is printed every time it changes,
 * and {@link #sources} reads GStreamer's view of each source out of it: what the Sender Reports
 * said, what arrived, and what it reported.
 *
 * <p>Without gst-launch-1.0 and the plugins the test is skipped, except under {@code CI=true}
 * where it fails.
 */
final class GstRtpBin implements AutoCloseable {
    private static final Pattern SOURCE = Pattern.compile("application/x-rtp-source-stats(.*?)\\\\;");
    private static Boolean available;

    /** One source as GStreamer saw it in one {@code stats} notification. */
    record Source(long ssrc, boolean internal, boolean haveSr, long srPacketCount, long srOctetCount, long srRtpTime,
                  long srNtpTime, long packetsReceived, long packetsLost, boolean receivedBye) {
    }

    private final Process process;
    private final Path out;

    private GstRtpBin(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    /** Skips (or, with CI=true, fails) the calling test without gst-launch-1.0, rtpbin, udpsrc and avdec_h264. */
    static synchronized void assumeAvailable() {
        if (available == null) {
            available = inspects("rtpbin") && inspects("udpsrc") && inspects("avdec_h264") && inspects("rtph264depay");
        }
        if (!available) {
            if ("true".equals(System.getenv("CI"))) {
                fail("GStreamer (gst-launch-1.0 with rtpbin, udpsrc, rtph264depay, avdec_h264) is missing, "
                        + "and CI=true requires it");
            }
            Assumptions.abort("GStreamer (gst-launch-1.0 with rtpbin, udpsrc, rtph264depay, avdec_h264) not found: skipping");
        }
    }

    /**
     * Starts the receiver on loopback port {@code rtpPort} (RTCP on the next), sending its RTCP to
     * {@code senderRtcpPort}; {@code wrap} may put the command inside something (a network
     * namespace). Returns once GStreamer has set the pipeline playing (its sockets are bound).
     */
    static GstRtpBin start(Path dir, int rtpPort, int senderRtcpPort, Function<List<String>, List<String>> wrap)
            throws IOException, InterruptedException {
        List<String> command = wrap.apply(List.of("gst-launch-1.0", "-v",
                "rtpbin", "name=rb", "rtp-profile=avpf",
                "udpsrc", "port=" + rtpPort, "buffer-size=8388608",
                "caps=application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,payload=96",
                "!", "rb.recv_rtp_sink_0",
                "udpsrc", "port=" + (rtpPort + 1), "!", "rb.recv_rtcp_sink_0",
                "rb.send_rtcp_src_0", "!", "udpsink", "host=127.0.0.1", "port=" + senderRtcpPort, "sync=false",
                "async=false",
                "rb.", "!", "rtph264depay", "!", "avdec_h264", "!", "fakesink"));
        Path out = Files.createTempFile(dir, "gst", ".txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        GstRtpBin bin = new GstRtpBin(process, out);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.readString(out, StandardCharsets.UTF_8).contains("Setting pipeline to PLAYING")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                bin.close();
                fail("gst-launch-1.0 did not start: " + Files.readString(out, StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }
        Thread.sleep(300); // PLAYING is announced just before the state change completes
        return bin;
    }

    /** Every source GStreamer described, in the order of its notifications (a source appears many times). */
    List<Source> sources() throws IOException {
        List<Source> sources = new ArrayList<>();
        Matcher m = SOURCE.matcher(Files.readString(out, StandardCharsets.UTF_8));
        while (m.find()) {
            String s = m.group(1).replace("\\", "");
            sources.add(new Source(number(s, "ssrc"), bool(s, "internal"), bool(s, "have-sr"),
                    number(s, "sr-packet-count"), number(s, "sr-octet-count"), number(s, "sr-rtptime"),
                    Long.parseUnsignedLong(text(s, "sr-ntptime")), number(s, "packets-received"),
                    number(s, "packets-lost"), bool(s, "received-bye")));
        }
        return sources;
    }

    /** The output so far, for failure messages. */
    String output() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static long number(String s, String field) {
        String value = text(s, field);
        return value.isEmpty() ? 0 : Long.parseLong(value);
    }

    private static boolean bool(String s, String field) {
        return "true".equals(text(s, field));
    }

    private static String text(String s, String field) {
        Matcher m = Pattern.compile("[ ,]" + Pattern.quote(field) + "=\\([a-z0-9]+\\)([-a-z0-9.:]*)").matcher(s);
        return m.find() ? m.group(1) : "";
    }

    private static boolean inspects(String element) {
        return ToolCheck.exitsCleanly(30, "gst-inspect-1.0", element);
    }

    /** Stops GStreamer (SIGTERM, then SIGKILL). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}

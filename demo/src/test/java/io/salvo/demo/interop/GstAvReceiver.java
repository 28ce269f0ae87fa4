package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * GStreamer's rtpbin receiving the video and audio streams of one SDP in two sessions and
 * synchronizing them from the Sender Reports, as {@code gst_av_receiver.py} runs it (Python's
 * GObject bindings: the sessions' caps come from the SDP through GstSdp). It decodes both and
 * writes, per decoded buffer, its PTS after rtpbin's sync and its MD5. Without
 * {@code /usr/bin/python3}, its GStreamer bindings and the elements, the test is skipped (fails
 * under {@code CI=true}).
 */
final class GstAvReceiver implements AutoCloseable {
    private static final String PYTHON = "/usr/bin/python3";
    private static final List<String> ELEMENTS = List.of("rtpbin", "udpsrc", "rtph264depay", "avdec_h264",
            "rtpmp4gdepay", "avdec_aac", "videoconvert", "audioconvert", "appsink");
    private static Boolean available;

    /** One decoded buffer: its presentation time (pipeline running time, ns) and the MD5 of its bytes. */
    record Buffer(long ptsNanos, String md5) {
    }

    private final Process process;
    private final Path out;
    private final Path video;
    private final Path audio;

    private GstAvReceiver(Process process, Path out, Path video, Path audio) {
        this.process = process;
        this.out = out;
        this.video = video;
        this.audio = audio;
    }

    static synchronized void assumeAvailable() {
        if (available == null) {
            available = works();
        }
        if (!available) {
            String message = PYTHON + " with GStreamer's Python bindings (python3-gst-1.0) and " + ELEMENTS
                    + " not found";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + ", and CI=true requires them");
            }
            Assumptions.abort(message + ": skipping");
        }
    }

    /**
     * Starts the receiver on the ports of {@code sdp}, sending its RTCP to {@code senderRtcpPort} on
     * loopback, with rtpbin's {@code bufferMode} and {@code rtcpSync}; returns once its sockets listen.
     */
    static GstAvReceiver start(Path dir, Path sdp, int senderRtcpPort, String bufferMode, String rtcpSync)
            throws IOException, InterruptedException {
        Path script = dir.resolve("gst_av_receiver.py");
        try (InputStream in = GstAvReceiver.class.getResourceAsStream("gst_av_receiver.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Path video = Files.createTempFile(dir, "gst-video", ".txt");
        Path audio = Files.createTempFile(dir, "gst-audio", ".txt");
        Path out = Files.createTempFile(dir, "gst-av", ".txt");
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString(), "--sdp", sdp.toString(),
                "--rtcp-to", "127.0.0.1:" + senderRtcpPort, "--out-video", video.toString(), "--out-audio",
                audio.toString(), "--buffer-mode", bufferMode, "--rtcp-sync", rtcpSync));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        GstAvReceiver receiver = new GstAvReceiver(process, out, video, audio);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.readString(out, StandardCharsets.UTF_8).contains("LISTENING")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                receiver.close();
                fail("the GStreamer receiver did not start: " + Files.readString(out, StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }
        return receiver;
    }

    /** Waits for the receiver to end (EOS after its idle time); returns its counts line. */
    String finish() throws IOException, InterruptedException {
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            close();
            fail("the GStreamer receiver did not end: " + output());
        }
        Matcher m = Pattern.compile("(\\{.*\\})").matcher(output());
        if (!m.find()) {
            fail("no counts from the GStreamer receiver: " + output());
        }
        return m.group(1);
    }

    /** What the script printed. */
    String output() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** The decoded video frames (I420), in output order. */
    List<Buffer> video() throws IOException {
        return read(video);
    }

    /** The decoded audio buffers (F32LE interleaved), in output order. */
    List<Buffer> audio() throws IOException {
        return read(audio);
    }

    private static List<Buffer> read(Path file) throws IOException {
        List<Buffer> buffers = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                String[] parts = line.trim().split(" ");
                buffers.add(new Buffer(Long.parseLong(parts[0]), parts[1]));
            }
        }
        return buffers;
    }

    private static boolean works() {
        StringBuilder check = new StringBuilder("import gi; gi.require_version('Gst', '1.0'); "
                + "gi.require_version('GstSdp', '1.0'); from gi.repository import Gst, GstSdp; Gst.init(None); assert all(");
        check.append("Gst.ElementFactory.find(e) for e in [");
        for (String element : ELEMENTS) {
            check.append('\'').append(element).append("',");
        }
        check.append("])");
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", check.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
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
 * GStreamer's rtpbin repairing loss with NACKs, as {@code gst_nack_receiver.py} runs it (through
 * Python's GObject bindings: the RTX receiver is plugged in with a signal gst-launch cannot
 * connect). It decodes H.264, writes each frame's MD5 and ends with a JSON line of its counts.
 * Without {@code /usr/bin/python3} and its GStreamer bindings the test is skipped (fails under
 * {@code CI=true}).
 */
final class GstNackReceiver implements AutoCloseable {
    private static final String PYTHON = "/usr/bin/python3";
    private static Boolean available;

    private final Process process;
    private final Path out;
    private final Path md5;

    private GstNackReceiver(Process process, Path out, Path md5) {
        this.process = process;
        this.out = out;
        this.md5 = md5;
    }

    static synchronized void assumeAvailable() {
        if (available == null) {
            available = works();
        }
        if (!available) {
            String message = PYTHON + " with GStreamer's Python bindings (python3-gst-1.0) and rtprtxreceive not found";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + ", and CI=true requires them");
            }
            Assumptions.abort(message + ": skipping");
        }
    }

    /**
     * Starts the receiver on {@code port} (RTCP on the next), sending its RTCP to
     * {@code senderRtcpPort} on loopback; NACKs when {@code retransmission}, with RTX on
     * {@code rtxPayloadType} (-1: original packets come back). Returns once its sockets listen.
     */
    static GstNackReceiver start(Path dir, int port, int senderRtcpPort, boolean retransmission, int rtxPayloadType,
                                 Function<List<String>, List<String>> wrap) throws IOException, InterruptedException {
        Path script = dir.resolve("gst_nack_receiver.py");
        try (InputStream in = GstNackReceiver.class.getResourceAsStream("gst_nack_receiver.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path md5 = Files.createTempFile(dir, "received", ".md5");
        Path out = Files.createTempFile(dir, "gst-nack", ".txt");
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString(), "--port", String.valueOf(port),
                "--rtcp-to", "127.0.0.1:" + senderRtcpPort, "--rtx-pt", String.valueOf(rtxPayloadType),
                "--out", md5.toString()));
        if (retransmission) {
            command.add("--retransmission");
        }
        Process process = new ProcessBuilder(wrap.apply(command)).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        GstNackReceiver receiver = new GstNackReceiver(process, out, md5);
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

    /** Waits for the receiver to end (its idle time after the last packet); returns its counts line. */
    String finish() throws IOException, InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            close();
            fail("the GStreamer receiver did not end: " + Files.readString(out, StandardCharsets.UTF_8));
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(\\{.*\\})").matcher(output);
        if (!m.find()) {
            fail("no counts from the GStreamer receiver: " + output);
        }
        return m.group(1);
    }

    /** The decoded frames' MD5s, in order. */
    List<String> frameHashes() throws IOException {
        return Files.readAllLines(md5).stream().filter(line -> !line.isBlank()).toList();
    }

    /** A count from the JSON line {@code counts}. */
    static long count(String counts, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\": (-?\\d+)").matcher(counts);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static boolean works() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import gi; gi.require_version('Gst', '1.0'); "
                    + "from gi.repository import Gst; Gst.init(None); "
                    + "assert Gst.ElementFactory.find('rtprtxreceive') and Gst.ElementFactory.find('avdec_h264')")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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

package io.salvo.demo.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GStreamer's rtpbin repairing loss with NACKs, as {@code gst_nack_receiver.py} runs it (through
 * Python's GObject bindings: the RTX receiver is plugged in with a signal gst-launch cannot
 * connect). It decodes H.264, writes each frame's MD5 and ends with a JSON line of its counts.
 * Without {@code /usr/bin/python3} and its GStreamer bindings the test is skipped (fails under
 * {@code CI=true}).
 */
final class GstNackReceiver implements AutoCloseable {
    private final GstScript script;
    private final Path md5;

    private GstNackReceiver(GstScript script, Path md5) {
        this.script = script;
        this.md5 = md5;
    }

    static void assumeAvailable() {
        GstScript.assumeAvailable(List.of(), List.of("rtprtxreceive", "avdec_h264"),
                "python3-gst-1.0, gstreamer1.0-plugins-good, gstreamer1.0-libav");
    }

    /**
     * Starts the receiver on {@code port} (RTCP on the next), sending its RTCP to
     * {@code senderRtcpPort} on loopback; NACKs when {@code retransmission}, with RTX on
     * {@code rtxPayloadType} (-1: original packets come back). Returns once its sockets listen.
     */
    static GstNackReceiver start(Path dir, int port, int senderRtcpPort, boolean retransmission, int rtxPayloadType,
                                 Function<List<String>, List<String>> wrap) throws IOException, InterruptedException {
        Path md5 = Files.createTempFile(dir, "received", ".md5");
        List<String> arguments = new ArrayList<>(List.of("--port", String.valueOf(port),
                "--rtcp-to", "127.0.0.1:" + senderRtcpPort, "--rtx-pt", String.valueOf(rtxPayloadType),
                "--out", md5.toString()));
        if (retransmission) {
            arguments.add("--retransmission");
        }
        return new GstNackReceiver(GstScript.start(dir, "gst_nack_receiver.py", arguments, wrap,
                "the GStreamer receiver"), md5);
    }

    /** Waits for the receiver to end (its idle time after the last packet); returns its counts line. */
    String finish() throws IOException, InterruptedException {
        return script.finish(60);
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

    @Override
    public void close() throws InterruptedException {
        script.close();
    }
}

package io.salvo.demo.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * GStreamer's rtpbin receiving the video and audio streams of one SDP in two sessions and
 * synchronizing them from the Sender Reports, as {@code gst_av_receiver.py} runs it (Python's
 * GObject bindings: the sessions' caps come from the SDP through GstSdp). It decodes both and
 * writes, per decoded buffer, its PTS after rtpbin's sync and its MD5. Without
 * {@code /usr/bin/python3}, its GStreamer bindings and the elements, the test is skipped (fails
 * under {@code CI=true}).
 */
final class GstAvReceiver implements AutoCloseable {
    private static final List<String> ELEMENTS = List.of("rtpbin", "udpsrc", "rtph264depay", "avdec_h264",
            "rtpmp4gdepay", "avdec_aac", "videoconvert", "audioconvert", "appsink");

    /** One decoded buffer: its presentation time (pipeline running time, ns) and the MD5 of its bytes. */
    record Buffer(long ptsNanos, String md5) {
    }

    private final GstScript script;
    private final Path video;
    private final Path audio;

    private GstAvReceiver(GstScript script, Path video, Path audio) {
        this.script = script;
        this.video = video;
        this.audio = audio;
    }

    static void assumeAvailable() {
        GstScript.assumeAvailable(List.of("GstSdp"), ELEMENTS,
                "python3-gst-1.0, gstreamer1.0-plugins-good, gstreamer1.0-libav");
    }

    /**
     * Starts the receiver on the ports of {@code sdp}, sending its RTCP to {@code senderRtcpPort} on
     * loopback, with rtpbin's {@code bufferMode} and {@code rtcpSync}; returns once its sockets listen.
     */
    static GstAvReceiver start(Path dir, Path sdp, int senderRtcpPort, String bufferMode, String rtcpSync)
            throws IOException, InterruptedException {
        Path video = Files.createTempFile(dir, "gst-video", ".txt");
        Path audio = Files.createTempFile(dir, "gst-audio", ".txt");
        List<String> arguments = List.of("--sdp", sdp.toString(),
                "--rtcp-to", "127.0.0.1:" + senderRtcpPort, "--out-video", video.toString(), "--out-audio",
                audio.toString(), "--buffer-mode", bufferMode, "--rtcp-sync", rtcpSync);
        return new GstAvReceiver(GstScript.start(dir, "gst_av_receiver.py", arguments, Function.identity(),
                "the GStreamer receiver"), video, audio);
    }

    /** Waits for the receiver to end (EOS after its idle time); returns its counts line. */
    String finish() throws IOException, InterruptedException {
        return script.finish(90);
    }

    /** What the script printed. */
    String output() throws IOException {
        return script.output();
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

    @Override
    public void close() throws InterruptedException {
        script.close();
    }
}

package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.demo.media.Ffmpeg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MP4 with H.264 (B-frames) and stereo AAC through {@code salvo stream} in real time, two
 * streams through one transmitter, to receivers that open the one SDP salvo writes and sync the
 * streams from the Sender Reports: ffmpeg, and GStreamer's rtpbin with rtcp-sync. Both must
 * decode every video frame and every AAC packet as decoding the file directly does, and place
 * audio and video as far apart as the file does, within 20 ms (see {@link AvStart}); the offsets
 * are printed.
 *
 * <p>The direct decode drops the AAC priming frame (the MP4 edit list says so); the receivers
 * decode it too, so their audio has one frame more, first, and the rest must be identical.
 *
 * <p>rtpbin runs in buffer-mode {@code synced} (sender and receiver share this machine's clock):
 * its default, {@code slave}, estimates clock skew from the arrival times, which for B-frame
 * video (sent in decode order, stamped with presentation times) wander by tens of milliseconds
 * over a clip this short, whatever the Sender Reports say. Either way rtpbin applies its sync
 * offsets once both streams' first Sender Reports are in, so the first ~45 ms of buffers (before
 * the audio's first packet and SR) are placed without them; the start is therefore taken over
 * the whole stream.
 */
@Tag("interop")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AvSyncInteropTest {
    private static final long SSRC = 0x5A17_A000L;
    /** Given to the run that writes the SDP and the one that streams, so the SDP's a=ssrc CNAME is the SRs'. */
    private static final String CNAME = "salvo-av@interop";
    private static final double TOLERANCE_SECONDS = 0.020;
    private static final double VIDEO_FRAME_NANOS = 1e9 / 30;
    private static final double AAC_FRAME_NANOS = 1024 * 1e9 / 48_000;

    @TempDir
    Path dir;

    private Path clip() throws Exception {
        Ffmpeg.assumeAvailable();
        Ffmpeg.ffmpeg(dir, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i",
                "sine=frequency=440:beep_factor=3:sample_rate=48000", "-t", "3", "-c:v", "libx264", "-bf", "2", "-g", "30",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-ac", "2", "av.mp4");
        // the reference: the file decoded directly, video as yuv420p frames at 90 kHz, audio as float samples
        Ffmpeg.ffmpeg(dir, "-i", "av.mp4", "-map", "0:v", "-fps_mode", "passthrough", "-enc_time_base:v", "1/90000",
                "-f", "framemd5", "reference-video.md5", "-map", "0:a", "-c:a", "pcm_f32le", "-f", "framemd5",
                "reference-audio.md5");
        return dir.resolve("av.mp4");
    }

    @Test
    void shouldDecodeBothStreamsIdenticallyAndInSyncInFfmpeg() throws Exception {
        Path file = clip();
        int port = LoopbackPorts.freeRun(4);
        String to = "127.0.0.1:" + port;
        SalvoCli.Run sdp = SalvoCli.run("stream", file.toString(), "--to", to, "--ssrc", Long.toString(SSRC), "--cname", CNAME,
                "--sdp", dir.resolve("av.sdp").toString(), "--sdp-only");
        assertEquals(0, sdp.exitCode(), sdp::transcript);

        SalvoCli.Run run;
        String log;
        List<String> outputs = List.of("-map", "0:v", "-fps_mode", "passthrough", "-enc_time_base:v", "1/90000",
                "-f", "framemd5", "received-video.md5", "-map", "0:a", "-c:a", "pcm_f32le", "-f", "framemd5",
                "received-audio.md5");
        try (FfmpegReceiver receiver = FfmpegReceiver.start(dir, "av.sdp", port, outputs)) {
            run = SalvoCli.run("stream", file.toString(), "--to", to, "--ssrc", Long.toString(SSRC), "--cname", CNAME);
            assertEquals(0, run.exitCode(), run::transcript);
            receiver.finish(SSRC, SSRC + 1);
            log = receiver.log();
        }
        String context = "; ffmpeg log: " + log + "\n" + run.transcript();
        FrameMd5 video = FrameMd5.read(dir.resolve("received-video.md5"));
        FrameMd5 audio = FrameMd5.read(dir.resolve("received-audio.md5"));
        assertSameFrames(FrameMd5.read(dir.resolve("reference-video.md5")).hashes(), video.hashes(), context);
        assertSameAudio(FrameMd5.read(dir.resolve("reference-audio.md5")).hashes(), audio.hashes(), context);

        double videoStart = AvStart.received(video.pts(), video.durations(), video.timeBase());
        double audioStart = AvStart.received(audio.pts(), audio.durations(), audio.timeBase());
        assertInSync(file, "ffmpeg", videoStart, audioStart, (audio.pts().get(0) * audio.timeBase())
                - (video.pts().get(0) * video.timeBase()));
    }

    @Test
    void shouldDecodeBothStreamsIdenticallyAndInSyncInRtpbinWithRtcpSync() throws Exception {
        GstAvReceiver.assumeAvailable();
        Path file = clip();
        int port = LoopbackPorts.freeRun(4);
        int local = LoopbackPorts.freePair();
        String to = "127.0.0.1:" + port;
        Path sdpFile = dir.resolve("av.sdp");
        SalvoCli.Run sdp = SalvoCli.run("stream", file.toString(), "--to", to, "--sdp", sdpFile.toString(), "--sdp-only",
                "--ssrc", Long.toString(SSRC), "--cname", CNAME);
        assertEquals(0, sdp.exitCode(), sdp::transcript);

        SalvoCli.Run run;
        String counts;
        List<GstAvReceiver.Buffer> video;
        List<GstAvReceiver.Buffer> audio;
        try (GstAvReceiver receiver = GstAvReceiver.start(dir, sdpFile, local + 1, "synced", "always")) {
            run = SalvoCli.run("stream", file.toString(), "--to", to, "--ssrc", Long.toString(SSRC), "--cname", CNAME, "--local-port",
                    Integer.toString(local));
            assertEquals(0, run.exitCode(), run::transcript);
            counts = receiver.finish();
            video = receiver.video();
            audio = receiver.audio();
        }
        String context = "; GStreamer: " + counts + "\n" + run.transcript();
        assertTrue(counts.contains("\"eos\": true"), "the decoders drained at the end" + context);
        assertSameFrames(FrameMd5.read(dir.resolve("reference-video.md5")).hashes(),
                video.stream().map(GstAvReceiver.Buffer::md5).toList(), context);
        assertSameAudio(FrameMd5.read(dir.resolve("reference-audio.md5")).hashes(),
                audio.stream().map(GstAvReceiver.Buffer::md5).toList(), context);
        // rtpbin reported on both streams to salvo's RTCP port (counting its probation packet as not expected: -1)
        assertTrue(run.out().contains(" on track 1: lost ") && run.out().contains(" on track 2: lost "), run.out());

        double videoStart = AvStart.received(video.stream().map(GstAvReceiver.Buffer::ptsNanos).toList(),
                VIDEO_FRAME_NANOS);
        double audioStart = AvStart.received(audio.stream().map(GstAvReceiver.Buffer::ptsNanos).toList(),
                AAC_FRAME_NANOS);
        assertInSync(file, "GStreamer rtpbin", videoStart, audioStart,
                (audio.get(0).ptsNanos() - video.get(0).ptsNanos()) / 1e9);
    }

    /** {@code --audio-only --mtu 200}: most AUs of 128 kbit/s stereo AAC leave in two fragments (RFC 3640 §3.2.3). */
    @Test
    void shouldReassembleFragmentedAacInFfmpeg() throws Exception {
        Path file = clip();
        int port = LoopbackPorts.freePair();
        String to = "127.0.0.1:" + port;
        List<String> options = List.of("stream", file.toString(), "--to", to, "--ssrc", Long.toString(SSRC), "--cname",
                CNAME, "--audio-only", "--mtu", "200");
        List<String> sdpOnly = new ArrayList<>(options);
        sdpOnly.addAll(List.of("--sdp", dir.resolve("audio.sdp").toString(), "--sdp-only"));
        SalvoCli.Run sdp = SalvoCli.run(sdpOnly.toArray(new String[0]));
        assertEquals(0, sdp.exitCode(), sdp::transcript);

        SalvoCli.Run run;
        String log;
        try (FfmpegReceiver receiver = FfmpegReceiver.start(dir, "audio.sdp", port, List.of("-map", "0:a", "-c:a",
                "pcm_f32le", "-f", "framemd5", "received-audio.md5"))) {
            List<String> fast = new ArrayList<>(options);
            fast.addAll(List.of("--speed", "4"));
            run = SalvoCli.run(fast.toArray(new String[0]));
            assertEquals(0, run.exitCode(), run::transcript);
            receiver.finish(SSRC);
            log = receiver.log();
        }
        long frames = summaryNumber(run.out(), "frames");
        long packets = summaryNumber(run.out(), "packets");
        assertTrue(packets > frames * 3 / 2, "most AUs fragmented: " + packets + " packets for " + frames + " AUs");
        assertSameAudio(FrameMd5.read(dir.resolve("reference-audio.md5")).hashes(),
                FrameMd5.read(dir.resolve("received-audio.md5")).hashes(), "; ffmpeg log: " + log + "\n" + run.transcript());
    }

    private static long summaryNumber(String out, String label) {
        Matcher m = Pattern.compile("^  " + label + " +(\\d+)", Pattern.MULTILINE).matcher(out);
        assertTrue(m.find(), out);
        return Long.parseLong(m.group(1));
    }

    /** Every frame of the direct decode, in order (ffmpeg may hold back the last few of an RTP stream). */
    private static void assertSameFrames(List<String> reference, List<String> received, String context) {
        assertTrue(reference.size() == 90, "3 s of 30 fps video: " + reference.size());
        assertTrue(received.size() >= reference.size() - CliInterop.TAIL_ALLOWANCE && received.size() <= reference.size(),
                "received " + received.size() + " of " + reference.size() + " frames" + context);
        assertEquals(reference.subList(0, received.size()), received, "decoded video differs from the file" + context);
    }

    /** The priming frame, then exactly the frames of the direct decode. */
    private static void assertSameAudio(List<String> reference, List<String> received, String context) {
        assertTrue(reference.size() >= 140, "3 s of 1024-sample frames: " + reference.size());
        assertEquals(reference.size() + 1, received.size(), "every AAC packet decoded, the priming frame too" + context);
        assertEquals(reference, received.subList(1, received.size()), "decoded audio differs from the file" + context);
    }

    /** Asserts the A/V offset over the stream; prints it, and the offset of the very first frames. */
    private void assertInSync(Path file, String receiver, double videoStart, double audioStart, double firstFrames)
            throws Exception {
        double sourceVideo = AvStart.source(dir, file, "v:0");
        double sourceAudio = AvStart.source(dir, file, "a:0");
        double received = audioStart - videoStart;
        double source = sourceAudio - sourceVideo;
        String line = String.format(Locale.ROOT, "%s: audio starts %.2f ms after video (file: %.2f ms), sync error"
                + " %.2f ms; the first decoded frames alone: %.2f ms apart, error %.2f ms", receiver, received * 1e3,
                source * 1e3, (received - source) * 1e3, firstFrames * 1e3, (firstFrames - source) * 1e3);
        System.out.println(line);
        assertEquals(source, received, TOLERANCE_SECONDS, line);
    }
}

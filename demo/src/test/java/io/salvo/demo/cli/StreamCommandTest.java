package io.salvo.demo.cli;

import io.salvo.demo.media.Ffmpeg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.demo.cli.Clips.Clip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code salvo stream} to {@code salvo receive}, both run in this process over loopback: what
 * the stream reports as sent is what the receiver counts, with nothing lost, for every format
 * and for fan-out.
 */
class StreamCommandTest {
    @TempDir
    static Path dir;
    private static Clips clips;

    @BeforeAll
    static void clips() {
        clips = new Clips(dir);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // clip,       payload type, a marker bit per frame
            "H264_MP4,     96,  true",
            "H264_ANNEX_B, 96,  true",
            "H265_MP4,     96,  true",
            "VP8_IVF,      96,  true",
            "OPUS_OGG,     111, false"})
    void shouldDeliverEveryPacketToSalvoReceive(Clip clip, int payloadType, boolean markerPerFrame) throws Exception {
        Path file = clips.get(clip);
        Receiver receiver = Receiver.listen();

        Cli.Result stream = Cli.run("stream", file.toString(), "--to", "127.0.0.1:" + receiver.port(), "--speed", "8");
        Receiver.Summary received = receiver.summary();

        assertEquals(0, stream.exitCode(), stream.describe());
        assertEquals(framesInFile(file), stream.frames(), "every frame of the file: " + stream.out());
        assertEquals(stream.packetsSent(), received.total("packets"), received.json());
        assertEquals(0, received.total("lost"), received.json());
        assertEquals(stream.packetsSent(), received.stream("expected"), received.json());
        assertEquals(0, received.total("duplicates"), received.json());
        assertEquals(0, received.total("reordered"), received.json());
        assertEquals(0, received.total("not_rtp"), received.json());
        assertEquals(stream.bytesSent(), received.total("bytes"), received.json());
        assertEquals(payloadType, received.stream("pt"), received.json());
        if (markerPerFrame) {
            assertEquals(stream.frames(), received.stream("markers"), "the marker bit ends each frame: " + received.json());
        }
        assertTrue(stream.out().startsWith("streamed " + file + " to 127.0.0.1:" + receiver.port() + "\n"),
                "the summary on stdout: " + stream.describe());
        assertEquals(List.of(), stream.errLinesBesidesProgress(), "nothing but progress on stderr");
    }

    @Test
    void shouldKeepSequenceNumbersContinuousAcrossLoops() throws Exception {
        Path file = clips.get(Clip.H264_ANNEX_B);
        Receiver receiver = Receiver.listen();

        Cli.Result stream = Cli.run("stream", file.toString(), "--to", "127.0.0.1:" + receiver.port(),
                "--speed", "8", "--loop", "3");
        Receiver.Summary received = receiver.summary();

        assertEquals(0, stream.exitCode(), stream.describe());
        assertEquals(3 * framesInFile(file), stream.frames(), stream.out());
        assertEquals(stream.packetsSent(), received.total("packets"), received.json());
        assertEquals(stream.packetsSent(), received.stream("expected"), "no gap where a loop begins: " + received.json());
        assertEquals(0, received.total("lost"), received.json());
        assertEquals(0, received.total("reordered"), received.json());
        assertEquals(stream.frames(), received.stream("markers"), received.json());
    }

    @ParameterizedTest(name = "to {0} and {1}")
    @CsvSource({"127.0.0.1, 127.0.0.1", "127.0.0.1, [::1]"})
    void shouldGiveEachOfTwoReceiversTheFullStream(String firstHost, String secondHost) throws Exception {
        if (secondHost.contains(":")) {
            Ipv6.assumeLoopback();
        }
        Path file = clips.get(Clip.H264_MP4);
        Receiver first = Receiver.listen();
        Receiver second = Receiver.listen();

        Cli.Result stream = Cli.run("stream", file.toString(), "--speed", "8",
                "--to", firstHost + ":" + first.port(), "--to", secondHost + ":" + second.port());
        Receiver.Summary a = first.summary();
        Receiver.Summary b = second.summary();

        assertEquals(0, stream.exitCode(), stream.describe());
        assertTrue(stream.out().contains("(datagrams to 2 destinations)"), stream.out());
        long each = stream.packetsSent() / 2;
        assertEquals(stream.packetsSent(), 2 * each, "the count covers both destinations: " + stream.out());
        for (Receiver.Summary received : List.of(a, b)) {
            assertEquals(each, received.total("packets"), received.json());
            assertEquals(each, received.stream("expected"), received.json());
            assertEquals(0, received.total("lost"), received.json());
            assertEquals(stream.bytesSent() / 2, received.total("bytes"), received.json());
            assertEquals(stream.frames(), received.stream("markers"), received.json());
        }
        assertEquals(a.stream("ssrc"), b.stream("ssrc"), "one stream, fanned out");
        assertEquals(a.stream("first_seq"), b.stream("first_seq"), "one stream, fanned out");
    }

    @Test
    void shouldSendEveryWholeFrameOfATruncatedFileThenSayWhereItEnds() throws Exception {
        Path whole = clips.get(Clip.H264_MP4_FASTSTART);
        Path cut = dir.resolve("cut.mp4");
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        Receiver receiver = Receiver.listen();

        Cli.Result stream = Cli.run("stream", cut.toString(), "--to", "127.0.0.1:" + receiver.port(), "--speed", "8");
        Receiver.Summary received = receiver.summary();

        assertEquals(1, stream.exitCode(), stream.describe());
        assertEquals(1, stream.errLines().size(), stream.describe());
        String line = stream.errLines().get(0);
        Matcher matcher = Pattern.compile(Pattern.quote("salvo stream: " + cut + ": truncated: sample ")
                + "(\\d+) declares \\d+ bytes but only \\d+ remain \\(at byte \\d+\\)").matcher(line);
        assertTrue(matcher.matches(), line);
        long frames = stream.frames();
        assertEquals(Long.parseLong(matcher.group(1)), frames, "samples are numbered from 0: " + stream.describe());
        assertTrue(frames > 0 && frames < framesInFile(whole), stream.out());
        assertEquals(stream.packetsSent(), received.total("packets"), "what was sent arrived: " + received.json());
        assertEquals(0, received.total("lost"), received.json());
        assertEquals(frames, received.stream("markers"), received.json());
    }

    /** Frames (packets) in the file as ffprobe counts them. */
    static long framesInFile(Path file) throws IOException, InterruptedException {
        String count = Ffmpeg.start(dir, List.of("ffprobe", "-v", "error", "-select_streams", "0", "-count_packets",
                "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", file.toString())).finish();
        return Long.parseLong(count.trim());
    }
}

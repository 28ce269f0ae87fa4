package io.salvo.demo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.demo.cli.Clips.Clip;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code salvo stream} on an MP4 with H.264, AAC and a subtitle track: every supported track its
 * own stream on PORT, PORT + 2, one SDP with every media section, the subtitles named and
 * skipped, {@code --video-only} and {@code --audio-only}.
 */
class TrackSelectionTest {
    private static final String SKIPPED = "skipping track 3 (tx3g subtitles): salvo streams H.264, H.265 and AAC tracks"
            + " of MP4/MOV files";

    @TempDir
    static Path dir;
    private static Clips clips;

    @BeforeAll
    static void clips() {
        clips = new Clips(dir);
    }

    @Test
    void shouldDescribeEveryTrackInOneSdpAndNameTheSkippedOne() throws IOException {
        Path clip = clips.get(Clip.H264_AAC_SUBTITLES_MP4);
        Path sdp = dir.resolve("all.sdp");
        Cli.Result result = Cli.run("stream", clip.toString(), "--to", "127.0.0.1:5004", "--sdp", sdp.toString(),
                "--sdp-only", "--ssrc", "4294967295");

        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(List.of(SKIPPED, "wrote " + sdp), result.errLines());
        String text = Files.readString(sdp, StandardCharsets.US_ASCII);
        List<String> media = lines(text, "m=");
        assertEquals(List.of("m=video 5004 RTP/AVPF 96 97", "m=audio 5006 RTP/AVPF 98 99"), media);
        assertEquals(List.of("a=rtcp:5005", "a=rtcp:5007"), lines(text, "a=rtcp:"));
        assertTrue(text.contains("a=rtpmap:98 MPEG4-GENERIC/48000/2\r\n"), text);
        Matcher fmtp = Pattern.compile("a=fmtp:98 streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;"
                + "indexlength=3;indexdeltalength=3;config=([0-9a-f]+)\r\n").matcher(text);
        assertTrue(fmtp.find(), text);
        assertTrue(fmtp.group(1).startsWith("1190"), "AAC LC, 48 kHz, stereo: " + fmtp.group(1));
        // --ssrc gives the first stream's SSRC, the next counts up from it (wrapping at 32 bits)
        assertTrue(text.contains("a=ssrc:4294967295 cname:"), text);
        assertTrue(text.contains("a=ssrc:0 cname:"), text);
        List<String> cnames = lines(text, "a=ssrc:").stream().map(l -> l.substring(l.indexOf("cname:"))).distinct()
                .toList();
        assertEquals(1, cnames.size(), "one CNAME for every stream, so receivers sync them: " + text);
    }

    @Test
    void shouldStreamOnlyWhatIsAskedFor() throws IOException {
        Path clip = clips.get(Clip.H264_AAC_SUBTITLES_MP4);
        Path video = dir.resolve("video.sdp");
        Path audio = dir.resolve("audio.sdp");
        Cli.Result videoOnly = Cli.run("stream", clip.toString(), "--to", "127.0.0.1:5004", "--sdp", video.toString(),
                "--sdp-only", "--video-only");
        Cli.Result audioOnly = Cli.run("stream", clip.toString(), "--to", "127.0.0.1:5004", "--sdp", audio.toString(),
                "--sdp-only", "--audio-only");

        assertEquals(0, videoOnly.exitCode(), videoOnly.describe());
        assertEquals(0, audioOnly.exitCode(), audioOnly.describe());
        assertEquals(List.of(SKIPPED, "wrote " + video), videoOnly.errLines(), "a track left out on request is no news");
        assertEquals(List.of("m=video 5004 RTP/AVPF 96 97"), lines(Files.readString(video), "m="));
        assertEquals(List.of("m=audio 5004 RTP/AVPF 98 99"), lines(Files.readString(audio), "m="),
                "the only stream takes the port given");
    }

    @Test
    void shouldDeliverEachTrackToItsOwnPortWithOneReceiverEach() throws Exception {
        Path clip = clips.get(Clip.H264_AAC_MP4);
        int port = freeQuad();
        Receiver video = Receiver.listen(port);
        Receiver audio = Receiver.listen(port + 2);

        Cli.Result stream = Cli.run("stream", clip.toString(), "--to", "127.0.0.1:" + port, "--speed", "4");
        Receiver.Summary videoReceived = video.summary();
        Receiver.Summary audioReceived = audio.summary();

        assertEquals(0, stream.exitCode(), stream.describe());
        assertEquals(List.of(), stream.errLinesBesidesProgress(), "nothing but progress on stderr");
        Matcher videoLine = trackLine(stream, "track 1   video H.264 320x240", 96, port);
        Matcher audioLine = trackLine(stream, "track 2   audio AAC 48000 Hz 2 ch", 98, port + 2);
        assertEquals(60, Long.parseLong(videoLine.group(1)), "every video frame");
        assertEquals(Long.parseLong(videoLine.group(2)), videoReceived.total("packets"), videoReceived.json());
        assertEquals(Long.parseLong(audioLine.group(2)), audioReceived.total("packets"), audioReceived.json());
        assertEquals(Long.parseLong(audioLine.group(1)), audioReceived.total("packets"), "one AU per packet");
        assertEquals(stream.packetsSent(), videoReceived.total("packets") + audioReceived.total("packets"));
        assertEquals(stream.frames(), Long.parseLong(videoLine.group(1)) + Long.parseLong(audioLine.group(1)));
        assertEquals(0, videoReceived.total("lost") + audioReceived.total("lost"));
        assertEquals(96, videoReceived.stream("pt"), videoReceived.json());
        assertEquals(98, audioReceived.stream("pt"), audioReceived.json());
        // each receiver reported on its own stream
        assertTrue(stream.out().contains(" on track 1: lost 0"), stream.out());
        assertTrue(stream.out().contains(" on track 2: lost 0"), stream.out());
        assertFalse(stream.out().contains("skipping"), stream.out());
    }

    private static Matcher trackLine(Cli.Result stream, String start, int pt, int port) {
        Matcher m = Pattern.compile("^  " + Pattern.quote(start) + ", SSRC 0x[0-9A-F]{8}, PT " + pt + ", port " + port
                + ": (\\d+) frames, (\\d+) packets, \\d+ bytes$", Pattern.MULTILINE).matcher(stream.out());
        assertTrue(m.find(), "no line '" + start + "...' in:\n" + stream.out());
        return m;
    }

    private static List<String> lines(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    /** A port P with P..P+3 free: two streams with their RTCP ports. */
    private static int freeQuad() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = Receiver.freePort() & ~1;
            if (port > 1024 && port < 65530 && free(port) && free(port + 1) && free(port + 2) && free(port + 3)) {
                return port;
            }
        }
        throw new IOException("no four free UDP ports in a row");
    }

    private static boolean free(int port) {
        try {
            new DatagramSocket(new InetSocketAddress(port)).close();
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}

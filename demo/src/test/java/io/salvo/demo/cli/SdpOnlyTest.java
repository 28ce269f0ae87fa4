package io.salvo.demo.cli;

import io.salvo.demo.media.Ffmpeg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.salvo.demo.cli.Clips.Clip;
import io.salvo.demo.receive.RtpReceiver;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code salvo stream --sdp FILE --sdp-only}: the SDP a player opens, and not one packet. */
class SdpOnlyTest {
    private static final int NAL_SPS = 7;
    private static final int NAL_PPS = 8;
    private static final Pattern FFPROBE_FIELD = Pattern.compile("\"(codec_name|profile|width|height)\": \"?([^\",]+)");

    @TempDir
    static Path dir;
    private static Clips clips;

    @BeforeAll
    static void clips() {
        clips = new Clips(dir);
    }

    @Test
    void shouldWriteOneSdpPerDestinationAndSendNothing() throws Exception {
        Path clip = clips.get(Clip.H264_MP4);
        Path sdp = dir.resolve("out.sdp");
        try (RtpReceiver first = RtpReceiver.open(InetAddress.getLoopbackAddress(), 0, RtpReceiver.BY_PAYLOAD_TYPE);
             RtpReceiver second = RtpReceiver.open(InetAddress.getLoopbackAddress(), 0, RtpReceiver.BY_PAYLOAD_TYPE)) {
            Cli.Result result = Cli.run("stream", clip.toString(), "--sdp", sdp.toString(), "--sdp-only",
                    "--to", "127.0.0.1:" + first.port(), "--to", "127.0.0.1:" + second.port());

            assertEquals(0, result.exitCode(), result.describe());
            assertEquals("", result.out(), "no summary: nothing was streamed");
            Path sdp2 = dir.resolve("out-2.sdp");
            assertEquals(List.of("wrote " + sdp, "wrote " + sdp2), result.errLines());
            assertH264Sdp(Files.readString(sdp, StandardCharsets.US_ASCII), first.port());
            assertH264Sdp(Files.readString(sdp2, StandardCharsets.US_ASCII), second.port());
            // the sockets were bound before the command ran: whatever it sent waits in them
            for (RtpReceiver receiver : List.of(first, second)) {
                receiver.start(Duration.ofMillis(200), Duration.ofMillis(200));
                assertTrue(receiver.awaitTermination(Duration.ofSeconds(10)));
                assertEquals(RtpReceiver.State.TIMED_OUT, receiver.state());
                assertEquals(0, receiver.datagrams(), "--sdp-only sends nothing");
            }
        }
    }

    /**
     * ffprobe opens the SDP and reports the clip's codec and size. ffprobe's SDP demuxer binds
     * the RTP port (and the RTCP port above it) and then waits for packets to learn the picture
     * size (without any it gives up after {@code -listen_timeout} knowing the codec but width 0).
     * So the test waits until ffprobe holds the port (a bind of our own fails), then streams the
     * clip there; {@code -listen_timeout 10} bounds the wait if no packet arrived.
     */
    @Test
    void shouldWriteAnSdpThatFfprobeOpens() throws Exception {
        Path clip = clips.get(Clip.H264_MP4);
        Path sdp = dir.resolve("probe.sdp");
        int port = freePortPair();
        Cli.Result written = Cli.run("stream", clip.toString(), "--to", "127.0.0.1:" + port,
                "--sdp", sdp.toString(), "--sdp-only");
        assertEquals(0, written.exitCode(), written.describe());

        Ffmpeg.Started probe = Ffmpeg.start(dir, List.of("ffprobe", "-v", "error",
                "-protocol_whitelist", "file,udp,rtp", "-listen_timeout", "10",
                "-show_streams", "-of", "json", sdp.toString()));
        try {
            awaitBoundByOther(port, probe.process());
            Cli.Result stream = Cli.run("stream", clip.toString(), "--to", "127.0.0.1:" + port, "--speed", "8");
            assertEquals(0, stream.exitCode(), stream.describe());
            Map<String, String> fields = ffprobeFields(probe.finish());

            assertEquals("h264", fields.get("codec_name"), fields.toString());
            assertEquals("High", fields.get("profile"), fields.toString());
            assertEquals("320", fields.get("width"), fields.toString());
            assertEquals("240", fields.get("height"), fields.toString());
        } finally {
            probe.process().destroyForcibly();
        }
    }

    /** The SDP of an H.264 stream to 127.0.0.1:port, with the file's SPS and PPS, RTCP and RTX. */
    private static void assertH264Sdp(String sdp, int port) {
        assertTrue(sdp.endsWith("\r\n") && !sdp.replace("\r\n", "").contains("\n"), "CRLF line ends: " + sdp);
        List<String> lines = sdp.lines().toList();
        assertEquals("v=0", lines.get(0), sdp);
        assertTrue(lines.contains("c=IN IP4 127.0.0.1"), sdp);
        assertTrue(lines.contains("m=video " + port + " RTP/AVPF 96 97"), sdp);
        assertTrue(lines.contains("a=rtpmap:96 H264/90000"), sdp);
        assertTrue(lines.contains("a=rtpmap:97 rtx/90000"), sdp);
        assertTrue(lines.contains("a=fmtp:97 apt=96"), sdp);
        assertTrue(lines.contains("a=rtcp-fb:96 nack"), sdp);
        assertTrue(lines.contains("a=rtcp:" + (port + 1)), sdp);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("a=ssrc-group:FID ")), sdp);
        String fmtp = lines.stream().filter(l -> l.startsWith("a=fmtp:96 ")).findFirst()
                .orElseThrow(() -> new AssertionError("no a=fmtp:96 in " + sdp));
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String parameter : fmtp.substring("a=fmtp:96 ".length()).split(";")) {
            String[] nameValue = parameter.trim().split("=", 2);
            parameters.put(nameValue[0], nameValue[1]);
        }
        assertEquals("1", parameters.get("packetization-mode"), fmtp);
        String[] sets = parameters.get("sprop-parameter-sets").split(",");
        assertEquals(2, sets.length, fmtp);
        byte[] sps = Base64.getDecoder().decode(sets[0]);
        byte[] pps = Base64.getDecoder().decode(sets[1]);
        assertEquals(NAL_SPS, sps[0] & 0x1F, "the first set is an SPS: " + fmtp);
        assertEquals(NAL_PPS, pps[0] & 0x1F, "the second set is a PPS: " + fmtp);
        // profile_idc, constraint flags and level_idc: the three bytes after the SPS's NAL header
        assertEquals(HexFormat.of().formatHex(sps, 1, 4), parameters.get("profile-level-id").toLowerCase(), fmtp);
        assertEquals(100, sps[1] & 0xFF, "libx264's default High profile: " + fmtp);
    }

    private static Map<String, String> ffprobeFields(String json) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher matcher = FFPROBE_FIELD.matcher(json);
        while (matcher.find()) {
            fields.putIfAbsent(matcher.group(1), matcher.group(2));
        }
        return fields;
    }

    /** An even port P with P+1 free too (RTP and RTCP), free a moment ago. */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (DatagramChannel rtp = DatagramChannel.open(StandardProtocolFamily.INET)) {
                rtp.bind(new InetSocketAddress(0));
                int port = ((InetSocketAddress) rtp.getLocalAddress()).getPort();
                if (port % 2 != 0 || port == 65534) {
                    continue;
                }
                try (DatagramChannel rtcp = DatagramChannel.open(StandardProtocolFamily.INET)) {
                    rtcp.bind(new InetSocketAddress(port + 1));
                    return port;
                } catch (BindException taken) {
                    // try another
                }
            }
        }
        throw new AssertionError("no free pair of UDP ports in 100 attempts");
    }

    /** Waits until another process has bound {@code port} (binding it ourselves fails). */
    private static void awaitBoundByOther(int port, Process process) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("ffprobe ended before it listened on port " + port + " (exit " + process.exitValue() + ")");
            }
            try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
                channel.bind(new InetSocketAddress(port));
            } catch (BindException bound) {
                return;
            }
            Thread.sleep(10);
        }
        fail("ffprobe did not listen on port " + port + " within 20 s");
    }
}

package io.salvo.demo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.salvo.demo.cli.Clips.Clip;
import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input to {@code salvo stream} gets exit code 1 and one line on stderr naming
 * the problem, with a stack trace only under {@code --verbose}; usage errors get exit code 2 and
 * picocli's message with the usage.
 *
 * <p>In the tables, {@code {dir}} stands for the test directory, {@code {text}} and the like for
 * the files made in {@link #files()}, {@code {H264_MP4}} and the like for ffmpeg clips, and in an
 * expected line {@code {n}} for a number that depends on the encoder.
 */
class BadInputTest {
    @TempDir
    static Path dir;
    private static Clips clips;

    @BeforeAll
    static void files() throws IOException {
        clips = new Clips(dir);
        Files.createFile(dir.resolve("empty.h264"));
        Files.writeString(dir.resolve("text.txt"), "this is not a video\n", StandardCharsets.US_ASCII);
        // starts with 'G', the MPEG-TS sync byte, but is no transport stream
        Files.writeString(dir.resolve("get.txt"), "GET / HTTP/1.1\r\n\r\n", StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("long.txt"), "not a video. ".repeat(6000), StandardCharsets.US_ASCII);
    }

    static Stream<Arguments> badInput() {
        String to = "--to 127.0.0.1:5004";
        return Stream.of(
                bad("missing file", "stream {dir}/nosuch.mp4 " + to,
                        "cannot read {dir}/nosuch.mp4: no such file"),
                bad("a directory", "stream {dir} " + to,
                        "cannot read {dir}: it is a directory"),
                bad("an empty file", "stream {dir}/empty.h264 " + to,
                        "cannot stream {dir}/empty.h264: the file is empty"),
                bad("a short text file", "stream {dir}/text.txt " + to,
                        "{dir}/text.txt: not a supported format: no H.264/H.265 start code in the first 20 bytes,"
                                + " and no MP4, IVF or Ogg signature; " + SUPPORTED + " (at byte 0)"),
                bad("a text file over 64 KiB", "stream {dir}/long.txt " + to,
                        "{dir}/long.txt: not a supported format: no H.264/H.265 start code in the first 65536 bytes,"
                                + " and no MP4, IVF or Ogg signature; " + SUPPORTED + " (at byte 0)"),
                bad("a text file starting with G", "stream {dir}/get.txt " + to,
                        "{dir}/get.txt: not a supported format: no H.264/H.265 start code in the first 18 bytes,"
                                + " and no MP4, IVF or Ogg signature; " + SUPPORTED + " (at byte 0)"),
                bad("Matroska", "stream {MATROSKA} " + to,
                        "{MATROSKA}: not a supported format: Matroska/WebM is not supported (remux to MP4 or IVF); "
                                + SUPPORTED + " (at byte 0)"),
                bad("MPEG-TS", "stream {MPEG_TS} " + to,
                        "{MPEG_TS}: not a supported format: looks like MPEG-TS, which is not supported; "
                                + SUPPORTED + " (at byte 0)"),
                new BadInput("an IDR NAL too big for packetization-mode 0",
                        "stream {BIG_INTRA} " + to + " --packetization-mode 0 --fast",
                        "{BIG_INTRA}: frame 0: H.264 NAL of {n} bytes at offset {n} does not fit one packet:"
                                + " packetization-mode 0 allows at most 1188 payload bytes"
                                + " (max datagram size 1200 less a 12-byte RTP header)", true).row(),
                bad("an unknown host", "stream sample --to nosuch.invalid:5004",
                        "invalid destination 'nosuch.invalid:5004': unknown host 'nosuch.invalid'"),
                bad("port 0", "stream sample --to 127.0.0.1:0",
                        "invalid destination '127.0.0.1:0': port 0 is outside 1-65535"),
                bad("port 70000", "stream sample --to 127.0.0.1:70000",
                        "invalid destination '127.0.0.1:70000': port 70000 is outside 1-65535"),
                bad("no port", "stream sample --to 127.0.0.1",
                        "invalid destination '127.0.0.1': expected HOST:PORT, e.g. 127.0.0.1:5004"),
                bad("a port that is no number", "stream sample --to 127.0.0.1:rtp",
                        "invalid destination '127.0.0.1:rtp': port 'rtp' is not a number"),
                bad("an unclosed IPv6 bracket", "stream sample --to [::1",
                        "invalid destination '[::1': expected [IPV6]:PORT"),
                bad("a bad destination after a good one", "stream sample " + to + " --to 127.0.0.1:",
                        "invalid destination '127.0.0.1:': expected HOST:PORT, e.g. 127.0.0.1:5004"),
                bad("--mtu 0", "stream sample " + to + " --mtu 0",
                        "--mtu 0 is below the useful minimum of 78 bytes for H.264: the 12-byte RTP header,"
                                + " the 2-byte FU-A header and 64 payload bytes"),
                bad("--mtu 20 for H.264", "stream sample " + to + " --mtu 20",
                        "--mtu 20 is below the useful minimum of 78 bytes for H.264: the 12-byte RTP header,"
                                + " the 2-byte FU-A header and 64 payload bytes"),
                bad("--mtu 77 for H.264", "stream sample " + to + " --mtu 77",
                        "--mtu 77 is below the useful minimum of 78 bytes for H.264: the 12-byte RTP header,"
                                + " the 2-byte FU-A header and 64 payload bytes"),
                bad("--mtu 20 for VP9", "stream {VP9_IVF} " + to + " --mtu 20",
                        "--mtu 20 is below the useful minimum of 84 bytes for VP9: the 12-byte RTP header,"
                                + " a VP9 payload descriptor of up to 8 bytes and 64 payload bytes"),
                bad("--mtu 20 for Opus", "stream {OPUS_OGG} " + to + " --mtu 20",
                        "--mtu 20 is below the useful minimum of 76 bytes for Opus: the 12-byte RTP header"
                                + " and 64 payload bytes"),
                bad("--mtu 20 for H.264 and AAC in MP4", "stream {H264_AAC_MP4} " + to + " --mtu 20",
                        "--mtu 20 is below the useful minimum of 80 bytes for AAC: the 12-byte RTP header,"
                                + " the 4-byte AU header section and 64 payload bytes"),
                bad("--mtu 70000", "stream sample " + to + " --mtu 70000",
                        "--mtu 70000 is above the largest UDP datagram over IPv4 (65507 bytes)"),
                bad("--fast with --speed", "stream sample " + to + " --fast --speed 2",
                        "--fast and --speed conflict: --fast sends without waiting for timestamps"),
                bad("--fast with --rate", "stream sample " + to + " --fast --rate 1000000",
                        "--fast and --rate conflict: --fast sends without pacing"),
                bad("--fast with --txtime on", "stream sample " + to + " --fast --txtime on",
                        "--txtime on and --fast conflict: --fast sends unpaced, so the kernel has no departure times"
                                + " to keep"),
                bad("--sdp-only without --sdp", "stream sample " + to + " --sdp-only",
                        "--sdp-only needs --sdp FILE"),
                bad("--sdp in a missing directory", "stream sample " + to + " --sdp {dir}/nodir/out.sdp",
                        "cannot write {dir}/nodir/out.sdp: no such directory {dir}/nodir"),
                bad("--sdp naming a directory", "stream sample " + to + " --sdp {dir}",
                        "cannot write {dir}: Is a directory"),
                bad("--loop 0", "stream sample " + to + " --loop 0",
                        "--loop must be >= 1, was 0"),
                bad("--idle bogus", "stream sample " + to + " --idle bogus",
                        "--idle: unknown idle strategy 'bogus': use park, yield, spin or hybrid"),
                bad("--speed 0", "stream sample " + to + " --speed 0",
                        "--speed must be > 0, was 0.0"),
                bad("--fps 0", "stream sample " + to + " --fps 0",
                        "--fps must be > 0, was 0.0"),
                bad("--rate 0", "stream sample " + to + " --rate 0",
                        "--rate must be > 0 bits/s, was 0"),
                bad("--pt 128", "stream sample " + to + " --pt 128",
                        "--pt must be 0..127, was 128"),
                bad("--ssrc 2^32", "stream sample " + to + " --ssrc 4294967296",
                        "--ssrc must be 0..4294967295, was 4294967296"),
                bad("--packetization-mode 2", "stream sample " + to + " --packetization-mode 2",
                        "--packetization-mode must be 0 or 1, was 2"),
                bad("--video-only with --audio-only", "stream {H264_AAC_MP4} " + to + " --video-only --audio-only",
                        "--video-only and --audio-only conflict: leave both out to stream every track"),
                bad("--audio-only on Annex B", "stream {H264_ANNEX_B} " + to + " --audio-only",
                        "--audio-only: {H264_ANNEX_B} holds H.264 video and nothing else"),
                bad("--video-only on Ogg Opus", "stream {OPUS_OGG} " + to + " --video-only",
                        "--video-only: {OPUS_OGG} holds Opus audio and nothing else"),
                bad("--audio-only on an MP4 without audio", "stream {H264_MP4} " + to + " --audio-only",
                        "{H264_MP4} has no audio track salvo can stream (--audio-only); its tracks: track 1 (avc1 video)"),
                bad("--cname of 256 bytes", "stream sample " + to + " --cname " + "x".repeat(256),
                        "--cname must be 1..255 UTF-8 bytes without spaces, was \"" + "x".repeat(256) + "\""),
                bad("--mtu 87 for H.264 in SRTP", "stream sample " + to + " --mtu 87 --srtp",
                        "--mtu 87 is below the useful minimum of 88 bytes for H.264 in SRTP: the 12-byte RTP header,"
                                + " the 2-byte FU-A header, 64 payload bytes and the 10-byte SRTP tag"),
                bad("streams past port 65535", "stream {H264_AAC_MP4} --to 127.0.0.1:65534",
                        "--to 127.0.0.1:65534: 2 streams take ports 65534 to 65537 (each stream 2 ports above the one"
                                + " before, RTCP on the next), past 65535: choose a lower port"));
    }

    /** A well-formed AES_CM_128_HMAC_SHA1_80 key: the 30 bytes 00 01 … 1D. */
    private static final String AES_CM_KEY = "AES_CM_128_HMAC_SHA1_80:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd";

    private static final String SUPPORTED =
            "salvo streams H.264/H.265 (Annex B or MP4/MOV), AAC (MP4/MOV), VP8/VP9/AV1 (IVF) and Opus (Ogg)";

    /** A case: the arguments, the line expected after "salvo stream: ", whether a summary precedes it. */
    record BadInput(String name, String command, String message, boolean summary) {
        Arguments row() {
            return Arguments.of(name, this);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Arguments bad(String name, String arguments, String message) {
        return new BadInput(name, arguments, message, false).row();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void shouldExitWithOneClearLineOnStderr(String name, BadInput input) {
        Cli.Result result = Cli.run(args(input.command()));

        assertEquals(1, result.exitCode(), result.describe());
        assertEquals(1, result.errLines().size(), "one line on stderr: " + result.describe());
        assertMatches(expected(input.message()), result.errLines().get(0));
        assertFalse(result.err().contains("\tat "), "no stack trace without --verbose: " + result.err());
        if (input.summary()) {
            // what was sent before the problem: a frame is refused whole, so nothing
            assertEquals(0, result.packetsSent(), result.describe());
        } else {
            assertEquals("", result.out(), "nothing on stdout");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void shouldAddTheStackTraceWithVerbose(String name, BadInput input) {
        List<String> args = new ArrayList<>(Arrays.asList(args(input.command())));
        args.add("--verbose");
        Cli.Result result = Cli.run(args.toArray(new String[0]));

        assertEquals(1, result.exitCode(), result.describe());
        List<String> lines = result.errLines();
        assertTrue(lines.size() > 2, "the line and a stack trace: " + result.describe());
        assertMatches(expected(input.message()), lines.get(0));
        assertTrue(lines.get(1).startsWith("io.salvo.demo."), "the exception: " + result.err());
        assertTrue(lines.get(2).startsWith("\tat io.salvo.demo."), "the stack trace: " + result.err());
    }

    @Test
    void shouldAcceptVerboseBeforeTheCommand() {
        Cli.Result result = Cli.run("--verbose", "stream", "sample", "--to", "127.0.0.1:5004", "--loop", "0");

        assertEquals(1, result.exitCode(), result.describe());
        assertEquals("salvo stream: --loop must be >= 1, was 0", result.errLines().get(0));
        assertTrue(result.err().contains("\n\tat io.salvo.demo.stream.StreamCommand.validate("), result.err());
    }

    @Test
    void shouldAcceptVerboseOnReceiveToo() throws IOException {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        Cli.Result result = Cli.run("receive", "--port", String.valueOf(port), "--timeout", "0.2", "--verbose");

        assertEquals(0, result.exitCode(), result.describe());
        assertEquals("no packets within 0.2 s", result.errLines().get(result.errLines().size() - 1), result.err());
    }

    @Test
    void shouldSayWhenTheFileCannotBeRead() throws IOException {
        Path file = dir.resolve("unreadable.h264");
        Files.write(file, new byte[]{0, 0, 0, 1, 0x67});
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file),
                "skipped: this user (root?) reads files whatever their permissions, so none is unreadable");

        Cli.Result result = Cli.run("stream", file.toString(), "--to", "127.0.0.1:5004");

        assertEquals(1, result.exitCode(), result.describe());
        assertEquals(List.of("salvo stream: cannot read " + file + ": permission denied"), result.errLines());
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of("stream sample --to 127.0.0.1:5004 --bogus", "Unknown option: '--bogus'", "salvo stream"),
                Arguments.of("stream sample", "Missing required option: '--to=HOST:PORT'", "salvo stream"),
                Arguments.of("stream --to 127.0.0.1:5004", "Missing required parameter: 'INPUT'", "salvo stream"),
                Arguments.of("stream sample --to 127.0.0.1:5004 --txtime sometimes",
                        "Invalid value for option '--txtime': 'sometimes' is not one of off, auto, on", "salvo stream"),
                Arguments.of("stream sample --to 127.0.0.1:5004 --mtu abc",
                        "Invalid value for option '--mtu': 'abc' is not an int", "salvo stream"),
                Arguments.of("stream sample other --to 127.0.0.1:5004",
                        "Unmatched argument at index 2: 'other'", "salvo stream"),
                Arguments.of("bogus", "Unmatched argument at index 0: 'bogus'", "salvo"),
                Arguments.of("receive", "Missing required option: '--port=PORT'", "salvo receive"),
                Arguments.of("receive --port 0",
                        "Invalid value for option '--port': 0 is not a UDP port (1-65535)", "salvo receive"),
                Arguments.of("stream sample --to 127.0.0.1:5004 --srtp AES_GCM_128",
                        "Invalid value for option '--srtp': unknown SRTP profile 'AES_GCM_128'; known: "
                                + "AES_CM_128_HMAC_SHA1_80 (default), AES_CM_128_HMAC_SHA1_32, AEAD_AES_128_GCM, "
                                + "AEAD_AES_256_GCM", "salvo stream"),
                Arguments.of("stream sample --to 127.0.0.1:5004 --srtp-key AES_CM_128_HMAC_SHA1_80:abc",
                        "Invalid value for option '--srtp-key': AES_CM_128_HMAC_SHA1_80 needs 30 bytes of key and salt "
                                + "(16 + 14) in its inline key, got 2", "salvo stream"),
                Arguments.of("stream sample --to 127.0.0.1:5004 --srtp-key AES_CM_128_HMAC_SHA1_80:a*c",
                        "Invalid value for option '--srtp-key': SDES key parameter is not base64: Illegal base64 "
                                + "character 2a", "salvo stream"),
                Arguments.of("stream sample --to 127.0.0.1:5004 --srtp AEAD_AES_128_GCM --srtp-key " + AES_CM_KEY,
                        "--srtp-key is an AES_CM_128_HMAC_SHA1_80 key, but --srtp asks for AEAD_AES_128_GCM: every "
                                + "stream is encrypted with one profile", "salvo stream"),
                Arguments.of("stream sample --to 127.0.0.1:5004 --srtp-key " + AES_CM_KEY + " --srtp-key " + AES_CM_KEY,
                        "--srtp-key given 2 times for 1 stream: give one key for every stream, or one per stream in "
                                + "track order", "salvo stream"),
                Arguments.of("stream sample --to 127.0.0.1:5004 --srtp --no-rtx",
                        "--no-rtx conflicts with --srtp: an encrypted stream resends lost packets only as RTX (a resent "
                                + "original reuses its SRTP index, and receivers drop it as a replay); leave out "
                                + "--no-rtx, or resend nothing with --no-retransmit", "salvo stream"),
                Arguments.of("receive --port 5004 --srtp-key AEAD_AES_128_GCM:" + AES_CM_KEY.substring(24),
                        "Invalid value for option '--srtp-key': AEAD_AES_128_GCM needs 28 bytes of key and salt "
                                + "(16 + 12) in its inline key, got 30", "salvo receive"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void shouldExitWithTwoAndTheUsageOnAUsageError(String arguments, String message, String command) {
        Cli.Result result = Cli.run(args(arguments));

        assertEquals(2, result.exitCode(), result.describe());
        assertEquals(message, result.errLines().get(0), result.err());
        assertTrue(result.errLines().get(1).startsWith("Usage: " + command + " ["), result.err());
        assertFalse(result.err().contains("\tat "), "no stack trace: " + result.err());
        assertEquals("", result.out(), "nothing on stdout");
    }

    /** Splits on spaces, then puts the paths in. */
    private static String[] args(String arguments) {
        return Arrays.stream(arguments.split(" ")).map(BadInputTest::paths).toArray(String[]::new);
    }

    private static String paths(String text) {
        String replaced = text.replace("{dir}", dir.toString());
        for (Clip clip : Clip.values()) {
            String placeholder = "{" + clip.name() + "}";
            if (replaced.contains(placeholder)) {
                replaced = replaced.replace(placeholder, clips.get(clip).toString());
            }
        }
        return replaced;
    }

    /** The whole stderr line, literally, except that {n} matches a number. */
    private static Pattern expected(String message) {
        String[] parts = ("salvo stream: " + paths(message)).split("\\{n}", -1);
        return Pattern.compile(Arrays.stream(parts).map(Pattern::quote)
                .reduce((a, b) -> a + "\\d+" + b).orElseThrow());
    }

    private static void assertMatches(Pattern expected, String line) {
        assertTrue(expected.matcher(line).matches(), "expected\n  " + expected + "\nbut stderr said\n  " + line);
    }
}

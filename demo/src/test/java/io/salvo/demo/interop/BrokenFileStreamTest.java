package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.demo.media.Ffmpeg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code salvo stream} on damaged IVF (VP8) and Ogg Opus files, made by cutting or overwriting
 * clips that ffmpeg encoded: every frame before the damage reaches a loopback receiver, then stderr
 * holds exactly one line, {@code salvo stream: FILE: PROBLEM (at byte OFFSET)}, no stack trace, and
 * the exit code is 1. The expected frame counts and offsets come from walking the intact files
 * ({@link IvfFrames}, {@link OggPages}), not from the readers under test.
 */
@Tag("interop")
class BrokenFileStreamTest {
    @TempDir
    static Path dir;
    private static IvfFrames vp8;
    private static OggPages opus;

    /**
     * A damaged file: its bytes, the frames the CLI must send before stopping, the problem it must
     * report after the file name, and whether the file opens at all (a bad header stops it before
     * anything is streamed or summarised).
     */
    record Broken(String name, String extension, byte[] bytes, int framesSent, String problem, boolean opens) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void encodeClips() throws Exception {
        Ffmpeg.assumeAvailable();
        Ffmpeg.ffmpeg(dir, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "1", "-c:v", "libvpx",
                "-b:v", "400k", "-g", "10", "clip.ivf");
        // 100 ms pages: five 20 ms packets a page
        Ffmpeg.ffmpeg(dir, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "2", "-ac", "1",
                "-c:a", "libopus", "-b:a", "32k", "-page_duration", "100000", "clip.ogg");
        vp8 = IvfFrames.read(dir.resolve("clip.ivf"));
        opus = OggPages.read(dir.resolve("clip.ogg"));
        assertTrue(vp8.frames.size() >= 20 && opus.pages.size() >= 10, "clips long enough to damage in the middle");
    }

    static Stream<Broken> truncatedFiles() {
        int k = vp8.frames.size() / 2;
        IvfFrames.Frame frame = vp8.frames.get(k);
        int payloadStart = frame.headerOffset() + IvfFrames.FRAME_HEADER_LENGTH;
        int p = opus.pages.size() / 2;
        OggPages.Page page = opus.pages.get(p);
        assertTrue(page.headerLength() > OggPages.MIN_HEADER_LENGTH + 1, "page " + p + " has several segments");
        return Stream.of(
                new Broken("IVF cut inside a frame", ".ivf", Arrays.copyOf(vp8.file, payloadStart + frame.size() / 2), k,
                        format("truncated: frame %d declares %d bytes but only %d remain (at byte %d)",
                                k, frame.size(), frame.size() / 2, frame.headerOffset()), true),
                new Broken("IVF cut inside a frame header", ".ivf", Arrays.copyOf(vp8.file, frame.headerOffset() + 5),
                        k, format("truncated: frame %d header needs 12 bytes but only 5 remain (at byte %d)",
                                k, frame.headerOffset()), true),
                new Broken("Ogg cut inside a page", ".ogg",
                        Arrays.copyOf(opus.file, page.offset() + page.headerLength() + page.bodyLength() / 2),
                        opus.audioPacketsBefore(p), format("truncated: page %d declares %d bytes but only %d remain"
                                + " (at byte %d)", p, page.headerLength() + page.bodyLength(),
                                page.headerLength() + page.bodyLength() / 2, page.offset()), true),
                new Broken("Ogg cut inside a segment table", ".ogg",
                        Arrays.copyOf(opus.file, page.offset() + OggPages.MIN_HEADER_LENGTH + 1),
                        opus.audioPacketsBefore(p), format("truncated: page %d header needs %d bytes but only %d remain"
                                + " (at byte %d)", p, page.headerLength(), OggPages.MIN_HEADER_LENGTH + 1,
                                page.offset()), true));
    }

    static Stream<Broken> badFiles() {
        int k = 2;
        int sizeField = vp8.frames.get(k).headerOffset();
        int p = opus.pages.size() / 2;
        int pageAt = opus.pages.get(p).offset();
        long crc = ByteBuffer.wrap(opus.file).order(ByteOrder.LITTLE_ENDIAN).getInt(pageAt + 22) & 0xFFFF_FFFFL;
        return Stream.of(
                new Broken("IVF signature", ".ivf", overwrite(vp8.file, 0, ascii("DKIX")), 0,
                        "not an IVF file: signature is 'DKIX', expected 'DKIF' (at byte 0)", false),
                new Broken("IVF fourcc", ".ivf", overwrite(vp8.file, 8, ascii("VP70")), 0,
                        "unknown IVF fourcc 'VP70', expected VP80, VP90 or AV01 (at byte 8)", false),
                new Broken("IVF frame size above the limit", ".ivf", overwrite(vp8.file, sizeField, le32(0xFFFF_FFFFL)), k,
                        format("impossible frame size: frame %d declares 4294967295 bytes (allowed 1 to 268435456)"
                                + " (at byte %d)", k, sizeField), true),
                new Broken("IVF frame size 0", ".ivf", overwrite(vp8.file, sizeField, le32(0)), k,
                        format("impossible frame size: frame %d declares 0 bytes (allowed 1 to 268435456)"
                                + " (at byte %d)", k, sizeField), true),
                new Broken("Ogg signature", ".ogg", overwrite(opus.file, 0, ascii("OggX")), 0,
                        "not an Ogg page: capture pattern is 'OggX', expected 'OggS' (at byte 0)", false),
                new Broken("Ogg capture pattern of a later page", ".ogg", overwrite(opus.file, pageAt, ascii("Ogg\0")),
                        opus.audioPacketsBefore(p), format("not an Ogg page: capture pattern is 'Ogg\\x00', expected"
                                + " 'OggS' (at byte %d)", pageAt), true),
                new Broken("Ogg page CRC", ".ogg", overwrite(opus.file, pageAt + 22, le32(crc ^ 1)),
                        opus.audioPacketsBefore(p), format("bad CRC in page %d: stored 0x%08x, computed 0x%08x"
                                + " (at byte %d)", p, crc ^ 1, crc, pageAt), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("truncatedFiles")
    void shouldStreamEveryCompleteFrameThenReportWhereTheFileIsTruncated(Broken broken) throws Exception {
        assertStreamsThenReports(broken);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void shouldReportBadInputInOneLineNamingFileAndOffset(Broken broken) throws Exception {
        assertStreamsThenReports(broken);
    }

    private static void assertStreamsThenReports(Broken broken) throws Exception {
        Path file = dir.resolve(broken.name().replace(' ', '-') + broken.extension());
        Files.write(file, broken.bytes());
        SalvoCli.Run run;
        List<RtpDatagrams.Frame> frames;
        try (DatagramCollector receiver = new DatagramCollector()) {
            run = SalvoCli.run("stream", file.toString(), "--to", "127.0.0.1:" + receiver.port(), "--fast");
            frames = RtpDatagrams.frames(receiver.datagrams());
        }

        assertEquals(1, run.exitCode(), run::transcript);
        assertEquals("salvo stream: " + file + ": " + broken.problem() + System.lineSeparator(), run.err(),
                "stderr is one line naming the file, the problem and the offset; " + run.transcript());
        assertEquals(broken.framesSent(), frames.size(), "frames received; " + run.transcript());
        if (broken.extension().equals(".ivf")) {
            assertTrue(frames.stream().allMatch(RtpDatagrams.Frame::marked), "every VP8 frame sent whole");
        }
        if (broken.opens()) {
            assertTrue(run.out().contains(format("frames    %d in ", broken.framesSent())), run::transcript);
        } else {
            assertEquals("", run.out(), "nothing streamed, nothing summarised");
        }
    }

    private static byte[] overwrite(byte[] original, int at, byte[] bytes) {
        byte[] copy = original.clone();
        System.arraycopy(bytes, 0, copy, at, bytes.length);
        return copy;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] le32(long value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}

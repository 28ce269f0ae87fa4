package io.salvo.demo.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class IvfSourceTest {
    @TempDir
    static Path dir;
    private static final Map<Codec, Path> CLIPS = new HashMap<>();

    /** A short clip with a key frame every 10 frames, made once per codec. */
    static synchronized Path clip(Codec codec) {
        return CLIPS.computeIfAbsent(codec, c -> {
            Path out = dir.resolve(c.name().toLowerCase() + ".ivf");
            String input = "testsrc2=size=320x240:rate=25";
            switch (c) {
                case VP8:
                    return FfmpegJudge.encode(out, "-f", "lavfi", "-i", input, "-t", "2", "-g", "10", "-c:v", "libvpx");
                case VP9:
                    return FfmpegJudge.encode(out, "-f", "lavfi", "-i", input, "-t", "2", "-g", "10",
                            "-c:v", "libvpx-vp9", "-cpu-used", "4");
                default:
                    return FfmpegJudge.encode(out, "-f", "lavfi", "-i", input, "-t", "1", "-g", "10",
                            "-c:v", "libaom-av1", "-cpu-used", "8");
            }
        });
    }

    @ParameterizedTest
    @EnumSource(names = {"VP8", "VP9", "AV1"})
    void shouldMatchFfprobeFrameByFrame(Codec codec) throws IOException {
        Path file = clip(codec);
        List<Map<String, String>> expected = FfmpegJudge.packets(file, "v:0");
        String[] timeBase = FfmpegJudge.stream(file, "v:0").get("time_base").split("/");
        try (IvfSource source = new IvfSource(file)) {
            assertEquals(codec, source.codec());
            assertEquals(320, source.width());
            assertEquals(240, source.height());
            List<FrameSnapshots.Snapshot> frames = FrameSnapshots.readAll(source);

            assertEquals(expected.size(), frames.size());
            int keyframes = 0;
            for (int i = 0; i < frames.size(); i++) {
                FrameSnapshots.Snapshot f = frames.get(i);
                Map<String, String> p = expected.get(i);
                assertEquals(Integer.parseInt(p.get("size")), f.length(), "size of frame " + i);
                assertEquals(Long.parseLong(p.get("pos")) + IvfSource.FRAME_HEADER_LENGTH, f.fileOffset(), "pos " + i);
                // pts / timescale == ffprobe pts * time_base, as exact fractions
                assertEquals(BigInteger.valueOf(f.pts()).multiply(new BigInteger(timeBase[1])),
                        new BigInteger(p.get("pts")).multiply(new BigInteger(timeBase[0]))
                                .multiply(BigInteger.valueOf(source.timescale())), "pts of frame " + i);
                assertEquals(f.pts(), f.dts());
                assertEquals(p.get("flags").startsWith("K"), f.keyframe(), "key flag of frame " + i);
                assertEquals(i, f.index());
                keyframes += f.keyframe() ? 1 : 0;
            }
            assertTrue(keyframes >= 2, "the clip has a key frame every 10 frames");
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"VP8", "VP9", "AV1"})
    void shouldHandOutViewsOfOneDirectMapping(Codec codec) throws IOException {
        try (IvfSource source = new IvfSource(clip(codec))) {
            List<FrameSnapshots.Snapshot> frames = FrameSnapshots.readAll(source);
            ByteBuffer mapping = frames.get(0).buffer();
            assertTrue(mapping.isDirect());
            assertEquals(Files.size(source.path()), mapping.capacity());
            for (FrameSnapshots.Snapshot f : frames) {
                assertSame(mapping, f.buffer());
                assertEquals(f.fileOffset(), f.offset(), "a view of the whole-file mapping: offset = file offset");
            }
        }
    }

    @Test
    void shouldReadAHandBuiltFileWithANonUnitScale() throws IOException {
        byte[] ivf = {
            'D', 'K', 'I', 'F',               // signature
            0, 0,                             // version 0
            32, 0,                            // header size 32
            'V', 'P', '8', '0',               // fourcc
            (byte) 0x40, 1,                   // width 320
            (byte) 0xF0, 0,                   // height 240
            0x30, 0x75, 0, 0,                 // rate 30000 (timebase denominator)
            (byte) 0xE9, 3, 0, 0,             // scale 1001 (timebase numerator)
            7, 0, 0, 0,                       // frame count 7 (wrong, ignored)
            0, 0, 0, 0,                       // unused
            10, 0, 0, 0,                      // frame 0: size 10
            0, 0, 0, 0, 0, 0, 0, 0,           //          pts 0
            0x50, 0x02, 0x00,                 //          frame tag: bit0 = 0 key frame, show_frame
            (byte) 0x9d, 0x01, 0x2a,          //          start code
            0x40, 0x01, (byte) 0xF0, 0x00,    //          width 320, height 240
            3, 0, 0, 0,                       // frame 1: size 3
            3, 0, 0, 0, 0, 0, 0, 0,           //          pts 3
            0x51, 0x00, 0x00,                 //          frame tag: bit0 = 1 inter frame
        };
        Path file = Files.write(dir.resolve("hand.ivf"), ivf);
        try (IvfSource source = new IvfSource(file)) {
            assertEquals(30000, source.timescale());
            assertEquals(1001, source.scale());
            assertEquals(7, source.declaredFrameCount());
            List<FrameSnapshots.Snapshot> frames = FrameSnapshots.readAll(source);
            assertEquals(2, frames.size());
            assertEquals(new FrameSnapshots.Snapshot(frames.get(0).buffer(), 44, 10, 0, 0, true, 0, 44), frames.get(0));
            assertEquals(new FrameSnapshots.Snapshot(frames.get(0).buffer(), 66, 3, 3 * 1001, 3 * 1001, false, 1, 66),
                    frames.get(1));
        }
    }

    @Test
    void shouldReturnTheSameFramesAfterRewind() throws IOException {
        try (IvfSource source = new IvfSource(clip(Codec.VP8))) {
            List<FrameSnapshots.Snapshot> first = FrameSnapshots.readAll(source);
            source.rewind();
            assertEquals(first, FrameSnapshots.readAll(source));
            source.rewind();
            MediaFrame frame = new MediaFrame();
            assertTrue(source.next(frame));
            assertEquals(0, frame.index);
        }
    }

    @Test
    void shouldCloseIdempotentlyAndRefuseReadsAfterClose() throws IOException {
        IvfSource source = new IvfSource(clip(Codec.VP8));
        source.close();
        source.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> source.next(new MediaFrame()));
        assertEquals(source.path() + " is closed", e.getMessage());
        assertThrows(IllegalStateException.class, source::rewind);
    }

    @Test
    void shouldProbeBySignatureAtThePosition() {
        ByteBuffer head = ByteBuffer.wrap(new byte[] {'x', 'x', 'D', 'K', 'I', 'F', 0});
        assertFalse(IvfSource.probe(head));
        head.position(2);
        assertTrue(IvfSource.probe(head));
        assertFalse(IvfSource.probe(ByteBuffer.wrap(new byte[] {'D', 'K', 'I'})));
        assertFalse(IvfSource.probe(ByteBuffer.wrap(new byte[] {'O', 'g', 'g', 'S'})));
    }

    @ParameterizedTest(name = "{0} through {1}-byte windows")
    @MethodSource("clipsAndWindows")
    void shouldReadTheSameFramesThroughSmallWindows(Codec codec, int windowSize) throws IOException {
        List<FrameSnapshots.Snapshot> whole;
        try (IvfSource source = new IvfSource(clip(codec))) {
            whole = FrameSnapshots.readAll(source);
        }
        try (IvfSource source = new IvfSource(clip(codec), windowSize)) {
            WindowedFrames.Stats stats = WindowedFrames.assertSameFrames(whole, FrameSnapshots.readAll(source),
                    windowSize);
            assertTrue(stats.windows() > 1, stats.toString());
            assertTrue(windowSize > 1000 ? stats.straddling() > 0 : stats.largerThanWindow() > 0, stats.toString());
            source.rewind();
            WindowedFrames.assertSameFrames(whole, FrameSnapshots.readAll(source), windowSize);
        }
    }

    static Stream<Arguments> clipsAndWindows() {
        return Stream.of(Codec.VP8, Codec.VP9, Codec.AV1)
                .flatMap(c -> Stream.of(16, 100, 4096).map(w -> Arguments.of(c, w)));
    }

    /**
     * A sparse 4.8 GB file (no disk used but a block per frame header): 18 frames of 255 MiB, then a
     * small one beyond 4 GiB, read through 1 GiB and 64 MiB windows. Each frame's first and last
     * bytes are marked, so a frame read from the wrong place or cut at a window's end shows.
     */
    @ParameterizedTest(name = "{0}-byte windows")
    @MethodSource("largeWindows")
    void shouldReadASparseFileAboveFourGibibytes(int windowSize) throws IOException {
        Path big = dir.resolve("big-" + windowSize + ".ivf");
        int bigFrames = 18;
        int frameSize = 255 << 20;
        byte[] last = {0x50, 0x02, 0x00, (byte) 0x9d, 0x01, 0x2a, 0x40, 0x01, (byte) 0xF0, 0x00}; // a VP8 key frame
        long lastOffset;
        try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
            ByteBuffer header = ByteBuffer.allocate(IvfSource.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            header.put("DKIF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putShort((short) 0)
                    .putShort((short) 32).put("VP80".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .putShort((short) 320).putShort((short) 240).putInt(30).putInt(1).putInt(bigFrames + 1).putInt(0);
            raf.write(header.array());
            long at = IvfSource.HEADER_LENGTH;
            for (int i = 0; i <= bigFrames; i++) {
                int size = i < bigFrames ? frameSize : last.length;
                ByteBuffer h = ByteBuffer.allocate(IvfSource.FRAME_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(size).putLong(i);
                raf.seek(at);
                raf.write(h.array());
                if (i < bigFrames) {
                    raf.write(new byte[] {0x51, 0, 0, (byte) i}); // inter frame tag, then the index
                    raf.seek(at + IvfSource.FRAME_HEADER_LENGTH + size - 1);
                    raf.write(0x80 | i);
                } else {
                    raf.write(last);
                }
                at += IvfSource.FRAME_HEADER_LENGTH + size;
            }
            lastOffset = at - last.length;
        }
        try (IvfSource source = new IvfSource(big, windowSize)) {
            assertTrue(Files.size(big) > 1L << 32, "above 4 GiB: " + Files.size(big));
            MediaFrame f = new MediaFrame();
            for (int i = 0; i < bigFrames; i++) {
                assertTrue(source.next(f));
                long expected = IvfSource.HEADER_LENGTH + (long) i * (IvfSource.FRAME_HEADER_LENGTH + frameSize)
                        + IvfSource.FRAME_HEADER_LENGTH;
                assertEquals(expected, f.fileOffset, "frame " + i);
                assertEquals(frameSize, f.length);
                assertEquals(i, f.pts);
                assertEquals(i, f.buffer.get(f.offset + 3), "first bytes of frame " + i);
                assertEquals((byte) (0x80 | i), f.buffer.get(f.offset + f.length - 1), "last byte of frame " + i);
                assertFalse(f.keyframe);
            }
            assertTrue(source.next(f));
            assertEquals(lastOffset, f.fileOffset);
            assertTrue(f.fileOffset > 1L << 32);
            byte[] got = new byte[f.length];
            f.buffer.get(f.offset, got);
            assertArrayEquals(last, got);
            assertTrue(f.keyframe);
            assertEquals(bigFrames, f.index);
            assertFalse(source.next(f));
        } finally {
            Files.delete(big);
        }
    }

    static Stream<Integer> largeWindows() {
        return Stream.of(WindowedMediaFile.DEFAULT_WINDOW, 64 << 20);
    }

    /** Size of frame 0 of a VP8 clip, read from its frame header. */
    private static int frame0Size(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(IvfSource.HEADER_LENGTH);
    }

    /** Offset of frame 1's header. */
    private static int frame1(byte[] b) {
        return IvfSource.HEADER_LENGTH + IvfSource.FRAME_HEADER_LENGTH + frame0Size(b);
    }

    /** The expected message (after "path: "), given frame 1's header offset and its declared size. */
    interface Expected {
        String of(int frame1, int frame1Size);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
            Arguments.of("bad signature", (UnaryOperator<byte[]>) b -> put(b, 0, "RIFF"), 0,
                    MediaFormatException.class,
                    (Expected) (f, size) -> "not an IVF file: signature is 'RIFF', expected 'DKIF' (at byte 0)"),
            Arguments.of("binary signature", (UnaryOperator<byte[]>) b -> put(b, 0, "\u0000\u00ff\\'"), 0,
                    MediaFormatException.class,
                    (Expected) (f, size) -> "not an IVF file: signature is '\\x00\\xff\\x5c\\x27', expected 'DKIF'"
                            + " (at byte 0)"),
            Arguments.of("empty file", (UnaryOperator<byte[]>) b -> new byte[0], 0, MediaFormatException.class,
                    (Expected) (f, size) -> "not an IVF file: signature is '', expected 'DKIF' (at byte 0)"),
            Arguments.of("header cut", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, 20), 0,
                    TruncatedMediaException.class,
                    (Expected) (f, size) -> "truncated: IVF header needs 32 bytes but the file has only 20"
                            + " (at byte 0)"),
            Arguments.of("version 1", (UnaryOperator<byte[]>) b -> put(b, 4, "\u0001"), 0,
                    MediaFormatException.class,
                    (Expected) (f, size) -> "unsupported IVF version 1, expected 0 (at byte 4)"),
            Arguments.of("header size 40", (UnaryOperator<byte[]>) b -> put(b, 6, "("), 0,
                    MediaFormatException.class,
                    (Expected) (f, size) -> "IVF header size is 40, expected 32 (at byte 6)"),
            Arguments.of("unknown fourcc", (UnaryOperator<byte[]>) b -> put(b, 8, "H264"), 0,
                    MediaFormatException.class,
                    (Expected) (f, size) -> "unknown IVF fourcc 'H264', expected VP80, VP90 or AV01 (at byte 8)"),
            Arguments.of("rate 0", (UnaryOperator<byte[]>) b -> put(b, 16, "\u0000"), 0,
                    MediaFormatException.class,
                    (Expected) (f, size) -> "impossible IVF timebase: rate 0, scale 1 (at byte 16)"),
            Arguments.of("frame 1 size above 256 MiB", (UnaryOperator<byte[]>) b -> putLe32(b, frame1(b), 0x7FFF_FFFF),
                    1, MediaFormatException.class,
                    (Expected) (f, size) -> "impossible frame size: frame 1 declares 2147483647 bytes (allowed 1 to"
                            + " 268435456) (at byte " + f + ")"),
            Arguments.of("frame 1 size 0", (UnaryOperator<byte[]>) b -> putLe32(b, frame1(b), 0),
                    1, MediaFormatException.class,
                    (Expected) (f, size) -> "impossible frame size: frame 1 declares 0 bytes (allowed 1 to"
                            + " 268435456) (at byte " + f + ")"),
            Arguments.of("cut inside frame 1", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, frame1(b) + 12 + 5),
                    1, TruncatedMediaException.class,
                    (Expected) (f, size) -> "truncated: frame 1 declares " + size + " bytes but only 5 remain"
                            + " (at byte " + f + ")"),
            Arguments.of("cut inside frame 1's header", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, frame1(b) + 7),
                    1, TruncatedMediaException.class,
                    (Expected) (f, size) -> "truncated: frame 1 header needs 12 bytes but only 7 remain"
                            + " (at byte " + f + ")"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldReportMalformedInputWithFileAndOffset(String name, UnaryOperator<byte[]> mutate, int framesBefore,
                                                     Class<? extends MediaFormatException> type,
                                                     Expected message) throws IOException {
        byte[] good = Files.readAllBytes(clip(Codec.VP8));
        int frame1 = frame1(good);
        int frame1Size = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getInt(frame1);
        Path file = Files.write(dir.resolve(name.replace(' ', '_') + ".ivf"), mutate.apply(good.clone()));
        List<IOException> thrown = new ArrayList<>();
        List<FrameSnapshots.Snapshot> frames = new ArrayList<>();
        try (IvfSource source = new IvfSource(file)) {
            frames = FrameSnapshots.readUntilFailure(source, thrown);
        } catch (MediaFormatException e) {
            thrown.add(e);
        }
        assertEquals(framesBefore, frames.size(), "complete frames before the error");
        assertEquals(1, thrown.size(), "one exception");
        assertInstanceOf(type, thrown.get(0));
        assertEquals(file + ": " + message.of(frame1, frame1Size), thrown.get(0).getMessage());
    }

    private static byte[] put(byte[] b, int offset, String latin1) {
        for (int i = 0; i < latin1.length(); i++) {
            b[offset + i] = (byte) latin1.charAt(i);
        }
        return b;
    }

    private static byte[] putLe32(byte[] b, int offset, int value) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return b;
    }
}

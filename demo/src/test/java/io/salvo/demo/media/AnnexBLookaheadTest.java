package io.salvo.demo.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AnnexBSource} reads access units as it goes: it must return exactly what the whole-file
 * reader it replaced ({@link EagerAnnexB}) returned, read only a bounded way ahead, and report
 * malformed data after the frames before it.
 */
class AnnexBLookaheadTest {
    /** 90 kHz ticks of one frame at the synthetic streams' 25 fps. */
    private static final long FRAME = 3600;

    @TempDir
    Path dir;

    static Stream<Arguments> ffmpegClips() {
        String small = "testsrc2=size=160x120:rate=30";
        return Stream.of(
                Arguments.of("x264 2 B-frames, GOP 25, 3 s (shorter than the probe)", Codec.H264,
                        List.of("-f", "lavfi", "-i", small, "-t", "3", "-c:v", "libx264", "-bf", "2", "-g", "25")),
                Arguments.of("x264 defaults (3 B-frames, B-pyramid), 12 s", Codec.H264,
                        List.of("-f", "lavfi", "-i", small, "-t", "12", "-c:v", "libx264")),
                Arguments.of("x264 8 B-frames, 4 slices a picture, AUDs, 8 s", Codec.H264,
                        List.of("-f", "lavfi", "-i", small, "-t", "8", "-c:v", "libx264", "-bf", "8",
                                "-x264-params", "slices=4:aud=1:keyint=60")),
                Arguments.of("x264 ultrafast (no B-frames), 8 s", Codec.H264,
                        List.of("-f", "lavfi", "-i", small, "-t", "8", "-c:v", "libx264", "-preset", "ultrafast")),
                Arguments.of("x265 3 B-frames, closed GOP 20, 3 s", Codec.H265,
                        List.of("-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25", "-t", "3", "-c:v", "libx265",
                                "-x265-params", "log-level=error:bframes=3:keyint=20:min-keyint=20:scenecut=0:open-gop=0")),
                Arguments.of("x265 defaults (open GOP: one sequence of CRAs), 10 s", Codec.H265,
                        List.of("-f", "lavfi", "-i", small, "-t", "10", "-c:v", "libx265",
                                "-x265-params", "log-level=error:keyint=60")),
                Arguments.of("x265 8 B-frames, B-pyramid, 8 s", Codec.H265,
                        List.of("-f", "lavfi", "-i", small, "-t", "8", "-c:v", "libx265",
                                "-x265-params", "log-level=error:bframes=8:b-pyramid=1:keyint=90")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ffmpegClips")
    void shouldYieldTheEagerReadersFramesOnFfmpegClips(String name, Codec codec, List<String> encode)
            throws Exception {
        Ffmpeg.assumeAvailable();
        Path file = dir.resolve(codec == Codec.H264 ? "clip.h264" : "clip.h265");
        List<String> args = new ArrayList<>(encode);
        args.addAll(List.of("-pix_fmt", "yuv420p", "-f", codec == Codec.H264 ? "h264" : "hevc", file.toString()));
        Ffmpeg.ffmpeg(dir, args.toArray(new String[0]));

        EagerAnnexB.Result eager = EagerAnnexB.read(file, codec, 7);
        try (AnnexBSource source = new AnnexBSource(file, codec, 7)) {
            assertEquals(eager.delay(), source.reorderDelay(), "reorder delay");
            assertSameFrames(eager.frames(), FrameSnapshots.readAll(source), 0);
            source.rewind();
            assertSameFrames(eager.frames(), FrameSnapshots.readAll(source), 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ffmpegClips")
    void shouldReadTheReorderBoundTheSpsDeclaresLikeFfprobe(String name, Codec codec, List<String> encode)
            throws Exception {
        Ffmpeg.assumeAvailable();
        Path file = dir.resolve("clip.mp4");
        List<String> args = new ArrayList<>(encode);
        args.addAll(List.of("-frames:v", "1", "-pix_fmt", "yuv420p", file.toString()));
        Ffmpeg.ffmpeg(dir, args.toArray(new String[0]));
        Path annexB = dir.resolve("clip.es");
        Ffmpeg.ffmpeg(dir, "-i", "clip.mp4", "-c", "copy", "-f", codec == Codec.H264 ? "h264" : "hevc", "clip.es");
        // ffprobe's has_b_frames is max_num_reorder_frames (H.264) / sps_max_num_reorder_pics (H.265)
        int expected = Integer.parseInt(Ffmpeg.ffprobe(dir, "-select_streams", "v:0", "-show_entries",
                "stream=has_b_frames", "-of", "csv=p=0", "clip.mp4").trim());

        try (WindowedMediaFile es = new WindowedMediaFile(annexB, WindowedMediaFile.DEFAULT_WINDOW)) {
            AccessUnitScanner scanner = new AccessUnitScanner(es, codec,
                    codec == Codec.H264 ? new H264Headers() : new H265Headers());
            assertTrue(scanner.next());
            assertEquals(expected, scanner.headers().reorderBound);
        }
    }

    @Test
    void shouldRankDeepReorderLikeTheEagerReader() throws Exception {
        // P-frames 16 pictures apart with 15 hierarchical B-frames between (P32 B16 B8 B4 B2 B6 ...),
        // an IDR every fifth P: B2 is decoded fifth and shown second, a lag of 4; never declared
        List<Long> pocs = new ArrayList<>();
        long anchor = 0;
        for (int gop = 0; gop < 14; gop++) {
            if (gop % 5 == 0) {
                pocs.add(0L);
                anchor = 0;
            }
            pocs.add(anchor + 32);
            pyramid(pocs, anchor, anchor + 32);
            anchor += 32;
        }
        Path file = write("deep.h264", SyntheticH264.stream(SyntheticH264.UNDECLARED, unbox(pocs)));

        EagerAnnexB.Result eager = EagerAnnexB.read(file, Codec.H264, 7);
        try (AnnexBSource source = new AnnexBSource(file, Codec.H264)) {
            assertEquals(4, eager.delay());
            assertEquals(eager.delay(), source.reorderDelay());
            assertSameFrames(eager.frames(), FrameSnapshots.readAll(source), 0);
        }
    }

    @Test
    void shouldUseTheDeclaredBoundWhenTheProbeEndsShortOfIt() throws Exception {
        // I P B P B ...: lag 1 everywhere, SPS declares 2, longer than the probe
        Path file = write("declared.h264", SyntheticH264.stream(2, ipb(AnnexBSource.DELAY_PROBE * 2)));

        EagerAnnexB.Result eager = EagerAnnexB.read(file, Codec.H264, 7);
        try (AnnexBSource source = new AnnexBSource(file, Codec.H264)) {
            assertEquals(1, eager.delay());
            assertEquals(2, source.reorderDelay(), "the declared bound keeps PTS >= DTS for the rest of the file");
            List<FrameSnapshots.Snapshot> frames = FrameSnapshots.readAll(source);
            assertSameFrames(eager.frames(), frames, FRAME);
            frames.forEach(f -> assertTrue(f.pts() >= f.dts()));
        }
    }

    @Test
    void shouldMeasureTheDelayOverTheWholeFileWhenItIsShorterThanTheProbe() throws Exception {
        Path file = write("short.h264", SyntheticH264.stream(2, ipb(41)));

        EagerAnnexB.Result eager = EagerAnnexB.read(file, Codec.H264, 7);
        try (AnnexBSource source = new AnnexBSource(file, Codec.H264)) {
            assertEquals(1, source.reorderDelay());
            assertSameFrames(eager.frames(), FrameSnapshots.readAll(source), 0);
        }
    }

    @Test
    void shouldOpenByReadingOnlyUntilTheDeclaredBoundIsReached() throws Exception {
        // declares 1, reaches it at the first B-frame: open reads the few frames it takes to rank it
        Path file = write("long.h264", SyntheticH264.stream(1, ipb(2001)));

        try (AnnexBSource source = new AnnexBSource(file, Codec.H264)) {
            assertEquals(1, source.reorderDelay());
            assertTrue(source.framesAhead() <= ReorderWindow.REORDER + 2, "frames read at open: " + source.framesAhead());
            int most = 0;
            MediaFrame frame = new MediaFrame();
            long frames = 0;
            while (source.next(frame)) {
                most = Math.max(most, source.framesAhead());
                frames++;
            }
            assertEquals(2001, frames);
            assertTrue(most <= ReorderWindow.REORDER + 1, "frames read ahead while playing: " + most);
        }
    }

    @Test
    void shouldBoundTheLookaheadForAFrameHeldBackLongerThanAnyDecoderWould() throws Exception {
        // IDR, then a P shown after the 1999 B-frames that follow it in decode order
        long[] pocs = new long[2001];
        pocs[1] = 4000;
        for (int i = 2; i < pocs.length; i++) {
            pocs[i] = 2L * (i - 1);
        }
        Path file = write("held.h264", SyntheticH264.stream(SyntheticH264.UNDECLARED, pocs));

        EagerAnnexB.Result eager = EagerAnnexB.read(file, Codec.H264, 7);
        try (AnnexBSource source = new AnnexBSource(file, Codec.H264)) {
            MediaFrame frame = new MediaFrame();
            List<Long> pts = new ArrayList<>();
            while (source.next(frame)) {
                assertTrue(source.framesAhead() <= AnnexBSource.MAX_LOOKAHEAD, "read ahead " + source.framesAhead());
                pts.add(frame.pts);
            }
            assertEquals(eager.frames().size(), pts.size());
            Set<Long> distinct = new HashSet<>(pts);
            assertEquals(pts.size(), distinct.size(), "presentation times stay distinct");
            assertTrue(pts.get(1) < eager.frames().get(1).pts(), "the held-back P is shown once the bound is hit");
            assertEquals(eager.frames().get(2).pts(), pts.get(2), "frames ranked before the bound is hit are exact");
        }
    }

    // ---- errors after the start ----

    static Stream<Arguments> lateErrors() {
        byte[] badSps = SyntheticH264.escape(new BitWriter().u(8, 0x67).u(8, 66).u(8, 0xC0).u(8, 30)
                .ue(0) // seq_parameter_set_id
                .ue(0) // log2_max_frame_num_minus4
                .ue(3) // pic_order_cnt_type 3: does not exist
                .finish());
        return Stream.of(
                Arguments.of("forbidden_zero_bit", new byte[] {(byte) 0xE1, 0x11},
                        "H264 NAL unit with forbidden_zero_bit set"),
                Arguments.of("start code right after a start code", new byte[0],
                        "H264 NAL unit of 0 bytes, shorter than its header"),
                Arguments.of("slice naming an unknown PPS", SyntheticH264.escape(new BitWriter().u(8, 0x61)
                        .ue(0) // first_mb_in_slice
                        .ue(5) // slice_type
                        .ue(9) // pic_parameter_set_id 9: never sent
                        .u(8, 0xAB).finish()),
                        "H264 NAL unit of type 1: slice refers to PPS 9 before any SPS/PPS for it"),
                Arguments.of("SPS with pic_order_cnt_type 3", badSps,
                        "H264 NAL unit of type 7: pic_order_cnt_type is 3, more than the largest allowed 2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lateErrors")
    void shouldReturnEveryCompleteFrameBeforeALateError(String name, byte[] bad, String problem)
            throws Exception {
        // 300 pictures, an AUD (ending the last picture), the bad unit, then 10 more pictures
        byte[] good = SyntheticH264.stream(SyntheticH264.UNDECLARED, ipb(300));
        byte[] stream = concat(good, SyntheticH264.join(SyntheticH264.aud(), bad), SyntheticH264.join(
                LongStream.range(0, 10).mapToObj(i -> SyntheticH264.slice(false, 600 + 2 * i)).toArray(byte[][]::new)));
        int badOffset = good.length + 4 + SyntheticH264.aud().length + 4;
        Path file = write("late.h264", stream);

        try (AnnexBSource source = new AnnexBSource(file, Codec.H264)) {
            List<IOException> thrown = new ArrayList<>();
            List<FrameSnapshots.Snapshot> frames = FrameSnapshots.readUntilFailure(source, thrown);
            assertEquals(300, frames.size(), "every picture before the AUD");
            assertEquals(good.length, frames.get(299).offset() + frames.get(299).length(), "the last one ends at the AUD");
            MediaFormatException e = (MediaFormatException) thrown.get(0);
            assertEquals(file + ": " + problem + " (at byte " + badOffset + ")", e.getMessage());
            assertEquals(badOffset, e.fileOffset());
            assertSame(e, assertThrows(MediaFormatException.class, () -> source.next(new MediaFrame())),
                    "the same error again");

            source.rewind();
            thrown.clear();
            assertEquals(300, FrameSnapshots.readUntilFailure(source, thrown).size());
            assertEquals(e.getMessage(), thrown.get(0).getMessage());
        }
    }

    @Test
    void shouldNotReturnAPictureCutShortByALateError() throws Exception {
        // the bad unit follows a slice directly: it may belong to that picture, which is incomplete
        byte[] good = SyntheticH264.stream(SyntheticH264.UNDECLARED, ipb(50));
        byte[] stream = concat(good, SyntheticH264.join(new byte[] {(byte) 0x81, 0x11}));
        Path file = write("cut.h264", stream);

        try (AnnexBSource source = new AnnexBSource(file, Codec.H264)) {
            List<IOException> thrown = new ArrayList<>();
            assertEquals(49, FrameSnapshots.readUntilFailure(source, thrown).size());
            assertEquals(file + ": H264 NAL unit with forbidden_zero_bit set (at byte " + (good.length + 4) + ")",
                    thrown.get(0).getMessage());
        }
    }

    @Test
    void shouldFailAtOpenWhenTheFirstPictureIsMalformed() throws Exception {
        byte[] stream = concat(SyntheticH264.join(SyntheticH264.sps(1), SyntheticH264.pps(),
                new byte[] {(byte) 0xE5, 0x11}), SyntheticH264.stream(1, ipb(20)));
        Path file = write("first.h264", stream);

        MediaFormatException e = assertThrows(MediaFormatException.class, () -> new AnnexBSource(file, Codec.H264));
        int offset = 4 + SyntheticH264.sps(1).length + 4 + SyntheticH264.pps().length + 4;
        assertEquals(file + ": H264 NAL unit with forbidden_zero_bit set (at byte " + offset + ")", e.getMessage());
    }

    @Test
    void shouldKeepTrailingNonPictureUnitsInTheLastFrame() throws Exception {
        byte[] pictures = SyntheticH264.stream(1, ipb(5));
        byte[] stream = concat(pictures, SyntheticH264.join(SyntheticH264.aud(), SyntheticH264.sps(1)));
        Path file = write("trailing.h264", stream);

        try (AnnexBSource source = new AnnexBSource(file, Codec.H264)) {
            List<FrameSnapshots.Snapshot> frames = FrameSnapshots.readAll(source);
            assertEquals(5, frames.size());
            assertEquals(stream.length, frames.get(4).offset() + frames.get(4).length());
            assertFalse(source.next(new MediaFrame()));
        }
    }

    // ---- helpers ----

    /** I0 P2 B1 P4 B3 ...: {@code count} pictures in decode order, lag 1. */
    private static long[] ipb(int count) {
        long[] pocs = new long[count];
        for (int i = 1; i < count; i++) {
            pocs[i] = i % 2 == 1 ? 2L * (i + 1) : 2L * (i - 1);
        }
        return pocs;
    }

    /** The B-frames between {@code low} and {@code high} in hierarchical decode order (middle first). */
    private static void pyramid(List<Long> pocs, long low, long high) {
        if (high - low <= 2) {
            return;
        }
        long middle = (low + high) / 2;
        pocs.add(middle);
        pyramid(pocs, low, middle);
        pyramid(pocs, middle, high);
    }

    private static long[] unbox(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private Path write(String name, byte[] stream) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, stream);
        return file;
    }

    /** Same frames as the eager reader's, PTS later by {@code ptsShift}. */
    private static void assertSameFrames(List<EagerAnnexB.Frame> expected, List<FrameSnapshots.Snapshot> actual,
                                         long ptsShift) {
        assertEquals(expected.size(), actual.size(), "frames");
        for (int i = 0; i < expected.size(); i++) {
            EagerAnnexB.Frame e = expected.get(i);
            FrameSnapshots.Snapshot a = actual.get(i);
            assertEquals(e.offset(), a.offset(), "offset of frame " + i);
            assertEquals(e.offset(), a.fileOffset(), "file offset of frame " + i);
            assertEquals(e.length(), a.length(), "length of frame " + i);
            assertEquals(e.dts(), a.dts(), "DTS of frame " + i);
            assertEquals(e.pts() + ptsShift, a.pts(), "PTS of frame " + i);
            assertEquals(e.keyframe(), a.keyframe(), "keyframe flag of frame " + i);
            assertEquals(i, a.index(), "index of frame " + i);
        }
    }
}

package io.salvo.demo.media;

import static io.salvo.demo.media.Mp4Bytes.box;
import static io.salvo.demo.media.Mp4Bytes.find;
import static io.salvo.demo.media.Mp4Bytes.text;
import static io.salvo.demo.media.Mp4Bytes.u32;
import static io.salvo.demo.media.Mp4Bytes.u64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MP4 files read through windows ({@link WindowedMediaFile}) much smaller than their samples and
 * than the file, against the same files mapped whole; and files beyond 4 GiB, made sparse (the
 * samples at the end, a hole before them), read through the default 1 GiB windows.
 */
class Mp4WindowsTest {
    private static final String SEEDS = "MediaSourceFuzzTestInputs/shouldReadAnyMp4File/";
    private static final String[] STBL = {"moov", "trak", "mdia", "minf", "stbl"};

    @TempDir
    Path dir;

    static Path seed(String name) {
        try {
            return Path.of(Mp4WindowsTest.class.getResource(SEEDS + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0} through {1}-byte windows")
    @CsvSource({
        "seed-avc1-b-frames-moov-first.mp4, 16", "seed-avc1-b-frames-moov-first.mp4, 100",
        "seed-avc1-b-frames-moov-first.mp4, 300", "seed-hvc1-b-frames-moov-last.mp4, 16",
        "seed-hvc1-b-frames-moov-last.mp4, 100", "seed-hvc1-b-frames-moov-last.mp4, 300"})
    void shouldHandOutEverySampleWholeThroughWindowsSmallerThanTheSamples(String name, int windowSize)
            throws IOException {
        Path file = seed(name);
        List<FrameSnapshots.Snapshot> whole;
        try (Mp4Source source = new Mp4Source(file)) {
            whole = FrameSnapshots.readAll(source);
        }
        try (Mp4Source source = new Mp4Source(file, windowSize)) {
            List<FrameSnapshots.Snapshot> windowed = FrameSnapshots.readAll(source);
            WindowedFrames.Stats stats = WindowedFrames.assertSameFrames(whole, windowed, windowSize);
            assertTrue(stats.windows() > 1, "several windows: " + stats);
            assertTrue(stats.largerThanWindow() > 0, "a sample larger than the window: " + stats);

            source.rewind();
            WindowedFrames.assertSameFrames(whole, FrameSnapshots.readAll(source), windowSize);
        }
    }

    @ParameterizedTest(name = "{0}-byte windows")
    @CsvSource({"4096", "65536"})
    void shouldReadEveryTrackOfAMovieInDecodeOrderThroughSharedSmallWindows(int windowSize) throws IOException {
        Path file = FfmpegJudge.encode(dir.resolve("av.mp4"), "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "2", "-c:v", "libx264",
                "-bf", "2", "-g", "12", "-c:a", "aac");
        List<List<FrameSnapshots.Snapshot>> whole = interleaved(file, WindowedMediaFile.DEFAULT_WINDOW);
        List<List<FrameSnapshots.Snapshot>> windowed = interleaved(file, windowSize);
        assertEquals(2, whole.size());
        WindowedFrames.Stats video = WindowedFrames.assertSameFrames(whole.get(0), windowed.get(0), windowSize);
        WindowedFrames.Stats audio = WindowedFrames.assertSameFrames(whole.get(1), windowed.get(1), windowSize);
        assertTrue(video.windows() > 1 && audio.windows() > 1, video + ", " + audio);
        assertTrue(video.straddling() > 0, "a sample across the end of the window before: " + video);
        if (windowSize == 4096) {
            assertTrue(video.largerThanWindow() > 0, "key frames larger than 4 KiB: " + video);
        }
    }

    /** Every track's frames, read a frame of each track in turn, as a transmitter does. */
    private static List<List<FrameSnapshots.Snapshot>> interleaved(Path file, int windowSize) throws IOException {
        try (Mp4File mp4 = Mp4File.open(file, windowSize)) {
            List<MediaSource> sources = new ArrayList<>();
            List<List<FrameSnapshots.Snapshot>> frames = new ArrayList<>();
            for (Mp4File.Track track : mp4.tracks()) {
                sources.add(mp4.source(track));
                frames.add(new ArrayList<>());
            }
            MediaFrame frame = new MediaFrame();
            boolean any = true;
            while (any) {
                any = false;
                for (int t = 0; t < sources.size(); t++) {
                    if (sources.get(t).next(frame)) {
                        any = true;
                        frames.get(t).add(new FrameSnapshots.Snapshot(frame.buffer, frame.offset, frame.length,
                                frame.pts, frame.dts, frame.keyframe, frame.index, frame.fileOffset));
                    }
                }
            }
            return frames;
        }
    }

    @ParameterizedTest(name = "{0}-byte windows")
    @CsvSource({"1073741824", "65536"})
    void shouldReadSamplesBeyond4GiBThroughCo64AndALargesizeMdat(int windowSize) throws IOException {
        Path original = seed("seed-avc1-b-frames-moov-first.mp4");
        long hole = 5L << 30;
        Path big = beyond4GiB(Files.readAllBytes(original), hole);
        try {
            assertTrue(Files.size(big) > hole);
            List<FrameSnapshots.Snapshot> expected;
            try (Mp4Source source = new Mp4Source(original)) {
                expected = FrameSnapshots.readAll(source);
            }
            try (Mp4Source source = new Mp4Source(big, windowSize)) {
                List<FrameSnapshots.Snapshot> frames = FrameSnapshots.readAll(source);
                assertEquals(expected.size(), frames.size());
                long shift = frames.get(0).fileOffset() - expected.get(0).fileOffset();
                assertTrue(shift > hole, "samples after the hole: " + shift);
                List<FrameSnapshots.Snapshot> moved = new ArrayList<>();
                for (FrameSnapshots.Snapshot f : expected) {
                    moved.add(new FrameSnapshots.Snapshot(f.buffer(), f.offset(), f.length(), f.pts(), f.dts(),
                            f.keyframe(), f.index(), f.fileOffset() + shift));
                }
                WindowedFrames.assertSameFrames(moved, frames, windowSize);
                source.rewind();
                assertTrue(source.next(new MediaFrame()));
            }
        } finally {
            Files.delete(big);
        }
    }

    /**
     * {@code mp4} (moov first, one stco chunk, then 'free' and 'mdat') rewritten with its samples
     * {@code hole} bytes further on: stco becomes co64, the 8-byte free box and the mdat header one
     * 16-byte mdat header with a largesize, and a sparse hole opens the mdat.
     */
    private Path beyond4GiB(byte[] mp4, long hole) throws IOException {
        byte[] stco = Mp4Bytes.box(mp4, find(mp4, concat(STBL, "stco")));
        assertEquals(1, Mp4Bytes.u32(stco, 12), "one chunk");
        long chunk = Mp4Bytes.u32(stco, 16);
        int oldMdat = find(mp4, "mdat");
        long oldPayload = oldMdat + 8;
        assertEquals(oldMdat - 8, find(mp4, "free"));
        ByteArrayOutputStream co64 = new ByteArrayOutputStream();
        co64.writeBytes(u32(0));                           // version 0, flags 0
        co64.writeBytes(u32(1));                           // entry_count
        co64.writeBytes(u64(0));                           // chunk_offset, set below
        byte[] b = Mp4Bytes.replace(mp4, box("co64", co64.toByteArray()), concat(STBL, "stco"));
        int free = find(b, "free");
        long payload = free + 16L;                         // where the mdat payload starts now
        int data = (int) (mp4.length - oldPayload);
        ByteBuffer.wrap(b, free, 16)
                .putInt(1)                                 // size 1: a largesize follows
                .put(text("mdat"))                         // type
                .putLong(16 + hole + data);                // largesize: header, hole, samples
        ByteBuffer.wrap(b).putLong(find(b, concat(STBL, "co64")) + 16, chunk - oldPayload + payload + hole);
        Path file = dir.resolve("beyond-4GiB.mp4");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(b, 0, (int) payload);
            raf.seek(payload + hole);                      // the hole: no disk used
            raf.write(mp4, (int) oldPayload, data);
        }
        return file;
    }

    @Test
    void shouldRefuseASampleAbove2GiBNamingItsSizeAndTable() throws IOException {
        byte[] b = Files.readAllBytes(seed("seed-avc1-b-frames-moov-first.mp4"));
        int stsz = find(b, concat(STBL, "stsz"));
        Mp4Bytes.put32(b, stsz + 20 + 4 * 2, 0xC000_0000L); // entry_size of sample 2: 3 GiB
        Path file = Files.write(dir.resolve("3GiB-sample.mp4"), b);
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> new Mp4Source(file).close());
        assertEquals(file + ": sample 2 declares 3221225472 bytes; salvo maps at most 2147483647 bytes (2 GiB - 1)"
                + " for one frame (at byte " + stsz + ")", e.getMessage());
    }

    @Test
    void shouldRefuseAMoovAbove2GiB() throws IOException {
        byte[] b = Files.readAllBytes(seed("seed-avc1-b-frames-moov-first.mp4"));
        int moov = find(b, "moov");
        Mp4Bytes.put32(b, moov, 0xC000_0000L); // moov of 3 GiB
        Path file = dir.resolve("3GiB-moov.mp4");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(b);
            raf.setLength(moov + 0xC000_0000L); // sparse
        }
        try {
            MediaFormatException e = assertThrows(MediaFormatException.class, () -> Mp4File.open(file).close());
            assertEquals(file + ": moov box of 3221225472 bytes; salvo maps at most 2147483647 bytes (2 GiB - 1)"
                    + " of it in one piece (at byte " + moov + ")", e.getMessage());
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void shouldShareOneWindowForAFileNoLargerThanIt() throws IOException {
        Path file = seed("seed-hvc1-b-frames-moov-last.mp4");
        try (Mp4Source source = new Mp4Source(file, 4096)) {
            List<FrameSnapshots.Snapshot> frames = FrameSnapshots.readAll(source);
            for (FrameSnapshots.Snapshot f : frames) {
                assertSame(frames.get(0).buffer(), f.buffer());
                assertEquals(f.fileOffset(), f.offset(), "the window starts at byte 0");
            }
            assertEquals(Files.size(file), frames.get(0).buffer().capacity());
            source.close();
            assertThrows(IllegalStateException.class, () -> source.next(new MediaFrame()));
            assertFalse(frames.isEmpty());
        }
    }

    private static String[] concat(String[] path, String... more) {
        String[] out = java.util.Arrays.copyOf(path, path.length + more.length);
        System.arraycopy(more, 0, out, path.length, more.length);
        return out;
    }
}

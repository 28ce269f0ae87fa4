package io.salvo.demo.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Annex B streams read through windows ({@link WindowedMediaFile}) much smaller than the file and
 * than some access units, against the same streams mapped whole: access units across a window's
 * end come out whole from the next window, units larger than a window get a larger one.
 */
class AnnexBWindowsTest {
    private static final String SEEDS = "MediaSourceFuzzTestInputs/shouldReadAnyAnnexBFile/";

    @TempDir
    Path dir;

    /** The bundled sample: 240 frames of H.264, 1.6 KB on average, IDRs of up to 8 KB. */
    static byte[] sample() throws IOException {
        try (InputStream in = AnnexBSource.class.getResourceAsStream("/io/salvo/demo/sample.h264")) {
            return in.readAllBytes();
        }
    }

    private static List<FrameSnapshots.Snapshot> frames(Path file, Codec codec, int windowSize) throws IOException {
        try (AnnexBSource source = new AnnexBSource(file, codec, 25, windowSize)) {
            return FrameSnapshots.readAll(source);
        }
    }

    @ParameterizedTest(name = "{0}-byte windows")
    @ValueSource(ints = {256, 4096, 65536})
    void shouldSplitTheSampleIntoTheSameAccessUnitsThroughSmallWindows(int windowSize) throws IOException {
        Path file = Files.write(dir.resolve("sample.h264"), sample());
        List<FrameSnapshots.Snapshot> whole = frames(file, Codec.H264, WindowedMediaFile.DEFAULT_WINDOW);
        assertEquals(240, whole.size());
        try (AnnexBSource source = new AnnexBSource(file, Codec.H264, 25, windowSize)) {
            WindowedFrames.Stats stats = WindowedFrames.assertSameFrames(whole, FrameSnapshots.readAll(source),
                    windowSize);
            assertTrue(stats.windows() > 1, stats.toString());
            assertTrue(stats.straddling() > 0, "access units across a window's end: " + stats);
            if (windowSize < 8000) {
                assertTrue(stats.largerThanWindow() > 0, "IDRs larger than the window: " + stats);
            }
            source.rewind();
            WindowedFrames.assertSameFrames(whole, FrameSnapshots.readAll(source), windowSize);
        }
    }

    @Test
    void shouldMapAWindowAsLargeAsAnAccessUnitLargerThanTheWindow() throws IOException {
        byte[] big = Arrays.copyOf(SyntheticH264.slice(true, 0), 300_000);
        Arrays.fill(big, SyntheticH264.slice(true, 0).length, big.length, (byte) 0xAB); // slice data, no zeros
        byte[] stream = SyntheticH264.join(SyntheticH264.sps(SyntheticH264.UNDECLARED), SyntheticH264.pps(),
                SyntheticH264.slice(true, 0), SyntheticH264.slice(false, 2), big, SyntheticH264.slice(false, 2),
                SyntheticH264.slice(false, 4));
        Path file = Files.write(dir.resolve("big-idr.h264"), stream);
        List<FrameSnapshots.Snapshot> whole = frames(file, Codec.H264, WindowedMediaFile.DEFAULT_WINDOW);
        assertEquals(5, whole.size());
        assertEquals(300_004, whole.get(2).length(), "the big IDR with its start code");
        WindowedFrames.Stats stats = WindowedFrames.assertSameFrames(whole, frames(file, Codec.H264, 65536), 65536);
        assertEquals(1, stats.largerThanWindow(), stats.toString());
    }

    @ParameterizedTest(name = "{0}-byte windows")
    @ValueSource(ints = {16, 4096, 65536})
    void shouldRefuseAnAccessUnitLargerThanTheLargestWindowNamingItsSizeAfterTheFramesBeforeIt(int windowSize)
            throws IOException {
        byte[] big = Arrays.copyOf(SyntheticH264.slice(true, 0), 300_000);
        Arrays.fill(big, SyntheticH264.slice(true, 0).length, big.length, (byte) 0xAB);
        byte[] stream = SyntheticH264.join(SyntheticH264.sps(SyntheticH264.UNDECLARED), SyntheticH264.pps(),
                SyntheticH264.slice(true, 0), SyntheticH264.slice(false, 2), big, SyntheticH264.slice(false, 2));
        Path file = Files.write(dir.resolve("too-big.h264"), stream);
        List<FrameSnapshots.Snapshot> whole = frames(file, Codec.H264, WindowedMediaFile.DEFAULT_WINDOW);
        long at = whole.get(2).fileOffset();
        assertEquals(300_004, whole.get(2).length());

        List<IOException> thrown = new java.util.ArrayList<>();
        List<FrameSnapshots.Snapshot> read;
        try (AnnexBSource source = new AnnexBSource(file, Codec.H264, 25, windowSize, 65536)) {
            read = FrameSnapshots.readUntilFailure(source, thrown);
        }
        WindowedFrames.assertSameFrames(whole.subList(0, 2), read, windowSize);
        assertEquals(1, thrown.size());
        assertEquals(file + ": H264 access unit at byte " + at + " is at least 300004 bytes, more than the 65536"
                + " bytes salvo maps for one frame (at byte " + at + ")", thrown.get(0).getMessage());

        // the same unit last in the file: its size is the rest of the file
        Path last = Files.write(dir.resolve("too-big-last.h264"), Arrays.copyOf(stream, (int) at + 300_004));
        thrown.clear();
        try (AnnexBSource source = new AnnexBSource(last, Codec.H264, 25, windowSize, 65536)) {
            read = FrameSnapshots.readUntilFailure(source, thrown);
        }
        assertEquals(2, read.size());
        assertEquals(last + ": H264 access unit at byte " + at + " is at least 300004 bytes, more than the 65536"
                + " bytes salvo maps for one frame (at byte " + at + ")", thrown.get(0).getMessage());
    }

    @ParameterizedTest(name = "{0} through {2}-byte windows")
    @CsvSource({
        "seed-h264-ip-b.h264, H264, 16", "seed-h264-ip-b.h264, H264, 64", "seed-h264-ip-b.h264, H264, 200",
        "seed-h265-ip-b.h265, H265, 16", "seed-h265-ip-b.h265, H265, 64", "seed-h265-ip-b.h265, H265, 200"})
    void shouldSplitTheSeedsAlikeThroughTinyWindows(String name, Codec codec, int windowSize) throws IOException {
        Path file = Files.write(dir.resolve(name),
                AnnexBSource.class.getResourceAsStream(SEEDS + name).readAllBytes());
        List<FrameSnapshots.Snapshot> whole = frames(file, codec, WindowedMediaFile.DEFAULT_WINDOW);
        WindowedFrames.Stats stats = WindowedFrames.assertSameFrames(whole, frames(file, codec, windowSize),
                windowSize);
        assertTrue(stats.largerThanWindow() > 0, stats.toString());
    }

    @Test
    void shouldFindTheFirstStartCodeAfterMoreZerosThanAWindow() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[2000]); // leading zero bytes: allowed, not part of the first frame
        byte[] sample = sample();
        out.writeBytes(sample);
        Path file = Files.write(dir.resolve("zeros.h264"), out.toByteArray());
        List<FrameSnapshots.Snapshot> whole = frames(file, Codec.H264, WindowedMediaFile.DEFAULT_WINDOW);
        int code = 2000 + (sample[2] == 1 ? 0 : 1);
        assertEquals(code - 1, whole.get(0).fileOffset(), "the frame starts at the zero before 00 00 01");
        for (int windowSize : new int[] {7, 16, 1000}) {
            WindowedFrames.assertSameFrames(whole, frames(file, Codec.H264, windowSize), windowSize);
        }
    }

    @ParameterizedTest(name = "{0}-byte windows")
    @ValueSource(ints = {16, 1000, 1 << 30})
    void shouldReportDataBeforeTheFirstStartCodeOrNoneAtAllWithTheOffsets(int windowSize) throws IOException {
        byte[] junk = new byte[5000];
        junk[4321] = 7;
        byte[] late = Arrays.copyOf(junk, junk.length + 4);
        late[late.length - 1] = 1; // 00 00 01 at the end
        Path lateFile = Files.write(dir.resolve("late.h264"), late);
        MediaFormatException e = assertThrows(MediaFormatException.class,
                () -> new AnnexBSource(lateFile, Codec.H264, 25, windowSize));
        assertEquals(lateFile + ": data before the first start code at byte 5001 (at byte 4321)", e.getMessage());

        Path noneFile = Files.write(dir.resolve("none.h264"), junk);
        e = assertThrows(MediaFormatException.class, () -> new AnnexBSource(noneFile, Codec.H264, 25, windowSize));
        assertEquals(noneFile + ": no start code (00 00 01) in 5000 bytes: not an Annex B H264 stream (at byte 0)",
                e.getMessage());
    }

    @Test
    void shouldReportAMalformedUnitFarIntoTheFileAtItsFileOffset() throws IOException {
        byte[] b = sample();
        int at = 300_000;
        while (!(b[at] == 0 && b[at + 1] == 0 && b[at + 2] == 1)) {
            at++;
        }
        b[at + 3] |= (byte) 0x80; // forbidden_zero_bit
        Path file = Files.write(dir.resolve("forbidden.h264"), b);
        for (int windowSize : new int[] {4096, WindowedMediaFile.DEFAULT_WINDOW}) {
            List<IOException> thrown = new java.util.ArrayList<>();
            try (AnnexBSource source = new AnnexBSource(file, Codec.H264, 25, windowSize)) {
                FrameSnapshots.readUntilFailure(source, thrown);
            }
            assertEquals(1, thrown.size());
            assertEquals(file + ": H264 NAL unit with forbidden_zero_bit set (at byte " + (at + 3) + ")",
                    thrown.get(0).getMessage(), windowSize + "-byte windows");
        }
    }

    @Test
    void shouldRefuseReadsAfterCloseNamingTheFile() throws IOException {
        Path file = Files.write(dir.resolve("closed.h264"), sample());
        AnnexBSource source = new AnnexBSource(file, Codec.H264, 25, 4096);
        MediaFrame frame = new MediaFrame();
        assertTrue(source.next(frame));
        source.close();
        source.close();
        assertEquals(0, frame.buffer.get(frame.offset), "a frame handed out keeps its window");
        IOException e = assertThrows(IOException.class, () -> source.next(new MediaFrame()));
        assertEquals(file + ": source is closed", e.getMessage());
        assertThrows(IOException.class, source::rewind);
    }
}

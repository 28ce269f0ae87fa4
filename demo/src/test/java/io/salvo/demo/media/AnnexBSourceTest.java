package io.salvo.demo.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnexBSourceTest {
    @TempDir
    Path dir;

    /** Decode-order packets of an MP4 track as ffprobe reports them. */
    private record Packet(long pts, long dts, boolean keyframe) {
    }

    @Test
    void shouldMatchFfprobeForH264WithBFrames() throws Exception {
        Ffmpeg.assumeAvailable();
        Ffmpeg.ffmpeg(dir, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "3", "-c:v", "libx264",
                "-bf", "2", "-g", "25", "-pix_fmt", "yuv420p", "clip.mp4");
        Ffmpeg.ffmpeg(dir, "-i", "clip.mp4", "-c", "copy", "-bsf:v", "h264_mp4toannexb", "-f", "h264", "clip.h264");

        checkAgainstMp4(Codec.H264, "clip.h264", 30);
    }

    @Test
    void shouldMatchFfprobeForH265WithBFrames() throws Exception {
        Ffmpeg.assumeAvailable();
        Ffmpeg.ffmpeg(dir, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "3", "-c:v", "libx265",
                "-x265-params", "log-level=error:bframes=3:keyint=20:min-keyint=20:scenecut=0:open-gop=0",
                "-pix_fmt", "yuv420p", "-tag:v", "hvc1", "clip.mp4");
        Ffmpeg.ffmpeg(dir, "-i", "clip.mp4", "-c", "copy", "-bsf:v", "hevc_mp4toannexb", "-f", "hevc", "clip.h265");

        checkAgainstMp4(Codec.H265, "clip.h265", 25);
    }

    private void checkAgainstMp4(Codec codec, String file, int fps) throws Exception {
        List<Packet> expected = probePackets();
        try (AnnexBSource source = new AnnexBSource(dir.resolve(file), codec, 7)) {
            assertEquals(codec, AnnexBSource.detectCodec(ByteBuffer.wrap(Files.readAllBytes(dir.resolve(file)))));
            assertTrue(source.frameRateFromVui());
            assertEquals(fps, source.frameRate(), 1e-9);
            assertTrue(source.presentationFromPictureOrder());
            List<MediaFrame> frames = readAll(source);
            assertEquals(expected.size(), frames.size());
            long duration = 90_000 / fps;
            for (int i = 0; i < frames.size(); i++) {
                MediaFrame frame = frames.get(i);
                assertEquals(expected.get(i).keyframe(), frame.keyframe, "keyframe flag of frame " + i);
                assertEquals(i * duration, frame.dts, "DTS of frame " + i);
                assertTrue(frame.pts >= frame.dts, "PTS >= DTS at frame " + i);
                assertEquals(i, frame.index);
            }
            assertArrayEquals(ranks(expected.stream().mapToLong(Packet::pts).toArray()),
                    ranks(frames.stream().mapToLong(f -> f.pts).toArray()), "presentation order");
            long firstPts = frames.stream().mapToLong(f -> f.pts).min().orElseThrow();
            assertEquals(source.reorderDelay() * duration, firstPts);
            assertTrue(source.reorderDelay() >= 1, "B-frames need a reorder delay");
            checkFramesTileTheFile(frames, Files.size(dir.resolve(file)));
        }
    }

    private List<Packet> probePackets() throws Exception {
        String csv = Ffmpeg.ffprobe(dir, "-select_streams", "v:0", "-show_entries", "packet=pts,dts,flags",
                "-of", "csv=p=0", "clip.mp4");
        List<Packet> packets = new ArrayList<>();
        for (String line : csv.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.trim().split(",");
            packets.add(new Packet(Long.parseLong(fields[0]), Long.parseLong(fields[1]), fields[2].startsWith("K")));
        }
        return packets;
    }

    private static int[] ranks(long[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(values[a], values[b]));
        int[] ranks = new int[values.length];
        for (int rank = 0; rank < order.length; rank++) {
            ranks[order[rank]] = rank;
        }
        return ranks;
    }

    private static List<MediaFrame> readAll(AnnexBSource source) throws IOException {
        List<MediaFrame> frames = new ArrayList<>();
        MediaFrame frame = new MediaFrame();
        while (source.next(frame)) {
            frames.add(new MediaFrame().set(frame.buffer, frame.offset, frame.length, frame.pts, frame.dts,
                    frame.keyframe, frame.index, frame.fileOffset));
        }
        return frames;
    }

    private static void checkFramesTileTheFile(List<MediaFrame> frames, long size) {
        assertEquals(0, frames.get(0).offset);
        for (int i = 0; i < frames.size(); i++) {
            MediaFrame frame = frames.get(i);
            assertEquals(0, frame.buffer.get(frame.offset));
            assertEquals(0, frame.buffer.get(frame.offset + 1));
            long end = i + 1 < frames.size() ? frames.get(i + 1).offset : size;
            assertEquals(end, frame.offset + frame.length, "frame " + i + " ends where the next begins");
        }
    }

    // ---- synthetic streams ----

    private static final byte[] START = {0, 0, 0, 1};

    /** Baseline SPS: id 0, log2_max_frame_num 4, pic_order_cnt_type 2, no VUI. */
    private static byte[] sps() {
        BitWriter w = new BitWriter().u(8, 0x67).u(8, 66).u(8, 0xC0).u(8, 30).ue(0).ue(0).ue(2).ue(1).u(1, 0)
                .ue(1).ue(1).u(1, 1).u(1, 1).u(1, 0).u(1, 0);
        return w.finish();
    }

    private static byte[] pps() {
        return new BitWriter().u(8, 0x68).ue(0).ue(0).u(1, 0).u(1, 0).ue(0).finish();
    }

    private static byte[] slice(boolean idr, int frameNum, int firstMb) {
        BitWriter w = new BitWriter().u(8, idr ? 0x65 : 0x41).ue(firstMb).ue(idr ? 7 : 5).ue(0).u(4, frameNum);
        if (idr) {
            w.ue(0);
        }
        return w.u(8, 0xAB).finish();
    }

    private static byte[] join(byte[]... units) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] unit : units) {
            out.writeBytes(START);
            out.writeBytes(unit);
        }
        return out.toByteArray();
    }

    @Test
    void shouldUseFallbackRateAndDecodeOrderForPocType2WithMultiSlicePictures() throws Exception {
        byte[] stream = join(sps(), pps(), slice(true, 0, 0), slice(true, 0, 2), // IDR of two slices
                slice(false, 1, 0), slice(false, 2, 0), slice(false, 2, 2),
                sps(), pps(), slice(true, 0, 0));
        Path file = dir.resolve("synthetic.h264");
        Files.write(file, stream);

        try (AnnexBSource source = new AnnexBSource(file, Codec.H264, 25)) {
            assertFalse(source.frameRateFromVui());
            assertEquals(25, source.frameRate(), 1e-9);
            List<MediaFrame> frames = readAll(source);
            assertEquals(4, frames.size());
            boolean[] keyframes = {true, false, false, true};
            for (int i = 0; i < 4; i++) {
                assertEquals(i * 3600L, frames.get(i).dts);
                assertEquals(i * 3600L, frames.get(i).pts, "type 2: presentation order is decode order");
                assertEquals(keyframes[i], frames.get(i).keyframe);
            }
            assertEquals(0, source.reorderDelay());
            checkFramesTileTheFile(frames, stream.length);
            source.rewind();
            MediaFrame again = new MediaFrame();
            assertTrue(source.next(again));
            assertEquals(0, again.index);
        }
        assertEquals(Codec.H264, AnnexBSource.detectCodec(ByteBuffer.wrap(stream)));
    }

    @Test
    void shouldRejectFilesThatAreNotAnnexB() throws Exception {
        Path noStartCode = dir.resolve("a.h264");
        Files.write(noStartCode, new byte[] {1, 2, 3, 4, 5});
        MediaFormatException e = assertThrows(MediaFormatException.class,
                () -> new AnnexBSource(noStartCode, Codec.H264));
        assertEquals(noStartCode + ": no start code (00 00 01) in 5 bytes: not an Annex B H264 stream (at byte 0)",
                e.getMessage());

        Path junk = dir.resolve("b.h264");
        Files.write(junk, new byte[] {7, 0, 0, 0, 1, 0x09, (byte) 0xF0});
        e = assertThrows(MediaFormatException.class, () -> new AnnexBSource(junk, Codec.H264));
        assertEquals(junk + ": data before the first start code at byte 2 (at byte 0)", e.getMessage());

        Path forbidden = dir.resolve("c.h264");
        Files.write(forbidden, join(sps(), new byte[] {(byte) 0xE8, 0x11}));
        e = assertThrows(MediaFormatException.class, () -> new AnnexBSource(forbidden, Codec.H264));
        assertTrue(e.getMessage().endsWith("H264 NAL unit with forbidden_zero_bit set (at byte "
                + (4 + sps().length + 4) + ")"), e.getMessage());

        Path orphan = dir.resolve("d.h264");
        Files.write(orphan, join(slice(true, 0, 0)));
        e = assertThrows(MediaFormatException.class, () -> new AnnexBSource(orphan, Codec.H264));
        assertTrue(e.getMessage().contains("H264 NAL unit of type 5: slice refers to PPS 0 before any SPS/PPS"),
                e.getMessage());
    }

    @Test
    void shouldDetectCodecFromFirstNalHeader() {
        assertEquals(Codec.H265, AnnexBSource.detectCodec(ByteBuffer.wrap(new byte[] {0, 0, 0, 1, 0x40, 0x01, 0x0C})));
        assertEquals(Codec.H265, AnnexBSource.detectCodec(ByteBuffer.wrap(new byte[] {0, 0, 1, 0x46, 0x01, 0x50})));
        assertEquals(Codec.H264, AnnexBSource.detectCodec(ByteBuffer.wrap(new byte[] {0, 0, 1, 0x09, (byte) 0xF0})));
        assertEquals(Codec.H264, AnnexBSource.detectCodec(ByteBuffer.wrap(new byte[] {0, 0, 1, 0x67, 0x42, 0})));
        assertEquals(Codec.H264, AnnexBSource.detectCodec(ByteBuffer.wrap(new byte[] {0, 0, 1, 0x06, 0x05, 0x10})));
        assertNull(AnnexBSource.detectCodec(ByteBuffer.wrap(new byte[70_000])));
        ByteBuffer late = ByteBuffer.allocate(70_000);
        late.put(66_000, (byte) 1);
        assertNull(AnnexBSource.detectCodec(late), "start code beyond the first 64 KiB");
    }
}

package io.salvo.demo.media;

import static io.salvo.demo.media.Mp4Bytes.box;
import static io.salvo.demo.media.Mp4Bytes.bytes;
import static io.salvo.demo.media.Mp4Bytes.find;
import static io.salvo.demo.media.Mp4Bytes.text;
import static io.salvo.demo.media.Mp4Bytes.u16;
import static io.salvo.demo.media.Mp4Bytes.u32;
import static io.salvo.demo.media.Mp4Bytes.u64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Mp4SourceTest {
    private static final String[] STBL = {"moov", "trak", "mdia", "minf", "stbl"};
    private static final String[] AVC1 = {"moov", "trak", "mdia", "minf", "stbl", "stsd", "avc1"};
    private static final String[] AVCC = {"moov", "trak", "mdia", "minf", "stbl", "stsd", "avc1", "avcC"};

    @TempDir
    static Path dir;
    private static final Map<String, Path> CLIPS = new HashMap<>();

    /** The test clips, 320x240 at 25 fps, made once each; B-frames and a key frame every 12 frames. */
    static synchronized Path clip(String name) {
        return CLIPS.computeIfAbsent(name, n -> {
            List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25"));
            List<String> x264 = List.of("-c:v", "libx264", "-bf", "2", "-g", "12");
            List<String> x265 = List.of("-c:v", "libx265", "-preset", "veryfast", "-bf", "2",
                    "-x265-params", "log-level=error:keyint=12");
            switch (n) {
                case "h264.mp4": // moov after mdat
                case "h264.mov":
                case "h264.m4v":
                    args.addAll(List.of("-t", "2"));
                    args.addAll(x264);
                    break;
                case "h264-faststart.mp4": // moov before mdat
                    args.addAll(List.of("-t", "2", "-movflags", "+faststart"));
                    args.addAll(x264);
                    break;
                case "h265-hvc1.mp4":
                    args.addAll(List.of("-t", "2", "-tag:v", "hvc1"));
                    args.addAll(x265);
                    break;
                case "h265-hev1.mp4":
                    args.addAll(List.of("-t", "1"));
                    args.addAll(x265);
                    break;
                case "audio-first.mp4": // track 1 audio, track 2 video
                    args.addAll(List.of("-f", "lavfi", "-i", "sine", "-t", "1", "-map", "1:a", "-map", "0:v",
                            "-c:a", "aac"));
                    args.addAll(x264);
                    break;
                case "intra.mp4": // every sample a key frame: no stss
                    args.addAll(List.of("-t", "1", "-c:v", "libx264", "-g", "1"));
                    break;
                case "negative-cts.mp4": // ctts version 1, negative offsets
                    args.addAll(List.of("-t", "1", "-movflags", "+negative_cts_offsets"));
                    args.addAll(x264);
                    break;
                case "fragmented.mp4":
                    args.addAll(List.of("-t", "1", "-movflags", "frag_keyframe+empty_moov"));
                    args.addAll(x264);
                    break;
                default:
                    throw new IllegalArgumentException(n);
            }
            return FfmpegJudge.encode(dir.resolve(n), args.toArray(new String[0]));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h264.mp4", "h264-faststart.mp4", "h264.mov", "h264.m4v", "h265-hvc1.mp4",
        "h265-hev1.mp4", "audio-first.mp4", "intra.mp4", "negative-cts.mp4"})
    void shouldMatchFfprobeSampleBySample(String name) throws IOException {
        Path file = clip(name);
        List<Map<String, String>> expected = FfmpegJudge.packets(file, "v:0");
        try (Mp4Source source = new Mp4Source(file)) {
            assertEquals("1/" + source.timescale(), FfmpegJudge.stream(file, "v:0").get("time_base"));
            assertEquals(name.startsWith("h265") ? Codec.H265 : Codec.H264, source.codec());
            assertEquals(name.startsWith("h265-hev1") ? "hev1" : name.startsWith("h265") ? "hvc1" : "avc1",
                    source.sampleEntry());
            assertEquals(320, source.width());
            assertEquals(240, source.height());
            assertEquals(expected.size(), source.sampleCount());

            List<FrameSnapshots.Snapshot> frames = FrameSnapshots.readAll(source);
            assertEquals(expected.size(), frames.size());
            int keyframes = 0;
            for (int i = 0; i < frames.size(); i++) {
                FrameSnapshots.Snapshot f = frames.get(i);
                Map<String, String> p = expected.get(i);
                String at = " of sample " + i;
                assertEquals(Integer.parseInt(p.get("size")), f.length(), "size" + at);
                assertEquals(Long.parseLong(p.get("pos")), f.fileOffset(), "pos" + at);
                assertEquals(Long.parseLong(p.get("pts")), f.pts(), "pts" + at);
                assertEquals(Long.parseLong(p.get("dts")), f.dts(), "dts" + at);
                assertEquals(p.get("flags").startsWith("K"), f.keyframe(), "key flag" + at);
                assertEquals(i, f.index());
                keyframes += f.keyframe() ? 1 : 0;
            }
            assertTrue(keyframes >= 2, "several key frames");
            assertTrue(frames.stream().anyMatch(f -> f.pts() != f.dts()) || name.equals("intra.mp4"),
                    "B-frames reorder");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h264.mp4", "h264.mov", "h265-hvc1.mp4", "h265-hev1.mp4"})
    void shouldHandOutLengthPrefixedFramesAndTheConfigRecord(String name) throws IOException {
        Path file = clip(name);
        try (Mp4Source source = new Mp4Source(file)) {
            assertEquals(4, source.nalLengthSize());
            ByteBuffer config = source.codecConfig();
            assertEquals(1, config.get(0), "configurationVersion 1");
            assertTrue(config.isDirect() && config.isReadOnly(), "a view of the mapping");
            byte[] configBytes = new byte[config.remaining()];
            config.get(configBytes);
            assertArrayEquals(FfmpegJudge.extradata(file, "v:0"), configBytes, "avcC/hvcC payload = ffmpeg's extradata");

            for (FrameSnapshots.Snapshot f : FrameSnapshots.readAll(source)) {
                int p = f.offset();
                int end = f.offset() + f.length();
                int nals = 0;
                while (p < end) {
                    assertTrue(end - p >= 4, "room for a length prefix in sample " + f.index());
                    p += 4 + f.buffer().getInt(p);
                    nals++;
                }
                assertEquals(end, p, "NAL lengths of sample " + f.index() + " walk exactly to its end");
                assertTrue(nals >= 1);
            }
        }
    }

    @Test
    void shouldHandOutViewsOfOneDirectMapping() throws IOException {
        try (Mp4Source source = new Mp4Source(clip("h264.mp4"))) {
            List<FrameSnapshots.Snapshot> frames = FrameSnapshots.readAll(source);
            ByteBuffer mapping = frames.get(0).buffer();
            assertTrue(mapping.isDirect());
            assertEquals(Files.size(source.path()), mapping.capacity());
            for (FrameSnapshots.Snapshot f : frames) {
                assertSame(mapping, f.buffer());
                assertEquals(f.fileOffset(), f.offset());
            }
        }
    }

    @Test
    void shouldReturnTheSameFramesAfterRewindAndCloseIdempotently() throws IOException {
        Mp4Source source = new Mp4Source(clip("h264.mp4"));
        List<FrameSnapshots.Snapshot> first = FrameSnapshots.readAll(source);
        source.rewind();
        assertEquals(first, FrameSnapshots.readAll(source));
        assertFalse(source.next(new MediaFrame()), "still at the end");
        source.close();
        source.close();
        assertThrows(IllegalStateException.class, () -> source.next(new MediaFrame()));
        assertThrows(IllegalStateException.class, source::rewind);
    }

    /** FrameSnapshots of {@code file} without their buffer (which differs between files). */
    private static List<List<Long>> fields(Path file) throws IOException {
        try (Mp4Source source = new Mp4Source(file)) {
            List<List<Long>> out = new ArrayList<>();
            for (FrameSnapshots.Snapshot f : FrameSnapshots.readAll(source)) {
                out.add(List.of((long) f.offset(), (long) f.length(), f.pts(), f.dts(), f.keyframe() ? 1L : 0L));
            }
            return out;
        }
    }

    @Test
    void shouldReadALargesizeMdat() throws IOException {
        Path original = clip("h264-faststart.mp4");
        byte[] b = Files.readAllBytes(original);
        // ffmpeg leaves an 8-byte 'free' box just before mdat: turn both headers into one 16-byte mdat header
        int free = find(b, "free");
        int mdat = find(b, "mdat");
        assertEquals(free + 8, mdat);
        long mdatSize = Mp4Bytes.u32(b, mdat);
        ByteBuffer.wrap(b, free, 16)
                .putInt(1)                       // size 1: a largesize follows
                .put(text("mdat"))               // type
                .putLong(mdatSize + 8);          // largesize, header now 16 bytes
        Path file = Files.write(dir.resolve("largesize.mp4"), b);
        assertEquals(fields(original), fields(file));
    }

    @Test
    void shouldReadAnMdatOfSizeZeroToTheEndOfTheFile() throws IOException {
        Path original = clip("h264-faststart.mp4");
        byte[] b = Files.readAllBytes(original);
        Mp4Bytes.put32(b, find(b, "mdat"), 0);
        assertEquals(fields(original), fields(Files.write(dir.resolve("size0.mp4"), b)));
    }

    @Test
    void shouldReadCo64AndStz2() throws IOException {
        Path original = clip("h264.mp4"); // moov last: growing moov moves no sample
        byte[] b = Files.readAllBytes(original);
        byte[] stco = Mp4Bytes.box(b, find(b, concat(STBL, "stco")));
        int chunks = (int) Mp4Bytes.u32(stco, 12);
        ByteArrayOutputStream co64 = new ByteArrayOutputStream();
        co64.writeBytes(u32(0));                             // version 0, flags 0
        co64.writeBytes(u32(chunks));                        // entry_count
        for (int i = 0; i < chunks; i++) {
            co64.writeBytes(u64(Mp4Bytes.u32(stco, 16 + 4 * i))); // chunk_offset (u64)
        }
        b = Mp4Bytes.replace(b, box("co64", co64.toByteArray()), concat(STBL, "stco"));

        byte[] stsz = Mp4Bytes.box(b, find(b, concat(STBL, "stsz")));
        int samples = (int) Mp4Bytes.u32(stsz, 16);
        ByteArrayOutputStream stz2 = new ByteArrayOutputStream();
        stz2.writeBytes(u32(0));                             // version 0, flags 0
        stz2.writeBytes(bytes(0, 0, 0, 16));                 // reserved (24 bits), field_size 16
        stz2.writeBytes(u32(samples));                       // sample_count
        for (int i = 0; i < samples; i++) {
            long size = Mp4Bytes.u32(stsz, 20 + 4 * i);
            assertTrue(size < 65536, "fits 16 bits");
            stz2.writeBytes(u16((int) size));                // entry_size (u16)
        }
        b = Mp4Bytes.replace(b, box("stz2", stz2.toByteArray()), concat(STBL, "stsz"));
        Path file = Files.write(dir.resolve("co64-stz2.mp4"), b);
        assertEquals(-1, find(b, concat(STBL, "stco")));
        assertEquals(fields(original), fields(file));
    }

    @Test
    void shouldReadAHandBuiltFile() throws IOException {
        byte[] avcC = bytes(
            1,                                   // configurationVersion
            0x42, 0x00, 0x1e,                    // profile, compatibility, level
            0xFD,                                // reserved (6 bits) | lengthSizeMinusOne 1: 2-byte lengths
            0xE0,                                // reserved (3 bits) | 0 SPS
            0);                                  // 0 PPS
        byte[] ftyp = box("ftyp", text("isom"), u32(0x200), text("isom"));   // 20 bytes
        byte[] samples = bytes(
            0, 3, 0x65, 0xAA, 0xBB,              // sample 0 at 36: one NAL of 3 bytes
            0, 4, 0x41, 1, 2, 3,                 // sample 1 at 41
            0xEE, 0xEE, 0xEE,                    // 3 bytes between the chunks
            0, 5, 0x41, 4, 5, 6, 7);             // sample 2 at 50 (chunk 2)
        ByteBuffer mdat = ByteBuffer.allocate(16 + samples.length)
                .putInt(1)                       // size 1: largesize follows
                .put(text("mdat"))
                .putLong(16 + samples.length)    // largesize
                .put(samples);
        byte[] moov = box("moov", box("trak",
            box("edts", box("elst",
                u32(0x01000000),                 // version 1, flags 0
                u32(1),                          // entry_count
                u64(30),                         // segment_duration (movie timescale)
                u64(1),                          // media_time: 1 (media timescale)
                u32(0x00010000))),               // media_rate 1.0
            box("mdia",
                box("mdhd",
                    u32(0x01000000),             // version 1, flags 0
                    u64(0), u64(0),              // creation, modification time
                    u32(1000),                   // timescale
                    u64(30),                     // duration
                    u32(0)),                     // language, pre_defined
                box("hdlr",
                    u32(0),                      // version 0, flags 0
                    u32(0),                      // pre_defined
                    text("vide"),                // handler_type
                    new byte[12],                // reserved
                    bytes(0)),                   // name ""
                box("minf", box("stbl",
                    box("stsd",
                        u32(0),                  // version, flags
                        u32(1),                  // entry_count
                        box("avc3",
                            new byte[6], u16(1), // reserved, data_reference_index
                            new byte[16],        // pre_defined, reserved
                            u16(640), u16(360),  // width, height
                            u32(0x00480000), u32(0x00480000), // 72 dpi
                            u32(0), u16(1),      // reserved, frame_count
                            new byte[32],        // compressorname
                            u16(0x18), u16(0xFFFF), // depth, pre_defined
                            box("avcC", avcC))),
                    box("stts", u32(0), u32(1),  // version/flags, entry_count
                        u32(3), u32(10)),        // 3 samples of 10 ticks
                    box("ctts", u32(0x01000000), u32(3), // version 1, entry_count
                        u32(1), u32(10),         // sample 0: +10
                        u32(1), u32(-10),        // sample 1: -10 (signed)
                        u32(1), u32(0)),         // sample 2: 0
                    box("stsc", u32(0), u32(2),  // version/flags, entry_count
                        u32(1), u32(2), u32(1),  // from chunk 1: 2 samples per chunk, description 1
                        u32(2), u32(1), u32(1)), // from chunk 2: 1 sample per chunk
                    box("stz2", u32(0),          // version/flags
                        bytes(0, 0, 0, 4),       // reserved, field_size 4
                        u32(3),                  // sample_count
                        bytes(0x56, 0x70)),      // sizes 5, 6 | 7, padding nibble
                    box("co64", u32(0), u32(2),  // version/flags, entry_count
                        u64(36), u64(50)))))));   // chunk offsets; no stss: every sample is a sync sample
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(ftyp);
        file.writeBytes(mdat.array());
        file.writeBytes(moov);
        Path path = Files.write(dir.resolve("hand.mp4"), file.toByteArray());

        try (Mp4Source source = new Mp4Source(path)) {
            assertEquals(Codec.H264, source.codec());
            assertEquals("avc3", source.sampleEntry());
            assertEquals(1000, source.timescale());
            assertEquals(640, source.width());
            assertEquals(360, source.height());
            assertEquals(2, source.nalLengthSize());
            ByteBuffer config = source.codecConfig();
            byte[] configBytes = new byte[config.remaining()];
            config.get(configBytes);
            assertArrayEquals(avcC, configBytes);
            List<FrameSnapshots.Snapshot> frames = FrameSnapshots.readAll(source);
            ByteBuffer map = frames.get(0).buffer();
            // pts = (0, 10, 20) + (10, -10, 0) - 1 (the edit's media time);
            // dts = (0, 10, 20) - 1 - 10 (the most negative ctts offset, so that dts <= pts)
            assertEquals(List.of(
                new FrameSnapshots.Snapshot(map, 36, 5, 9, -11, true, 0, 36),
                new FrameSnapshots.Snapshot(map, 41, 6, -1, -1, true, 1, 41),
                new FrameSnapshots.Snapshot(map, 50, 7, 19, 9, true, 2, 50)), frames);
        }
    }

    @Test
    void shouldReturnCompleteSamplesThenReportTruncation() throws IOException {
        Path original = clip("h264-faststart.mp4");
        List<Map<String, String>> expected = FfmpegJudge.packets(original, "v:0");
        byte[] b = Files.readAllBytes(original);
        int cut = find(b, "mdat") + (b.length - find(b, "mdat")) * 3 / 5;
        Path file = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(b, cut));

        int complete = 0;
        while (Long.parseLong(expected.get(complete).get("pos")) + Long.parseLong(expected.get(complete).get("size"))
                <= cut) {
            complete++;
        }
        long pos = Long.parseLong(expected.get(complete).get("pos"));
        List<IOException> thrown = new ArrayList<>();
        try (Mp4Source source = new Mp4Source(file)) {
            List<FrameSnapshots.Snapshot> frames = FrameSnapshots.readUntilFailure(source, thrown);
            assertEquals(complete, frames.size());
            for (int i = 0; i < complete; i++) {
                assertEquals(Long.parseLong(expected.get(i).get("pts")), frames.get(i).pts());
            }
            assertEquals(1, thrown.size());
            assertInstanceOf(TruncatedMediaException.class, thrown.get(0));
            assertEquals(file + ": truncated: sample " + complete + " declares " + expected.get(complete).get("size")
                    + " bytes but only " + (cut - pos) + " remain (at byte " + pos + ")", thrown.get(0).getMessage());
            assertThrows(TruncatedMediaException.class, () -> source.next(new MediaFrame()), "again");
            source.rewind();
            assertEquals(frames.size(), FrameSnapshots.readUntilFailure(source, new ArrayList<>()).size());
        }
    }

    @Test
    void shouldProbeTheFirstBox() {
        assertTrue(Mp4Source.probe(ByteBuffer.wrap(bytes(0, 0, 0, 32, 'f', 't', 'y', 'p'))));
        assertTrue(Mp4Source.probe(ByteBuffer.wrap(bytes(0, 0, 0, 8, 'w', 'i', 'd', 'e'))));
        assertTrue(Mp4Source.probe(ByteBuffer.wrap(bytes(0, 0, 0, 1, 'm', 'd', 'a', 't'))));
        assertTrue(Mp4Source.probe(ByteBuffer.wrap(bytes(0, 0, 0, 0, 'm', 'o', 'o', 'v'))));
        assertTrue(Mp4Source.probe(ByteBuffer.wrap(bytes(0, 0, 0, 8, 'f', 'r', 'e', 'e'))));
        assertTrue(Mp4Source.probe(ByteBuffer.wrap(bytes(0, 0, 0, 8, 's', 'k', 'i', 'p'))));
        assertFalse(Mp4Source.probe(ByteBuffer.wrap(bytes(0, 0, 0, 4, 'f', 't', 'y', 'p'))), "size below 8");
        assertFalse(Mp4Source.probe(ByteBuffer.wrap(bytes('D', 'K', 'I', 'F', 0, 0, 32, 0))));
        assertFalse(Mp4Source.probe(ByteBuffer.wrap(bytes(0, 0, 0, 32, 'f', 't', 'y'))), "too short");
        ByteBuffer shifted = ByteBuffer.wrap(bytes(9, 9, 0, 0, 0, 32, 'f', 't', 'y', 'p'));
        assertFalse(Mp4Source.probe(shifted));
        assertTrue(Mp4Source.probe(shifted.position(2)));
    }

    private static String[] concat(String[] path, String... more) {
        String[] out = Arrays.copyOf(path, path.length + more.length);
        System.arraycopy(more, 0, out, path.length, more.length);
        return out;
    }

    private static UnaryOperator<byte[]> patch(Function<byte[], Integer> at, int... values) {
        return b -> {
            int p = at.apply(b);
            for (int i = 0; i < values.length; i++) {
                b[p + i] = (byte) values[i];
            }
            return b;
        };
    }

    private static UnaryOperator<byte[]> patch32(Function<byte[], Integer> at, long value) {
        return b -> {
            Mp4Bytes.put32(b, at.apply(b), value);
            return b;
        };
    }

    static Stream<Arguments> malformed() {
        String fast = "h264-faststart.mp4";
        String last = "h264.mp4";
        Function<byte[], Integer> stts = b -> find(b, concat(STBL, "stts"));
        Function<byte[], Integer> stco = b -> find(b, concat(STBL, "stco"));
        return Stream.of(
            Arguments.of("not an MP4", fast, patch(b -> 4, 'D', 'K', 'I', 'F'), MediaFormatException.class,
                (Function<byte[], String>) b -> "not an MP4 or MOV file: the first box is 'DKIF' of 32 bytes;"
                    + " expected ftyp, moov, mdat, free, skip or wide (at byte 0)"),
            Arguments.of("unsupported sample entry", fast, patch(b -> find(b, AVC1) + 4, 'm', 'p', '4', 'v'),
                MediaFormatException.class,
                (Function<byte[], String>) b -> "the first video track's sample entry is 'mp4v'; supported: avc1,"
                    + " avc3 (H.264), hvc1, hev1 (H.265) (at byte " + find(b, AVC1) + ")"),
            Arguments.of("avcC version 2", fast, patch(b -> find(b, AVCC) + 8, 2), MediaFormatException.class,
                (Function<byte[], String>) b -> "avcC configurationVersion is 2, expected 1 (at byte "
                    + find(b, AVCC) + ")"),
            Arguments.of("3-byte NAL lengths", fast, patch(b -> find(b, AVCC) + 12, 0xFE), MediaFormatException.class,
                (Function<byte[], String>) b -> "avcC lengthSizeMinusOne is 2: 3-byte NAL length prefixes are not"
                    + " allowed (at byte " + find(b, AVCC) + ")"),
            Arguments.of("no avcC", fast, patch(b -> find(b, AVCC) + 7, 'X'), MediaFormatException.class,
                (Function<byte[], String>) b -> "sample entry 'avc1' has no 'avcC' box (at byte " + find(b, AVC1)
                    + ")"),
            Arguments.of("no video track", fast,
                patch(b -> find(b, "moov", "trak", "mdia", "hdlr") + 16, 's', 'o', 'u', 'n'),
                MediaFormatException.class,
                (Function<byte[], String>) b -> "no video track (handler 'vide') in moov (at byte "
                    + find(b, "moov") + ")"),
            Arguments.of("mdhd timescale 0", fast, patch32(b -> find(b, "moov", "trak", "mdia", "mdhd") + 20, 0),
                MediaFormatException.class,
                (Function<byte[], String>) b -> "video track has no 'mdhd' box or its timescale is 0 (at byte "
                    + find(b, "moov", "trak") + ")"),
            Arguments.of("stts entry count too big", fast, patch32(b -> stts.apply(b) + 12, 1000),
                MediaFormatException.class,
                (Function<byte[], String>) b -> "stts declares 1000 entries of 8 bytes but holds 8 bytes (at byte "
                    + stts.apply(b) + ")"),
            Arguments.of("stts covers too few samples", fast, patch32(b -> stts.apply(b) + 16, 10),
                MediaFormatException.class,
                (Function<byte[], String>) b -> "stts covers 10 samples but the size table has 50 (at byte "
                    + stts.apply(b) + ")"),
            Arguments.of("stss names sample 0", fast, patch32(b -> find(b, concat(STBL, "stss")) + 16, 0),
                MediaFormatException.class,
                (Function<byte[], String>) b -> "stss names sample 0 of 50 (at byte " + find(b, concat(STBL, "stss"))
                    + ")"),
            Arguments.of("stsc sample description 2", fast, patch32(b -> find(b, concat(STBL, "stsc")) + 24, 2),
                MediaFormatException.class,
                (Function<byte[], String>) b -> "stsc entry 0 uses sample description 2; only the first is"
                    + " supported (at byte " + find(b, concat(STBL, "stsc")) + ")"),
            Arguments.of("child box past its parent", fast, patch32(stco, 1000), MediaFormatException.class,
                (Function<byte[], String>) b -> "box 'stco' declares 1000 bytes but its parent 'stbl' ends at byte "
                    + (find(b, STBL) + Mp4Bytes.u32(b, find(b, STBL))) + " (at byte " + stco.apply(b) + ")"),
            Arguments.of("impossible box size", fast, patch32(stco, 4), MediaFormatException.class,
                (Function<byte[], String>) b -> "box 'stco' has impossible size 4 (at byte " + stco.apply(b) + ")"),
            Arguments.of("no moov", fast, (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, find(b, "moov")),
                MediaFormatException.class,
                (Function<byte[], String>) b -> "no moov box in the file (at byte 0)"),
            Arguments.of("cut inside moov", last,
                (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, find(b, "moov") + 100), TruncatedMediaException.class,
                (Function<byte[], String>) b -> "truncated: 'moov' declares " + Mp4Bytes.u32(b, find(b, "moov"))
                    + " bytes but only 100 remain (at byte " + find(b, "moov") + ")"),
            Arguments.of("cut inside mdat before moov", last,
                (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, find(b, "mdat") + 1000), TruncatedMediaException.class,
                (Function<byte[], String>) b -> "truncated: 'mdat' declares " + Mp4Bytes.u32(b, find(b, "mdat"))
                    + " bytes but only 1000 remain, and no moov box came before it (at byte " + find(b, "mdat")
                    + ")"),
            Arguments.of("fragmented", "fragmented.mp4", (UnaryOperator<byte[]>) b -> b, MediaFormatException.class,
                (Function<byte[], String>) b -> "fragmented MP4 is not supported (an mvex box in moov) (at byte "
                    + find(b, "moov", "mvex") + ")"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldReportMalformedInputWithFileAndOffset(String name, String clip, UnaryOperator<byte[]> mutate,
                                                     Class<? extends MediaFormatException> type,
                                                     Function<byte[], String> message) throws IOException {
        byte[] original = Files.readAllBytes(clip(clip));
        Path file = Files.write(dir.resolve(name.replace(' ', '_') + ".mp4"), mutate.apply(original.clone()));
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> new Mp4Source(file).close());
        assertInstanceOf(type, e);
        assertNotNull(e.path());
        assertEquals(file + ": " + message.apply(original), e.getMessage());
    }
}

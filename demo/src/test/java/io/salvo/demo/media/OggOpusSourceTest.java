package io.salvo.demo.media;

import static io.salvo.demo.media.OggWriter.concat;
import static io.salvo.demo.media.OggWriter.le16;
import static io.salvo.demo.media.OggWriter.le32;
import static io.salvo.demo.media.OggWriter.packet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OggOpusSourceTest {
    private static final long SERIAL = 0x5A1F0;
    private static final byte[] OPUS_HEAD = concat(
        "OpusHead",                 // magic
        1,                          // version 1 (major 0)
        2,                          // 2 channels
        le16(312),                  // pre-skip 312
        le32(44100),                // input sample rate
        le16(-256),                 // output gain -1 dB (Q7.8)
        0);                         // mapping family 0
    private static final byte[] OPUS_TAGS = concat(
        "OpusTags",                 // magic
        le32(5), "salvo",           // vendor string
        le32(0));                   // no comments
    // audio packets; TOC 0xF8 = config 31 (CELT, 20 ms) code 0: 960 samples
    private static final byte[] A = packet(0xF8, 3);
    private static final byte[] B = packet(0xF8, 300);                 // spans pages 2-3
    private static final byte[] C = packet(0xF9, 10);                  // code 1: 2 frames, 1920 samples
    private static final byte[] D = concat(0xFB, 3, Arrays.copyOfRange(packet(0, 600), 2, 600)); // code 3, 3 frames
    private static final byte[] E = packet(0xF8, 5);

    @TempDir
    static Path dir;
    private static final Map<String, Path> CLIPS = new HashMap<>();

    /** A hand-built file and where its pages start. */
    record HandBuilt(byte[] bytes, int[] pages) {
        /** A copy of the bytes with {@code page}'s CRC recomputed after {@code patch}. */
        byte[] patched(int page, java.util.function.Consumer<byte[]> patch) {
            byte[] b = bytes.clone();
            patch.accept(b);
            int end = page + 1 < pages.length ? pages[page + 1] : b.length;
            byte[] p = Arrays.copyOfRange(b, pages[page], end);
            ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putInt(22, 0);
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(pages[page] + 22, OggWriter.crc(p));
            return b;
        }
    }

    /**
     * Seven pages: OpusHead, OpusTags, then A and the first 255 bytes of B; the rest of B and C;
     * D over three pages (the last also holding E, end of stream, granule trimmed by 100).
     */
    static HandBuilt handBuilt() {
        OggWriter w = new OggWriter();
        int[] p = new int[7];
        p[0] = w.page(0x02, 0, SERIAL, 0, new int[] {19}, OPUS_HEAD);                  // bos
        p[1] = w.page(0x00, 0, SERIAL, 1, new int[] {OPUS_TAGS.length}, OPUS_TAGS);
        p[2] = w.page(0x00, 960, SERIAL, 2, new int[] {3, 255},                         // A ends: 960
            concat(A, Arrays.copyOfRange(B, 0, 255)));
        p[3] = w.page(0x01, 3840, SERIAL, 3, new int[] {45, 10},                        // continued; B, C end
            concat(Arrays.copyOfRange(B, 255, 300), C));
        p[4] = w.page(0x00, -1, SERIAL, 4, new int[] {255}, Arrays.copyOfRange(D, 0, 255)); // no packet ends
        p[5] = w.page(0x01, -1, SERIAL, 5, new int[] {255}, Arrays.copyOfRange(D, 255, 510));
        p[6] = w.page(0x05, 7580, SERIAL, 6, new int[] {90, 5},                          // continued, eos
            concat(Arrays.copyOfRange(D, 510, 600), E));
        return new HandBuilt(w.bytes(), p);
    }

    /** OpusHead, OpusTags and one page (eos) with the given small packets. */
    static HandBuilt minimal(byte[]... packets) {
        OggWriter w = new OggWriter();
        int[] p = new int[3];
        p[0] = w.page(0x02, 0, SERIAL, 0, new int[] {19}, OPUS_HEAD);
        p[1] = w.page(0x00, 0, SERIAL, 1, new int[] {OPUS_TAGS.length}, OPUS_TAGS);
        int[] lacing = Arrays.stream(packets).mapToInt(x -> x.length).toArray();
        p[2] = w.page(0x04, 960, SERIAL, 2, lacing, concat((Object[]) packets));
        return new HandBuilt(w.bytes(), p);
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void shouldRefuseFilesAboveTwoGibibytesNamingTheSizeAndTheLimit() throws IOException {
        Path big = dir.resolve("big.opus");
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            raf.setLength(3L << 30); // sparse: no disk used
        }
        try {
            MediaFormatException e = assertThrows(MediaFormatException.class, () -> new OggOpusSource(big));
            assertEquals(big + ": file is 3221225472 bytes; salvo reads Ogg Opus files of at most 2147483647 bytes"
                    + " (2 GiB - 1), mapped in one piece (Annex B, MP4 and IVF files may be of any size) (at byte 0)",
                    e.getMessage());
        } finally {
            Files.delete(big);
        }
    }

    @Test
    void shouldReadTheHandBuiltFileJoiningPacketsThatSpanPages() throws IOException {
        HandBuilt h = handBuilt();
        try (OggOpusSource source = new OggOpusSource(write("hand.opus", h.bytes()))) {
            assertEquals(Codec.OPUS, source.codec());
            assertEquals(48000, source.timescale());
            assertEquals(2, source.channels());
            assertEquals(312, source.preSkip());
            assertEquals(44100, source.inputSampleRate());
            assertEquals(-256, source.outputGain());
            assertEquals(0, source.mappingFamily());
            ByteBuffer config = source.codecConfig();
            byte[] head = new byte[config.remaining()];
            config.get(head);
            assertArrayEquals(OPUS_HEAD, head);

            List<FrameSnapshots.Snapshot> frames = FrameSnapshots.readAll(source);
            assertEquals(5, frames.size());
            byte[][] expected = {A, B, C, D, E};
            long[] pts = {0, 960, 1920, 3840, 6720};
            int headers = 27 + 2;
            long[] fileOffsets = {h.pages()[2] + headers, h.pages()[2] + headers + 3, h.pages()[3] + 27 + 2 + 45,
                h.pages()[4] + 27 + 1, h.pages()[6] + 27 + 2 + 90};
            ByteBuffer mapping = frames.get(0).buffer();
            for (int i = 0; i < 5; i++) {
                FrameSnapshots.Snapshot f = frames.get(i);
                assertArrayEquals(expected[i], f.bytes(), "bytes of packet " + i);
                assertEquals(pts[i], f.pts(), "pts of packet " + i);
                assertEquals(pts[i], f.dts());
                assertTrue(f.keyframe());
                assertEquals(i, f.index());
                assertEquals(fileOffsets[i], f.fileOffset(), "file offset of packet " + i);
                assertTrue(f.buffer().isDirect());
            }
            for (int i : new int[] {0, 2, 4}) {
                assertSame(mapping, frames.get(i).buffer(), "packet " + i + " is a view of the mapping");
                assertEquals(frames.get(i).fileOffset(), frames.get(i).offset());
            }
            for (int i : new int[] {1, 3}) {
                assertNotSame(mapping, frames.get(i).buffer(), "packet " + i + " was joined");
            }
            assertEquals(2, source.joinedPackets());
            assertEquals(900, source.joinedBytes());
            assertEquals(0, source.granuleMismatches(), "960, 3840 agree; the eos page is trimmed");

            source.rewind();
            List<FrameSnapshots.Snapshot> again = FrameSnapshots.readAll(source);
            assertEquals(frames, again);
            for (int i = 0; i < 5; i++) {
                assertSame(frames.get(i).buffer(), again.get(i).buffer(), "the joined ones from the same pooled copies");
            }
            assertEquals(2, source.joinedPackets(), "a rewind copies nothing again");
            assertEquals(900, source.joinedBytes());
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(expected[i], again.get(i).bytes());
            }
        }
    }

    @Test
    void shouldCountPagesWhoseGranuleDisagrees() throws IOException {
        HandBuilt h = handBuilt();
        byte[] b = h.patched(3, x -> ByteBuffer.wrap(x).order(ByteOrder.LITTLE_ENDIAN).putLong(h.pages()[3] + 6, 3841));
        try (OggOpusSource source = new OggOpusSource(write("granule.opus", b))) {
            assertEquals(5, FrameSnapshots.readAll(source).size());
            assertEquals(1, source.granuleMismatches());
        }
    }

    @Test
    void shouldSkipOtherStreamsAndIgnoreAChainedStream() throws IOException {
        HandBuilt h = handBuilt();
        OggWriter w = new OggWriter();
        byte[] b = h.bytes();
        w.page(0x02, 0, 7, 0, new int[] {8}, concat("\u0080theora!"));       // another stream's bos
        byte[] other = w.bytes();
        OggWriter chained = new OggWriter();
        chained.page(0x02, 0, 9, 0, new int[] {8}, concat("\u0001vorbis\u0000")); // after our eos
        byte[] muxed = concat(Arrays.copyOfRange(b, 0, h.pages()[1]), other,
            Arrays.copyOfRange(b, h.pages()[1], h.pages()[4]), other,
            Arrays.copyOfRange(b, h.pages()[4], b.length), chained.bytes());
        try (OggOpusSource plain = new OggOpusSource(write("plain.opus", b));
             OggOpusSource source = new OggOpusSource(write("muxed.ogg", muxed))) {
            List<FrameSnapshots.Snapshot> expected = FrameSnapshots.readAll(plain);
            List<FrameSnapshots.Snapshot> frames = FrameSnapshots.readAll(source);
            assertEquals(expected.size(), frames.size());
            for (int i = 0; i < frames.size(); i++) {
                assertArrayEquals(expected.get(i).bytes(), frames.get(i).bytes());
                assertEquals(expected.get(i).pts(), frames.get(i).pts());
            }
        }
    }

    /** An ffmpeg clip, made once: mono, stereo, or stereo with big packets on 5-second pages. */
    static synchronized Path clip(String name) {
        return CLIPS.computeIfAbsent(name, n -> {
            List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", "sine=frequency=440:duration=2"));
            switch (n) {
                case "mono.ogg":
                    args.addAll(List.of("-c:a", "libopus"));
                    break;
                case "stereo.opus":
                    args.addAll(List.of("-ac", "2", "-c:a", "libopus"));
                    break;
                default: // "big.ogg": 60 ms packets at 256 kbit/s fill the 255 segments of a page
                    args.addAll(List.of("-ac", "2", "-c:a", "libopus", "-b:a", "256k", "-frame_duration", "60",
                        "-page_duration", "5000000"));
                    break;
            }
            return FfmpegJudge.encode(dir.resolve(n), args.toArray(new String[0]));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"mono.ogg", "stereo.opus", "big.ogg"})
    void shouldMatchFfprobePacketByPacket(String name) throws IOException {
        Path file = clip(name);
        List<Map<String, String>> expected = FfmpegJudge.packets(file, "a:0");
        List<byte[]> data = FfmpegJudge.packetData(file, "a:0");
        Map<String, String> stream = FfmpegJudge.stream(file, "a:0");
        byte[] extradata = FfmpegJudge.extradata(file, "a:0");
        try (OggOpusSource source = new OggOpusSource(file)) {
            assertEquals(Integer.parseInt(stream.get("channels")), source.channels());
            assertEquals(name.equals("mono.ogg") ? 1 : 2, source.channels());
            assertEquals("1/48000", stream.get("time_base"));
            assertEquals(-Long.parseLong(expected.get(0).get("pts")), source.preSkip(),
                    "ffmpeg starts the first packet at -preSkip");
            ByteBuffer config = source.codecConfig();
            byte[] head = new byte[config.remaining()];
            config.get(head);
            assertArrayEquals(extradata, head, "OpusHead = ffmpeg's extradata");
            assertEquals(ByteBuffer.wrap(extradata).order(ByteOrder.LITTLE_ENDIAN).getInt(12),
                    source.inputSampleRate());

            List<FrameSnapshots.Snapshot> frames = FrameSnapshots.readAll(source);
            assertEquals(expected.size(), frames.size());
            ByteBuffer mapping = frames.get(0).buffer();
            for (int i = 0; i < frames.size(); i++) {
                FrameSnapshots.Snapshot f = frames.get(i);
                assertEquals(Long.parseLong(expected.get(i).get("pts")) + source.preSkip(), f.pts(), "pts " + i);
                assertEquals(Integer.parseInt(expected.get(i).get("size")), f.length(), "size " + i);
                assertArrayEquals(data.get(i), f.bytes(), "bytes of packet " + i);
                assertTrue(f.keyframe());
                assertTrue(f.buffer().isDirect());
                if (f.buffer() == mapping) {
                    assertEquals(f.fileOffset(), f.offset());
                }
            }
            long views = frames.stream().filter(f -> f.buffer() == mapping).count();
            assertEquals(frames.size() - source.joinedPackets(), views, "all but the joined packets are views");
            assertEquals(0, source.granuleMismatches());
            if (name.equals("big.ogg")) {
                assertTrue(source.joinedPackets() > 0, "a packet spans pages");
            } else {
                assertEquals(0, source.joinedPackets());
            }
        }
    }

    @Test
    void shouldCloseIdempotentlyAndRefuseReadsAfterClose() throws IOException {
        OggOpusSource source = new OggOpusSource(write("close.opus", handBuilt().bytes()));
        assertTrue(source.next(new MediaFrame()));
        source.close();
        source.close();
        assertThrows(IllegalStateException.class, () -> source.next(new MediaFrame()));
        assertThrows(IllegalStateException.class, source::rewind);
    }

    @Test
    void shouldProbeByCapturePatternAtThePosition() {
        ByteBuffer head = ByteBuffer.wrap(concat(0, "OggS", 0));
        assertFalse(OggOpusSource.probe(head));
        assertTrue(OggOpusSource.probe(head.position(1)));
        assertFalse(OggOpusSource.probe(ByteBuffer.wrap(concat("Ogg"))));
        assertFalse(OggOpusSource.probe(ByteBuffer.wrap(concat("DKIF"))));
    }

    private static byte[] cut(byte[] b, int length) {
        return Arrays.copyOf(b, length);
    }

    private static String crcMessage(byte[] b, int[] pages, int page) {
        int end = page + 1 < pages.length ? pages[page + 1] : b.length;
        byte[] p = Arrays.copyOfRange(b, pages[page], end);
        long stored = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).getInt(22) & 0xFFFF_FFFFL;
        ByteBuffer.wrap(p).putInt(22, 0);
        return String.format("bad CRC in page %d: stored 0x%08x, computed 0x%08x", page, stored,
                OggWriter.crc(p) & 0xFFFF_FFFFL);
    }

    /** Expected message (after "path: ") for the mutated bytes. */
    interface Expected {
        String of(HandBuilt original, byte[] mutated);
    }

    static Stream<Arguments> malformed() {
        HandBuilt h = handBuilt();
        int[] p = h.pages();
        return Stream.of(
            Arguments.of("bad capture pattern", (Function<HandBuilt, byte[]>) x -> {
                byte[] b = x.bytes().clone();
                b[p[4] + 3] = 'X';
                return b;
            }, 3, MediaFormatException.class,
                (Expected) (x, b) -> "not an Ogg page: capture pattern is 'OggX', expected 'OggS' (at byte " + p[4] + ")"),
            Arguments.of("not Ogg at all", (Function<HandBuilt, byte[]>) x -> concat("RIFF", new byte[40]), 0,
                MediaFormatException.class,
                (Expected) (x, b) -> "not an Ogg page: capture pattern is 'RIFF', expected 'OggS' (at byte 0)"),
            Arguments.of("empty file", (Function<HandBuilt, byte[]>) x -> new byte[0], 0, MediaFormatException.class,
                (Expected) (x, b) -> "no Ogg packet in the file (at byte 0)"),
            Arguments.of("bad version", (Function<HandBuilt, byte[]>) x -> x.patched(4, b -> b[p[4] + 4] = 1), 3,
                MediaFormatException.class,
                (Expected) (x, b) -> "unsupported Ogg page version 1, expected 0 (at byte " + p[4] + ")"),
            Arguments.of("bad CRC", (Function<HandBuilt, byte[]>) x -> {
                byte[] b = x.bytes().clone();
                b[p[3] + 40] ^= 0x10;
                return b;
            }, 1, MediaFormatException.class,
                (Expected) (x, b) -> crcMessage(b, p, 3) + " (at byte " + p[3] + ")"),
            Arguments.of("missing page", (Function<HandBuilt, byte[]>) x ->
                concat(Arrays.copyOfRange(x.bytes(), 0, p[5]), Arrays.copyOfRange(x.bytes(), p[6], x.bytes().length)),
                3, MediaFormatException.class,
                (Expected) (x, b) -> "page 5 has sequence number 6, expected 5: a page is missing (at byte " + p[5] + ")"),
            Arguments.of("page does not continue", (Function<HandBuilt, byte[]>) x -> x.patched(3, b -> b[p[3] + 5] = 0),
                1, MediaFormatException.class,
                (Expected) (x, b) -> "page 3 does not continue packet 3 left open by page 2 (at byte " + p[3] + ")"),
            Arguments.of("page continues nothing", (Function<HandBuilt, byte[]>) x -> x.patched(2, b -> b[p[2] + 5] = 1),
                0, MediaFormatException.class,
                (Expected) (x, b) -> "page 2 continues a packet that no earlier page began (at byte " + p[2] + ")"),
            Arguments.of("first page not bos", (Function<HandBuilt, byte[]>) x -> x.patched(0, b -> b[5] = 0), 0,
                MediaFormatException.class,
                (Expected) (x, b) -> "page 0 should begin a stream (header type 0x02) but its header type is 0x0"
                    + " (at byte 0)"),
            Arguments.of("not Opus", (Function<HandBuilt, byte[]>) x -> x.patched(0, b -> System.arraycopy(
                concat(1, "vorbis", 0), 0, b, 28, 8)), 0, MediaFormatException.class,
                (Expected) (x, b) -> "first Ogg stream is not Opus: its first packet starts with '\\x01vorbis\\x00'"
                    + " (at byte 28)"),
            Arguments.of("OpusHead major version 1", (Function<HandBuilt, byte[]>) x ->
                x.patched(0, b -> b[28 + 8] = 0x10), 0, MediaFormatException.class,
                (Expected) (x, b) -> "unsupported OpusHead version 16 (major version 1, expected 0) (at byte 36)"),
            Arguments.of("3 channels in family 0", (Function<HandBuilt, byte[]>) x ->
                x.patched(0, b -> b[28 + 9] = 3), 0, MediaFormatException.class,
                (Expected) (x, b) -> "OpusHead declares 3 channels with mapping family 0, which allows 1 or 2"
                    + " (at byte 37)"),
            Arguments.of("no OpusTags", (Function<HandBuilt, byte[]>) x -> x.patched(1, b -> b[p[1] + 28 + 7] = 'z'),
                0, MediaFormatException.class,
                (Expected) (x, b) -> "the second packet is not OpusTags: it starts with 'OpusTagz' (at byte "
                    + (p[1] + 28) + ")"),
            Arguments.of("page cut", (Function<HandBuilt, byte[]>) x -> cut(x.bytes(), p[4] + 100), 3,
                TruncatedMediaException.class,
                (Expected) (x, b) -> "truncated: page 4 declares 283 bytes but only 100 remain (at byte " + p[4] + ")"),
            Arguments.of("page header cut", (Function<HandBuilt, byte[]>) x -> cut(x.bytes(), p[4] + 10), 3,
                TruncatedMediaException.class,
                (Expected) (x, b) -> "truncated: page 4 header needs at least 27 bytes but only 10 remain (at byte "
                    + p[4] + ")"),
            Arguments.of("segment table cut", (Function<HandBuilt, byte[]>) x -> cut(x.bytes(), p[4] + 27), 3,
                TruncatedMediaException.class,
                (Expected) (x, b) -> "truncated: page 4 header needs 28 bytes but only 27 remain (at byte " + p[4] + ")"),
            Arguments.of("file ends inside a packet", (Function<HandBuilt, byte[]>) x -> cut(x.bytes(), p[5]), 3,
                TruncatedMediaException.class,
                (Expected) (x, b) -> "truncated: the stream ends inside packet 5, which began on page 4 and has 255"
                    + " bytes so far (at byte " + (p[4] + 28) + ")"),
            Arguments.of("empty packet", (Function<HandBuilt, byte[]>) x -> minimal(A, new byte[0]).bytes(), 1,
                MediaFormatException.class,
                (Expected) (x, b) -> "Opus packet 1 of 0 bytes has no valid TOC: it is empty (at byte "
                    + (minimal(A, new byte[0]).pages()[2] + 29 + 3) + ")"),
            Arguments.of("code 3 with 0 frames", (Function<HandBuilt, byte[]>) x -> minimal(concat(0xFB, 0)).bytes(), 0,
                MediaFormatException.class,
                (Expected) (x, b) -> "Opus packet 0 of 2 bytes has no valid TOC: its frame count or duration is"
                    + " impossible (at byte " + (minimal(concat(0xFB, 0)).pages()[2] + 28) + ")"),
            Arguments.of("140 ms packet", (Function<HandBuilt, byte[]>) x -> minimal(concat(0xFB, 7)).bytes(), 0,
                MediaFormatException.class,
                (Expected) (x, b) -> "Opus packet 0 of 2 bytes has no valid TOC: its frame count or duration is"
                    + " impossible (at byte " + (minimal(concat(0xFB, 7)).pages()[2] + 28) + ")"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldReportMalformedInputWithFileAndOffset(String name, Function<HandBuilt, byte[]> mutate, int packetsBefore,
                                                     Class<? extends MediaFormatException> type, Expected message)
            throws IOException {
        HandBuilt h = handBuilt();
        byte[] bytes = mutate.apply(h);
        Path file = write(name.replace(' ', '_') + ".opus", bytes);
        List<IOException> thrown = new ArrayList<>();
        List<FrameSnapshots.Snapshot> frames = new ArrayList<>();
        try (OggOpusSource source = new OggOpusSource(file)) {
            frames = FrameSnapshots.readUntilFailure(source, thrown);
        } catch (MediaFormatException e) {
            thrown.add(e);
        }
        assertEquals(packetsBefore, frames.size(), "complete packets before the error");
        assertEquals(1, thrown.size(), "one exception");
        assertInstanceOf(type, thrown.get(0));
        assertEquals(file + ": " + message.of(h, bytes), thrown.get(0).getMessage());
    }
}

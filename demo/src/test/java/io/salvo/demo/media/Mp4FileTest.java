package io.salvo.demo.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Mp4FileTest {
    @TempDir
    static Path dir;
    private static final Map<String, Path> CLIPS = new HashMap<>();

    /** Clips made once each: H.264 with B-frames + AAC, plus extra tracks where the name says. */
    static synchronized Path clip(String name) {
        return CLIPS.computeIfAbsent(name, n -> {
            try {
                Files.writeString(dir.resolve("s.srt"), "1\n00:00:00,000 --> 00:00:01,000\nhello\n\n"
                        + "2\n00:00:01,000 --> 00:00:02,000\nworld\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            List<String> picture = List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25");
            List<String> sine = List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000");
            List<String> h264 = List.of("-c:v", "libx264", "-bf", "2", "-g", "12");
            List<String> args = new java.util.ArrayList<>();
            switch (n) {
                case "av-sub.mp4": // video, AAC, AC-3, subtitles
                    args.addAll(picture);
                    args.addAll(sine);
                    args.addAll(List.of("-i", dir.resolve("s.srt").toString(), "-t", "2", "-map", "0:v", "-map", "1:a",
                            "-map", "1:a", "-map", "2:s"));
                    args.addAll(h264);
                    args.addAll(List.of("-c:a:0", "aac", "-ac", "2", "-c:a:1", "ac3", "-c:s", "mov_text"));
                    break;
                case "av.mov": // QuickTime: the esds inside a wave box
                    args.addAll(picture);
                    args.addAll(sine);
                    args.addAll(List.of("-t", "1"));
                    args.addAll(h264);
                    args.addAll(List.of("-c:a", "aac"));
                    break;
                case "mp3.mp4": // mp4a with objectTypeIndication 0x6B
                    args.addAll(sine);
                    args.addAll(List.of("-t", "1", "-c:a", "libmp3lame"));
                    break;
                case "aac.m4a":
                    args.addAll(sine);
                    args.addAll(List.of("-t", "1", "-c:a", "aac"));
                    break;
                default:
                    throw new IllegalArgumentException(n);
            }
            return FfmpegJudge.encode(dir.resolve(n), args.toArray(new String[0]));
        });
    }

    @Test
    void shouldListEveryTrackAndSayWhyItCannotStreamSome() throws IOException {
        try (Mp4File mp4 = Mp4File.open(clip("av-sub.mp4"))) {
            assertEquals(List.of(
                    new Mp4File.Track(1, "video", "avc1", Codec.H264, null),
                    new Mp4File.Track(2, "audio", "mp4a", Codec.AAC, null),
                    new Mp4File.Track(3, "audio", "ac-3", null, "sample entry 'ac-3'"),
                    new Mp4File.Track(4, "subtitles", "tx3g", null, "neither video nor audio")), mp4.tracks());
            assertEquals("track 4 (tx3g subtitles)", mp4.tracks().get(3).describe());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> mp4.source(mp4.tracks().get(2)));
            assertEquals("track 3 (ac-3 audio) cannot be streamed: sample entry 'ac-3'", e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"av-sub.mp4", "av.mov"})
    void shouldMatchFfprobeSampleBySampleOnEveryTrack(String name) throws IOException {
        Path file = clip(name);
        try (Mp4File mp4 = Mp4File.open(file)) {
            Mp4TrackSource video = mp4.source(mp4.tracks().get(0));
            Mp4TrackSource audio = mp4.source(mp4.tracks().get(1));
            assertSamples(file, "v:0", video);
            assertSamples(file, "a:0", audio);
            assertEquals("1/" + audio.timescale(), FfmpegJudge.stream(file, "a:0").get("time_base"));
        }
    }

    private static void assertSamples(Path file, String selector, MediaSource source) throws IOException {
        List<Map<String, String>> expected = FfmpegJudge.packets(file, selector);
        List<FrameSnapshots.Snapshot> frames = FrameSnapshots.readAll(source);
        assertEquals(expected.size(), frames.size(), selector);
        for (int i = 0; i < frames.size(); i++) {
            FrameSnapshots.Snapshot f = frames.get(i);
            Map<String, String> p = expected.get(i);
            String at = " of " + selector + " sample " + i;
            assertEquals(Integer.parseInt(p.get("size")), f.length(), "size" + at);
            assertEquals(Long.parseLong(p.get("pos")), f.fileOffset(), "pos" + at);
            assertEquals(Long.parseLong(p.get("pts")), f.pts(), "pts" + at);
            assertEquals(Long.parseLong(p.get("dts")), f.dts(), "dts" + at);
            assertEquals(p.get("flags").startsWith("K"), f.keyframe(), "key flag" + at);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"av-sub.mp4", "av.mov", "aac.m4a"})
    void shouldHandOutTheAudioSpecificConfigAndTheAudioClock(String name) throws IOException {
        Path file = clip(name);
        try (Mp4File mp4 = Mp4File.open(file)) {
            Mp4File.Track track = mp4.tracks().stream().filter(t -> t.codec() == Codec.AAC).findFirst().orElseThrow();
            Mp4TrackSource audio = mp4.source(track);
            assertEquals(Codec.AAC, audio.codec());
            assertEquals("mp4a", audio.sampleEntry());
            assertEquals(48_000, audio.clockRate());
            assertEquals(Integer.parseInt(FfmpegJudge.stream(file, "a:0").get("channels")), audio.channels());
            ByteBuffer config = audio.codecConfig();
            assertTrue(config.isDirect() && config.isReadOnly(), "a view of the mapping");
            byte[] bytes = new byte[config.remaining()];
            config.get(bytes);
            assertArrayEquals(FfmpegJudge.extradata(file, "a:0"), bytes, "the AudioSpecificConfig = ffmpeg's extradata");
        }
    }

    @Test
    void shouldHandOutEveryTrackAsViewsOfOneMapping() throws IOException {
        try (Mp4File mp4 = Mp4File.open(clip("av-sub.mp4"))) {
            MediaFrame video = new MediaFrame();
            MediaFrame audio = new MediaFrame();
            assertTrue(mp4.source(mp4.tracks().get(0)).next(video));
            assertTrue(mp4.source(mp4.tracks().get(1)).next(audio));
            assertSame(video.buffer, audio.buffer);
            assertTrue(video.buffer.isDirect());
            assertEquals(Files.size(mp4.path()), video.buffer.capacity());
            assertSame(mp4.source(mp4.tracks().get(1)), mp4.source(mp4.tracks().get(1)), "one source per track");
        }
    }

    @Test
    void shouldNameAnMp4aThatIsNotAac() throws IOException {
        try (Mp4File mp4 = Mp4File.open(clip("mp3.mp4"))) {
            assertEquals(List.of(new Mp4File.Track(1, "audio", "mp4a", null,
                    "sample entry 'mp4a' with objectTypeIndication 0x6B (MPEG audio, MP3)")), mp4.tracks());
        }
    }

    @Test
    void shouldLeaveAudioOnlyFilesToMp4FileAndKeepMp4SourceForVideo() throws IOException {
        Path file = clip("aac.m4a");
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> new Mp4Source(file).close());
        assertTrue(e.getMessage().contains("no video track (handler 'vide') in moov"), e.getMessage());
        try (Mp4File mp4 = Mp4File.open(file)) {
            assertEquals(1, mp4.tracks().size());
            assertSamples(file, "a:0", mp4.source(mp4.tracks().get(0)));
        }
    }

    @Test
    void shouldCloseTheSourcesWithTheFile() throws IOException {
        Mp4File mp4 = Mp4File.open(clip("aac.m4a"));
        Mp4TrackSource audio = mp4.source(mp4.tracks().get(0));
        mp4.close();
        mp4.close();
        assertThrows(IllegalStateException.class, () -> audio.next(new MediaFrame()));
        assertThrows(IllegalStateException.class, audio::rewind);
    }

    @Test
    void shouldReportAMalformedAudioSpecificConfigWithItsOffset() throws IOException {
        byte[] b = Files.readAllBytes(clip("aac.m4a"));
        int info = decoderSpecificInfo(b);
        b[info] = (byte) ((b[info] & 0xF8) | 0x06);      // samplingFrequencyIndex 13 (reserved): 4 bits over
        b[info + 1] = (byte) ((b[info + 1] & 0x7F) | 0x80); // the byte boundary
        Path file = Files.write(dir.resolve("bad-asc.m4a"), b);
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> Mp4File.open(file).close());
        assertEquals(file + ": esds DecoderSpecificInfo: AudioSpecificConfig samplingFrequencyIndex 13 is reserved"
                + " (at byte " + info + ")", e.getMessage());
    }

    @Test
    void shouldReportAnEsdsWithoutItsEsDescriptor() throws IOException {
        byte[] b = Files.readAllBytes(clip("aac.m4a"));
        int esds = indexOf(b, "esds") - 4;
        b[esds + 12] = 0x07;                                // the ES_Descriptor tag, after the full box header
        Path file = Files.write(dir.resolve("bad-esds.m4a"), b);
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> Mp4File.open(file).close());
        assertEquals(file + ": esds: expected ES_Descriptor (tag 0x03), found tag 0x07 (at byte " + (esds + 12) + ")",
                e.getMessage());
    }

    @Test
    void shouldRefuseAnMp4aWithoutEsds() throws IOException {
        byte[] b = Files.readAllBytes(clip("aac.m4a"));
        int esds = indexOf(b, "esds");
        b[esds] = 'X';
        Path file = Files.write(dir.resolve("no-esds.m4a"), b);
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> Mp4File.open(file).close());
        assertEquals(file + ": sample entry 'mp4a' has no 'esds' box (at byte " + (indexOf(b, "mp4a") - 4) + ")",
                e.getMessage());
        assertFalse(e instanceof TruncatedMediaException);
    }

    /** Offset of the DecoderSpecificInfo's bytes: ffmpeg writes tag 0x05 with a 4-byte size. */
    private static int decoderSpecificInfo(byte[] b) {
        int at = indexOf(b, "esds");
        while (!(b[at] == 0x05 && (b[at + 1] & 0xFF) == 0x80 && (b[at + 2] & 0xFF) == 0x80)) {
            at++;
        }
        return at + 5;
    }

    private static int indexOf(byte[] b, String type) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i + 4 <= b.length; i++) {
            for (int k = 0; k < 4; k++) {
                if (b[i + k] != t[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

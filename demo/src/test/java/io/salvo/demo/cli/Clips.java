package io.salvo.demo.cli;

import io.salvo.demo.media.Ffmpeg;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Short clips made by ffmpeg on first use into a test class's directory, once each. */
final class Clips {
    private static final String PICTURE = "testsrc2=size=160x120:rate=30";
    /** A subtitle file written into the directory before a clip that names it is made. */
    static final String SUBTITLES = "subtitles.srt";

    /** The clips and how ffmpeg makes them. */
    enum Clip {
        /** 2 s of H.264 320x240 at 30 fps with B-frames (composition offsets), in MP4. */
        H264_MP4("h264.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "2",
                "-c:v", "libx264", "-bf", "2"),
        /** 2 s of H.264 320x240 at 30 fps with B-frames and stereo AAC at 48 kHz, in MP4. */
        H264_AAC_MP4("h264-aac.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", "2", "-c:v", "libx264", "-bf", "2", "-c:a", "aac", "-ac", "2"),
        /** The same with a subtitle track (tx3g) after the video and the audio. */
        H264_AAC_SUBTITLES_MP4("h264-aac-sub.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi",
                "-i", "sine=frequency=440:sample_rate=48000", "-i", Clips.SUBTITLES, "-t", "2", "-map", "0:v", "-map", "1:a",
                "-map", "2:s", "-c:v", "libx264", "-bf", "2", "-c:a", "aac", "-ac", "2", "-c:s", "mov_text"),
        /** The same with the index (moov) before the samples, so a truncated copy still opens. */
        H264_MP4_FASTSTART("h264-faststart.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "2",
                "-c:v", "libx264", "-bf", "2", "-movflags", "+faststart"),
        /** The same as an H.264 Annex B elementary stream. */
        H264_ANNEX_B("h264.h264", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "2",
                "-c:v", "libx264", "-bf", "2", "-f", "h264"),
        /** 1 s of H.265 160x120, in MP4. */
        H265_MP4("h265.mp4", "-f", "lavfi", "-i", PICTURE, "-t", "1",
                "-c:v", "libx265", "-x265-params", "log-level=none"),
        /** 1 s of VP8 160x120, in IVF. */
        VP8_IVF("vp8.ivf", "-f", "lavfi", "-i", PICTURE, "-t", "1", "-c:v", "libvpx"),
        /** 1 s of VP9 160x120, in IVF. */
        VP9_IVF("vp9.ivf", "-f", "lavfi", "-i", PICTURE, "-t", "1",
                "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8"),
        /** 1 s of mono Opus, in Ogg. */
        OPUS_OGG("opus.ogg", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "1",
                "-c:a", "libopus"),
        /** A few frames of H.264 in Matroska, which salvo does not read. */
        MATROSKA("h264.mkv", "-f", "lavfi", "-i", PICTURE, "-t", "0.2", "-c:v", "libx264"),
        /** A few frames of H.264 in MPEG-TS, which salvo does not read. */
        MPEG_TS("h264.ts", "-f", "lavfi", "-i", PICTURE, "-t", "0.2", "-c:v", "libx264", "-f", "mpegts"),
        /** One 1920x1080 H.264 I-frame (its IDR NAL is tens of KB), Annex B. */
        BIG_INTRA("intra1080.h264", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30", "-frames:v", "1",
                "-c:v", "libx264", "-f", "h264");

        final String fileName;
        final List<String> arguments;

        Clip(String fileName, String... arguments) {
            this.fileName = fileName;
            this.arguments = List.of(arguments);
        }
    }

    private final Path dir;
    private final Map<Clip, Path> made = new EnumMap<>(Clip.class);

    /** Clips in {@code dir}. */
    Clips(Path dir) {
        this.dir = dir;
    }

    /** The clip, made now if it was not yet (skips the test without ffmpeg, fails under CI=true). */
    synchronized Path get(Clip clip) {
        Ffmpeg.assumeAvailable();
        return made.computeIfAbsent(clip, c -> {
            List<String> arguments = new ArrayList<>(c.arguments);
            arguments.add(c.fileName);
            try {
                if (arguments.contains(SUBTITLES)) {
                    Files.writeString(dir.resolve(SUBTITLES), "1\n00:00:00,000 --> 00:00:01,000\nhello\n\n"
                            + "2\n00:00:01,000 --> 00:00:02,000\nworld\n");
                }
                Ffmpeg.ffmpeg(dir, arguments.toArray(new String[0]));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return dir.resolve(c.fileName);
        });
    }
}

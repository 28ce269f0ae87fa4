package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.demo.media.AnnexBSource;
import io.salvo.demo.media.Codec;
import io.salvo.demo.media.Ffmpeg;
import io.salvo.demo.media.MediaFrame;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H.264 and H.265 through {@code salvo stream} to ffmpeg (see {@link CliInterop}): every decoded
 * frame's MD5 equals that of decoding the Annex B clip directly, in order.
 */
@Tag("interop")
class H26xInteropTest {
    private static final List<String> VIDEO = List.of("-fps_mode", "passthrough");

    @TempDir
    Path dir;

    @Test
    void shouldDecodeH264WithBFramesIdenticallyAfterRtp() throws Exception {
        Ffmpeg.assumeAvailable();
        Ffmpeg.ffmpeg(dir, "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", "2", "-c:v", "libx264",
                "-bf", "2", "-g", "30", "-pix_fmt", "yuv420p", "-f", "h264", "clip.h264");

        CliInterop.assertSameVideoFrames(CliInterop.stream(dir, "clip.h264", 4, VIDEO, false));
    }

    @Test
    void shouldDecodeKeyframeHeavy1080pH264WithLargeIdrNalsIdenticallyAfterRtp() throws Exception {
        Ffmpeg.assumeAvailable();
        Ffmpeg.ffmpeg(dir, "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=10,noise=alls=5:allf=t", "-t", "1",
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "16", "-x264-params", "keyint=5",
                "-pix_fmt", "yuv420p", "-f", "h264", "big.h264");
        assertTrue(largestKeyframe(dir.resolve("big.h264")) > 256 * 1024, "IDR access units far above 64 KB");

        CliInterop.assertSameVideoFrames(CliInterop.stream(dir, "big.h264", 1, VIDEO, false));
    }

    @Test
    void shouldDecodeH265IdenticallyAfterRtp() throws Exception {
        Ffmpeg.assumeAvailable();
        Ffmpeg.ffmpeg(dir, "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", "2", "-c:v", "libx265",
                "-x265-params", "log-level=error:keyint=30", "-pix_fmt", "yuv420p", "-f", "hevc", "clip.h265");

        CliInterop.assertSameVideoFrames(CliInterop.stream(dir, "clip.h265", 4, VIDEO, false));
    }

    private static int largestKeyframe(Path file) throws IOException {
        int largest = 0;
        try (AnnexBSource source = new AnnexBSource(file, Codec.H264)) {
            MediaFrame frame = new MediaFrame();
            while (source.next(frame)) {
                largest = frame.keyframe ? Math.max(largest, frame.length) : largest;
            }
        }
        return largest;
    }
}

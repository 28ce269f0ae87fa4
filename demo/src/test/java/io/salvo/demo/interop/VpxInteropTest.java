package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.demo.media.Ffmpeg;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VP8 and VP9 IVF clips made with libvpx, through {@code salvo stream} to ffmpeg (see
 * {@link CliInterop}): every decoded frame's MD5 equals that of decoding the IVF directly.
 */
@Tag("interop")
class VpxInteropTest {
    private static final List<String> VIDEO = List.of("-fps_mode", "passthrough");
    private static final String SOURCE = "testsrc2=size=320x240:rate=30";

    @TempDir
    Path dir;

    @Test
    void shouldDecodeVp8IdenticallyAfterRtp() throws Exception {
        Ffmpeg.assumeAvailable();
        Ffmpeg.ffmpeg(dir, "-f", "lavfi", "-i", SOURCE, "-t", "2", "-c:v", "libvpx", "-b:v", "600k", "-g", "30",
                "vp8.ivf");
        assertEquals("VP80", IvfFrames.read(dir.resolve("vp8.ivf")).fourcc);

        CliInterop.assertSameVideoFrames(CliInterop.stream(dir, "vp8.ivf", 4, VIDEO, false));
    }

    @Test
    void shouldDecodeVp9IdenticallyAfterRtp() throws Exception {
        Ffmpeg.assumeAvailable();
        Ffmpeg.ffmpeg(dir, "-f", "lavfi", "-i", SOURCE, "-t", "2", "-c:v", "libvpx-vp9", "-b:v", "600k", "-g", "30",
                "-deadline", "realtime", "-cpu-used", "8", "-auto-alt-ref", "0", "vp9.ivf");
        IvfFrames ivf = IvfFrames.read(dir.resolve("vp9.ivf"));
        assertEquals("VP90", ivf.fourcc);
        assertEquals(0, ivf.vp9Superframes(), "a clip of plain frames");

        CliInterop.assertSameVideoFrames(CliInterop.stream(dir, "vp9.ivf", 4, VIDEO, false));
    }

    /** Two-pass libvpx-vp9 with alt-ref frames: a hidden frame and the next shown frame share a superframe. */
    @Test
    void shouldDecodeVp9AltRefSuperframesIdenticallyAfterRtp() throws Exception {
        Ffmpeg.assumeAvailable();
        String[] encode = {"-f", "lavfi", "-i", SOURCE, "-t", "2", "-c:v", "libvpx-vp9", "-b:v", "600k", "-g", "30",
            "-cpu-used", "4", "-auto-alt-ref", "1", "-lag-in-frames", "16", "-passlogfile", "vp9pass", "-pass"};
        Ffmpeg.ffmpeg(dir, concat(encode, "1", "-f", "null", "-"));
        Ffmpeg.ffmpeg(dir, concat(encode, "2", "altref.ivf"));
        IvfFrames ivf = IvfFrames.read(dir.resolve("altref.ivf"));
        assertTrue(ivf.vp9Superframes() >= 2, "libvpx made " + ivf.vp9Superframes() + " superframes");

        CliInterop.Outcome outcome = CliInterop.stream(dir, "altref.ivf", 4, VIDEO, false);
        CliInterop.assertSameVideoFrames(outcome);
        assertEquals(ivf.frames.size(), outcome.reference().frames(), "one shown frame per IVF frame");
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}

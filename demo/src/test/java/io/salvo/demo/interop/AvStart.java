package io.salvo.demo.interop;

import io.salvo.demo.media.Ffmpeg;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * When a stream starts, in seconds, and how far apart audio and video start.
 *
 * <p>Of a received stream: the time of its first decoded frame, taken as the median of
 * {@code pts[i] - (duration of frames 0..i-1)} over all frames, so one frame timed before the
 * stream's first Sender Report arrived (ffmpeg times a stream's first packets from their RTP
 * timestamps alone until then) or a sync correction after the first frames does not move it.
 *
 * <p>Of the source file: its first packet's presentation time (ffprobe). For AAC in MP4 that is
 * the encoder's priming frame (pts -1024/48000 s), which the file's edit list hides from a
 * direct decode; RTP has no edit list, so receivers decode and present it, at that time.
 */
final class AvStart {
    private AvStart() {
    }

    /** The start of frames at {@code pts} lasting {@code durations}, both in units of {@code timeBase} seconds. */
    static double received(List<Long> pts, List<Long> durations, double timeBase) {
        double[] starts = new double[pts.size()];
        long before = 0;
        for (int i = 0; i < starts.length; i++) {
            starts[i] = (pts.get(i) - before) * timeBase;
            before += durations.get(i);
        }
        Arrays.sort(starts);
        return starts[starts.length / 2];
    }

    /** The start of frames at {@code ptsNanos}, each lasting {@code durationNanos}. */
    static double received(List<Long> ptsNanos, double durationNanos) {
        double[] starts = new double[ptsNanos.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = (ptsNanos.get(i) - i * durationNanos) / 1e9;
        }
        Arrays.sort(starts);
        return starts[starts.length / 2];
    }

    /** The presentation time of the earliest packet of stream {@code selector} ({@code v:0}, {@code a:0}) of {@code file}. */
    static double source(Path dir, Path file, String selector) throws IOException, InterruptedException {
        String times = Ffmpeg.ffprobe(dir, "-select_streams", selector, "-show_entries", "packet=pts_time", "-of", "csv=p=0",
                file.toString());
        // one line per packet: "pts_time" or, for a packet with side data, "pts_time,"
        return times.lines().map(l -> l.split(",")[0].trim()).filter(l -> !l.isEmpty()).mapToDouble(Double::parseDouble)
                .min().orElseThrow();
    }
}

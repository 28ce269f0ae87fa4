package io.salvo.demo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.demo.media.Codec;
import io.salvo.demo.media.MediaFrame;
import io.salvo.demo.media.MediaSource;
import io.salvo.packetizer.H264Packetizer;
import io.salvo.packetizer.OpusPacketizer;
import io.salvo.packetizer.RtpStream;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The times of two tracks played together, as in an MP4 from ffmpeg: H.264 with B-frames whose
 * decode times start 2 frames before 0, and AAC whose priming frame is at -1024 samples.
 */
class TrackCursorTest {
    /** Video at 90 kHz, 30 fps: dts from -6000, pts reordered (I P B B ...). */
    private static final long[][] VIDEO = {{-6000, 0}, {-3000, 9000}, {0, 3000}, {3000, 6000}};
    /** AAC at 48 kHz: the priming frame, then 1024-sample frames. */
    private static final long[][] AUDIO = {{-1024, -1024}, {0, 0}, {1024, 1024}, {2048, 2048}, {3072, 3072}, {4096, 4096}};

    /** Frames of given dts/pts on a timescale, all views of one small buffer. */
    private static final class Frames implements MediaSource {
        private final Codec codec;
        private final long timescale;
        private final long[][] times;
        private int next;

        Frames(Codec codec, long timescale, long[][] times) {
            this.codec = codec;
            this.timescale = timescale;
            this.times = times;
        }

        @Override
        public Path path() {
            return Path.of(codec.name());
        }

        @Override
        public Codec codec() {
            return codec;
        }

        @Override
        public long timescale() {
            return timescale;
        }

        @Override
        public boolean next(MediaFrame frame) {
            if (next == times.length) {
                return false;
            }
            frame.set(ByteBuffer.allocate(1), 0, 1, times[next][1], times[next][0], next == 0, next, 0);
            next++;
            return true;
        }

        @Override
        public void rewind() {
            next = 0;
        }

        @Override
        public void close() {
        }
    }

    private static TrackCursor[] cursors() throws Exception {
        TrackCursor video = new TrackCursor(new Frames(Codec.H264, 90_000, VIDEO),
                H264Packetizer.builder(RtpStream.builder(96, 90_000).timestampOffset(0).build()).build());
        TrackCursor audio = new TrackCursor(new Frames(Codec.OPUS, 48_000, AUDIO),
                new OpusPacketizer(RtpStream.builder(111, 48_000).timestampOffset(0).build()));
        TrackCursor[] cursors = {video, audio};
        for (TrackCursor c : cursors) {
            c.startLoop(false);
            assertTrue(c.advance());
        }
        long origin = Math.min(video.firstDtsNanos(), audio.firstDtsNanos());
        assertEquals(-66_666_667, origin, "the earliest first decode time: video's, 2 frames before 0");
        for (TrackCursor c : cursors) {
            c.origin(origin);
        }
        return cursors;
    }

    /** The pending frames in the order a session hands them over: the earliest due first. */
    private static List<String> drain(TrackCursor[] cursors, List<long[]> presented) throws Exception {
        List<String> order = new ArrayList<>();
        while (true) {
            TrackCursor next = null;
            for (TrackCursor c : cursors) {
                if (c.pending && (next == null || c.dueNanos() < next.dueNanos())) {
                    next = c;
                }
            }
            if (next == null) {
                return order;
            }
            order.add((next == cursors[0] ? "v" : "a") + next.frame.index + "@" + next.dueNanos() / 1_000_000);
            presented.add(new long[] {next == cursors[0] ? 0 : 1, next.frame.pts, next.presentationNanos(),
                    next.rtpTimestamp()});
            next.advance();
        }
    }

    @Test
    void shouldHandFramesOverInDecodeOrderAgainstOneOrigin() throws Exception {
        List<long[]> presented = new ArrayList<>();
        List<String> order = drain(cursors(), presented);
        // due times in ms (rounded down) after the origin (video's first dts, -66.7 ms): audio's first dts (-21.3 ms) is 45 ms later
        assertEquals(List.of("v0@0", "v1@33", "a0@45", "v2@66", "a1@66", "a2@87", "v3@100", "a3@109", "a4@130",
                "a5@151"), order);
    }

    @Test
    void shouldGiveEveryTrackCaptureTimesOnOneClockAndRtpTimesOnItsOwn() throws Exception {
        List<long[]> presented = new ArrayList<>();
        drain(cursors(), presented);
        for (long[] p : presented) {
            boolean video = p[0] == 0;
            long rate = video ? 90_000 : 48_000;
            // capture time (ns after the origin) = the file's presentation time + 66.7 ms, for both tracks alike
            assertEquals(p[1] * 1e9 / rate + 66_666_667, (double) p[2], 2.0, "capture of pts " + p[1]);
            // RTP time counts from the track's own first decode time (offset 0 here)
            assertEquals(p[1] - (video ? VIDEO[0][0] : AUDIO[0][0]), p[3], "RTP time of pts " + p[1]);
        }
    }

    @Test
    void shouldStartTheNextLoopOfEveryTrackAfterTheLongestTrack() throws Exception {
        TrackCursor[] cursors = cursors();
        drain(cursors, new ArrayList<>());
        TrackCursor video = cursors[0];
        TrackCursor audio = cursors[1];
        // spans: video 4 frames of 3000 = 133.3 ms; audio -1024..4096 + 1024 = 6144 samples = 128 ms
        assertEquals(12_000, video.loopSpan());
        assertEquals(6144, audio.loopSpan());
        TrackCursor.nextLoop(cursors);
        for (TrackCursor c : cursors) {
            assertTrue(c.advance());
        }
        assertEquals(133_333_333, video.dueNanos(), "loop 2 of the video: 133.3 ms after loop 1");
        assertEquals(45_333_333 + 133_333_333, (double) audio.dueNanos(), 2.0, "and the audio with it");
        assertEquals(12_000 + 6000, video.rtpTimestamp(), "RTP time continues: one span on");
        assertEquals(6400, audio.rtpTimestamp(), "the video's span on the audio clock");
        assertEquals(0, audio.frame.index, "from its first frame");
    }
}

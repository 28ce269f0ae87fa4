package io.salvo.demo.stream;

import io.salvo.demo.media.AnnexBSource;
import io.salvo.demo.media.MediaFrame;
import io.salvo.demo.media.MediaSource;
import io.salvo.demo.media.NalUnitLog;
import io.salvo.packetizer.NalUnitPacketizer;
import io.salvo.packetizer.Packetizer;
import io.salvo.rtp.FramePacketizer;
import io.salvo.rtp.MediaClock;
import io.salvo.sender.TransmitterStream;

import java.io.IOException;

/**
 * Where one track of a playing session is: its next frame, and the times that frame falls on.
 * Every track's times count from one origin, the earliest first decode time of all tracks, so
 * the frames of all tracks leave in decode-time order against one clock and their capture times
 * (what Sender Reports map RTP time to) agree. Times on the track's own timescale are kept
 * exact: {@code mediaTime = dts - firstDts + loopOffset}.
 */
final class TrackCursor {
    private static final long NANOS = 1_000_000_000L;
    /** Access units the NAL unit log holds: more than the reader runs ahead of the transmitter. */
    static final int LOGGED_ACCESS_UNITS = 8192;

    final MediaSource source;
    final Packetizer packetizer;
    final CountingPacketizer counter;
    final MediaFrame frame = new MediaFrame();
    final long timescale;
    TransmitterStream stream;
    /** Whether {@link #frame} holds the track's next frame. */
    boolean pending;
    long frames;
    private long firstDts = Long.MIN_VALUE;
    private long offsetNanos;
    private long loopOffset;
    private long loopFirstDts;
    private long previousDts;
    private long duration;

    TrackCursor(MediaSource source, Packetizer packetizer) {
        this.source = source;
        this.packetizer = packetizer;
        this.counter = new CountingPacketizer(prescanned(source, packetizer));
        this.timescale = source.timescale();
    }

    /**
     * The packetizer the transmitter calls: for an Annex B file, one that takes the NAL units the
     * reader found ({@link PrescannedPacketizer}), holding the access units the reader can be ahead.
     */
    private static FramePacketizer prescanned(MediaSource source, Packetizer packetizer) {
        if (source instanceof AnnexBSource && packetizer instanceof NalUnitPacketizer) {
            NalUnitLog log = new NalUnitLog(LOGGED_ACCESS_UNITS);
            ((AnnexBSource) source).nalUnitLog(log);
            return new PrescannedPacketizer((NalUnitPacketizer) packetizer, log);
        }
        return packetizer;
    }

    /** Starts a loop, going back to the first frame for every loop after the first. */
    void startLoop(boolean rewind) throws IOException {
        if (rewind) {
            source.rewind();
        }
        loopFirstDts = Long.MIN_VALUE;
        previousDts = Long.MIN_VALUE;
        duration = 0;
    }

    /** Reads the next frame; false at the end of the track (for this loop). */
    boolean advance() throws IOException {
        pending = source.next(frame);
        if (pending) {
            if (firstDts == Long.MIN_VALUE) {
                firstDts = frame.dts;
            }
            if (loopFirstDts == Long.MIN_VALUE) {
                loopFirstDts = frame.dts;
            }
            if (previousDts != Long.MIN_VALUE) {
                duration = frame.dts - previousDts;
            }
            previousDts = frame.dts;
        }
        return pending;
    }

    /** This track's first decode time, in nanoseconds of its timescale (before {@link #origin}). */
    long firstDtsNanos() {
        return MediaClock.rescale(firstDts, timescale, NANOS);
    }

    /** Sets the common origin: how far after it (nanoseconds) this track's first frame is due. */
    void origin(long originNanos) {
        offsetNanos = firstDts == Long.MIN_VALUE ? 0 : firstDtsNanos() - originNanos;
    }

    /** When the pending frame is due, nanoseconds of media time after the origin. */
    long dueNanos() {
        return offsetNanos + MediaClock.rescale(frame.dts - firstDts + loopOffset, timescale, NANOS);
    }

    /** When the pending frame is presented, nanoseconds of media time after the origin. */
    long presentationNanos() {
        return offsetNanos + MediaClock.rescale(frame.pts - firstDts + loopOffset, timescale, NANOS);
    }

    /** The pending frame's RTP timestamp. */
    long rtpTimestamp() {
        MediaClock clock = packetizer.stream().clock();
        return packetizer.stream().rtpTimestamp(clock.ticks(frame.pts - firstDts + loopOffset, timescale));
    }

    /** This loop's length on the track's timescale: first to last decode time plus the last frame's duration. */
    long loopSpan() {
        return loopFirstDts == Long.MIN_VALUE ? 0 : previousDts - loopFirstDts + duration;
    }

    /** The same in nanoseconds. */
    long loopSpanNanos() {
        return MediaClock.rescale(loopSpan(), timescale, NANOS);
    }

    /**
     * Moves every track to its next loop, which starts after the longest track's span (exact on
     * that track's timescale and rescaled for the others), so that all tracks' loops start
     * together, and rewinds them; then {@link #advance} reads each one's first frame again.
     */
    static void nextLoop(TrackCursor[] cursors) throws IOException {
        TrackCursor longest = cursors[0];
        for (TrackCursor c : cursors) {
            longest = c.loopSpanNanos() > longest.loopSpanNanos() ? c : longest;
        }
        long span = longest.loopSpan();
        for (TrackCursor c : cursors) {
            c.loopOffset += longest == c ? span : MediaClock.rescale(span, longest.timescale, c.timescale);
        }
        for (TrackCursor c : cursors) {
            c.startLoop(true);
        }
    }
}

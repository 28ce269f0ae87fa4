package io.salvo.demo.stream;

import io.salvo.demo.media.Codec;
import io.salvo.demo.media.MediaFormatException;
import io.salvo.demo.media.MediaFrame;
import io.salvo.demo.media.MediaSource;
import io.salvo.pacer.PacerConfig;
import io.salvo.pacer.PriorityClass;
import io.salvo.packetizer.Packetizer;
import io.salvo.rtp.MediaClock;
import io.salvo.sender.DatagramSender;
import io.salvo.sender.DatagramSenders;
import io.salvo.sender.IdleStrategy;
import io.salvo.sender.RemoteReceiverReport;
import io.salvo.sender.RetransmissionConfig;
import io.salvo.sender.RtcpConfig;
import io.salvo.sender.RtcpStats;
import io.salvo.sender.SenderOptions;
import io.salvo.sender.SocketPair;
import io.salvo.sender.SenderStats;
import io.salvo.sender.Transmitter;
import io.salvo.sender.TransmitterConfig;
import io.salvo.sender.TransmitterListener;
import io.salvo.sender.TransmitterStats;
import io.salvo.sender.TransmitterStream;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays one media source through a transmitter to one or more destinations: frames are handed
 * over at their decode times (scaled by the speed) or as fast as the transmitter takes them,
 * with RTP timestamps from their presentation times, continuous across loops.
 */
public final class StreamSession {
    /**
     * How to play: {@code rtcp} says whether and how reports go out (a second socket on the port
     * after the RTP socket's unless rtcp-mux), {@code localPort} is the RTP socket's port (0: any
     * free one, with the next one free too when RTCP needs it), {@code lingerNanos} how long to
     * wait at the end, before the BYE, for every receiver that reported to report the last packet,
     * {@code retransmission} how NACKs are answered.
     */
    public record Options(List<InetSocketAddress> destinations, double speed, boolean fast, int loops, long rateBps,
                          String idle, RtcpConfig rtcp, RetransmissionConfig retransmission, int localPort,
                          long lingerNanos) {
        /** Options with RTCP on (to each destination's next port) from any local port, no linger, no resends. */
        public Options(List<InetSocketAddress> destinations, double speed, boolean fast, int loops, long rateBps,
                       String idle) {
            this(destinations, speed, fast, loops, rateBps, idle, RtcpConfig.builder().build(),
                    RetransmissionConfig.off(), 0, 0);
        }
    }

    /**
     * What happened, read after {@link #play()}: {@code rejectedFrame} names the frame the
     * packetizer refused and why, {@code rejectedFrameCause} is the packetizer's exception.
     */
    public record Result(long frames, TransmitterStats transmitter, SenderStats sender, RtcpStats rtcp, double seconds,
                         MediaFormatException fileProblem, String rejectedFrame, RuntimeException rejectedFrameCause) {
    }

    private final MediaSource source;
    private final Packetizer packetizer;
    private final Options options;
    private final Transmitter transmitter;
    private final TransmitterStream stream;
    private volatile long framesSubmitted;
    private volatile String rejected;
    private volatile RuntimeException rejectedCause;
    private volatile long startNanos;

    /** Opens the socket and starts the transmitter thread. */
    public StreamSession(MediaSource source, Packetizer packetizer, Options options) throws IOException {
        this.source = source;
        this.packetizer = packetizer;
        this.options = options;
        boolean ipv6 = options.destinations().stream().anyMatch(a -> a.getAddress() instanceof Inet6Address);
        InetSocketAddress local = new InetSocketAddress(ipv6 ? "::" : "0.0.0.0", options.localPort());
        DatagramSender sender;
        DatagramSender rtcpSender = null;
        if (options.rtcp().enabled() && !options.rtcp().mux()) {
            SocketPair pair = DatagramSenders.openPair(local, new SenderOptions());
            sender = pair.rtp();
            rtcpSender = pair.rtcp();
        } else {
            sender = DatagramSenders.open(local);
        }
        this.transmitter = Transmitter.start(sender, rtcpSender, TransmitterConfig.builder().pacer(pacerConfig(options))
                .rtcp(options.rtcp())
                .idleStrategy(IdleStrategy.named(options.idle())).threadName("salvo-transmitter")
                .listener(new TransmitterListener() {
                    @Override
                    public void frameRejected(TransmitterStream s, long tag, RuntimeException problem) {
                        if (rejected == null) {
                            rejectedCause = problem;
                            rejected = "frame " + tag + ": " + problem.getMessage();
                        }
                    }
                }).build());
        PriorityClass priority = source.codec() == Codec.OPUS ? PriorityClass.AUDIO : PriorityClass.VIDEO;
        this.stream = transmitter.addStream(source.path().getFileName().toString(), packetizer, priority,
                options.rtcp().enabled() ? options.retransmission() : RetransmissionConfig.off(),
                options.destinations().toArray(new InetSocketAddress[0]));
    }

    /**
     * The pacing for {@code options}: {@code --fast} sends unpaced and never drops a frame for its
     * age (a slow link holds the reader back instead); otherwise the fixed {@code --rate} or the
     * default factor of the media rate, with the default queue-time limits of live playback.
     */
    static PacerConfig pacerConfig(Options options) {
        if (options.fast()) {
            return PacerConfig.builder().unpaced().neverDropForAge().build();
        }
        return options.rateBps() > 0 ? PacerConfig.builder().rateBps(options.rateBps()).build()
                : PacerConfig.defaults();
    }

    /**
     * Plays the source {@code loops} times, waits until every datagram left, and stops the
     * transmitter. A truncated or malformed file ends the play after its last good frame; a frame
     * the packetizer rejects ends it at once; both are reported in the result.
     */
    public Result play() throws IOException, InterruptedException {
        MediaFrame frame = new MediaFrame();
        long timescale = source.timescale();
        MediaClock clock = packetizer.stream().clock();
        boolean first = true;
        long firstDts = 0;
        long loopOffset = 0;
        long frames = 0;
        MediaFormatException fileProblem = null;
        startNanos = System.nanoTime();
        play:
        for (int loop = 0; loop < options.loops(); loop++) {
            if (loop > 0) {
                source.rewind();
            }
            long loopFirstDts = Long.MIN_VALUE;
            long previousDts = Long.MIN_VALUE;
            long duration = 0;
            while (true) {
                try {
                    if (!source.next(frame)) {
                        break;
                    }
                } catch (MediaFormatException problem) {
                    fileProblem = problem;
                    break play;
                }
                if (first) {
                    first = false;
                    firstDts = frame.dts;
                }
                if (loopFirstDts == Long.MIN_VALUE) {
                    loopFirstDts = frame.dts;
                }
                if (previousDts != Long.MIN_VALUE) {
                    duration = frame.dts - previousDts;
                }
                previousDts = frame.dts;
                long mediaTime = frame.dts - firstDts + loopOffset;
                if (!options.fast()) {
                    long due = startNanos + (long) (MediaClock.rescale(mediaTime, timescale, 1_000_000_000L) / options.speed());
                    waitUntil(due);
                }
                long ticks = clock.ticks(frame.pts - firstDts + loopOffset, timescale);
                long rtpTimestamp = packetizer.stream().rtpTimestamp(ticks);
                // the instant this frame's presentation time falls on, so Sender Reports map RTP time exactly
                long captureNanos = startNanos + (long) (MediaClock.rescale(frame.pts - firstDts + loopOffset,
                        timescale, 1_000_000_000L) / options.speed());
                if (options.fast()) {
                    captureNanos = System.nanoTime();
                }
                while (!transmitter.submit(stream, frame.buffer, frame.offset, frame.length, rtpTimestamp, captureNanos,
                        frame.keyframe, frames, null)) {
                    if (!transmitter.isRunning()) {
                        break play;
                    }
                    LockSupport.parkNanos(20_000);
                }
                frames++;
                framesSubmitted = frames;
                if (rejected != null) {
                    break play;
                }
            }
            if (loopFirstDts != Long.MIN_VALUE) {
                loopOffset += previousDts - loopFirstDts + duration;
            }
        }
        transmitter.awaitDrained(60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - startNanos) / 1e9; // the stream's time, not the linger after it
        awaitFinalReports();
        TransmitterStats stats = transmitter.stats();
        SenderStats senderStats = transmitter.sender().stats();
        transmitter.close();
        return new Result(frames, stats, senderStats, transmitter.rtcpStats(), seconds, fileProblem, rejected,
                rejectedCause);
    }

    /**
     * Waits up to the linger time until every receiver that has reported says it expected every
     * packet sent to it (its report covers the end), so the summary shows the final loss.
     */
    private void awaitFinalReports() throws InterruptedException {
        long deadline = System.nanoTime() + options.lingerNanos();
        long perDestination = transmitter.stats().sent() / Math.max(1, options.destinations().size());
        while (System.nanoTime() < deadline) {
            RtcpStats rtcp = transmitter.rtcpStats();
            boolean covered = true; // a receiver that never reported is not waited for
            for (RemoteReceiverReport r : rtcp.receivers()) {
                covered &= r.left() || r.packetsExpected() >= perDestination;
            }
            if (covered) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** Frames handed to the transmitter so far. */
    public long framesSubmitted() {
        return framesSubmitted;
    }

    /** Live transmitter counters (for progress). */
    public TransmitterStats stats() {
        return transmitter.stats();
    }

    /** Live RTCP counters and receiver reports (for progress). */
    public RtcpStats rtcpStats() {
        return transmitter.rtcpStats();
    }

    /** The local RTP port. */
    public int localPort() {
        return transmitter.sender().localAddress().getPort();
    }

    /** Seconds since play began. */
    public double elapsedSeconds() {
        return startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1e9;
    }

    /** Stops the transmitter if {@link #play()} did not (idempotent). */
    public void close() {
        transmitter.close();
    }

    private static void waitUntil(long due) {
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}

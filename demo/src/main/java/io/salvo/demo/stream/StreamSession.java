package io.salvo.demo.stream;

import io.salvo.demo.media.MediaFormatException;
import io.salvo.demo.media.MediaFrame;
import io.salvo.demo.media.MediaSource;
import io.salvo.pacer.PacerConfig;
import io.salvo.pacer.PriorityClass;
import io.salvo.packetizer.Packetizer;
import io.salvo.sender.DatagramSender;
import io.salvo.sender.DatagramSenders;
import io.salvo.sender.IdleStrategy;
import io.salvo.sender.RemoteReceiverReport;
import io.salvo.sender.RetransmissionConfig;
import io.salvo.sender.RtcpConfig;
import io.salvo.sender.RtcpStats;
import io.salvo.sender.SenderOptions;
import io.salvo.sender.SocketPair;
import io.salvo.sender.SrtpConfig;
import io.salvo.sender.SenderStats;
import io.salvo.sender.Transmitter;
import io.salvo.sender.TransmitterConfig;
import io.salvo.sender.TransmitterListener;
import io.salvo.sender.TransmitterStats;
import io.salvo.sender.TransmitterStream;
import io.salvo.srtp.SrtpKeys;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays the tracks of one file through one transmitter (one socket pair, one CNAME, one wall
 * clock for the Sender Reports) to one or more destinations: each track is its own stream with
 * its own SSRC, sent to each destination's port plus the track's port offset. Frames of all
 * tracks are handed over in decode-time order at their decode times (scaled by the speed), or as
 * fast as the transmitter takes them, with RTP timestamps from their presentation times,
 * continuous across loops, and capture times from the same origin for every track, so that the
 * Sender Reports of all streams map RTP time to one wall clock (lip sync). See
 * {@link TrackCursor} for the times.
 */
public final class StreamSession {
    /**
     * How to play: {@code rtcp} says whether and how reports go out (a second socket on the port
     * after the RTP socket's unless rtcp-mux), {@code localPort} is the RTP socket's port (0: any
     * free one, with the next one free too when RTCP needs it), {@code lingerNanos} how long to
     * wait at the end, before the BYE, for every receiver that reported to report the last packet,
     * {@code retransmission} how NACKs are answered (for a session of one track), {@code txTime}
     * whether the RTP socket hands departure times to the kernel ({@code SO_TXTIME}, for the fq
     * qdisc to pace by; {@link SenderOptions.TxTime#ON} fails to open where it cannot).
     */
    public record Options(List<InetSocketAddress> destinations, double speed, boolean fast, int loops, long rateBps,
                          String idle, RtcpConfig rtcp, RetransmissionConfig retransmission, int localPort,
                          long lingerNanos, SenderOptions.TxTime txTime) {
        /** Checks the kernel pacing mode. */
        public Options {
            java.util.Objects.requireNonNull(txTime, "txTime");
        }

        /** Options paced in user space ({@link SenderOptions.TxTime#OFF}). */
        public Options(List<InetSocketAddress> destinations, double speed, boolean fast, int loops, long rateBps,
                       String idle, RtcpConfig rtcp, RetransmissionConfig retransmission, int localPort,
                       long lingerNanos) {
            this(destinations, speed, fast, loops, rateBps, idle, rtcp, retransmission, localPort, lingerNanos,
                    SenderOptions.TxTime.OFF);
        }

        /** Options with RTCP on (to each destination's next port) from any local port, no linger, no resends. */
        public Options(List<InetSocketAddress> destinations, double speed, boolean fast, int loops, long rateBps,
                       String idle) {
            this(destinations, speed, fast, loops, rateBps, idle, RtcpConfig.builder().build(),
                    RetransmissionConfig.off(), 0, 0);
        }
    }

    /**
     * One track to stream: its frames, its packetizer, the stream's name (in RTCP statistics and
     * the summary), the offset added to every destination's port, how NACKs are answered, and the
     * keys its packets and reports are encrypted with (SRTP; null: in clear).
     */
    public record Track(MediaSource source, Packetizer packetizer, String name, int portOffset,
                        RetransmissionConfig retransmission, SrtpKeys srtp) {
        /** A track sent in clear. */
        public Track(MediaSource source, Packetizer packetizer, String name, int portOffset,
                     RetransmissionConfig retransmission) {
            this(source, packetizer, name, portOffset, retransmission, null);
        }
    }

    /**
     * Kernel pacing as asked ({@code requested}) and as it came out: whether the socket took
     * {@code SO_TXTIME} ({@code socket}) and whether the transmitter handed ticks to the kernel
     * ahead of time ({@code paced}: not with {@code --fast}, which does not pace), up to
     * {@code horizonNanos} ahead.
     */
    public record KernelPacing(SenderOptions.TxTime requested, boolean socket, boolean paced, long horizonNanos) {
    }

    /** What one track's stream did: frames handed over, packets and frame bytes packetized. */
    public record TrackResult(Track track, long frames, long packets, long bytes) {
    }

    /**
     * What happened, read after {@link #play()}: {@code rejectedFrame} names the frame the
     * packetizer refused and why, {@code rejectedFrameCause} is the packetizer's exception;
     * {@code tracks} says what each stream did, {@code kernelPacing} whether the kernel paced.
     */
    public record Result(long frames, TransmitterStats transmitter, SenderStats sender, RtcpStats rtcp, double seconds,
                         MediaFormatException fileProblem, String rejectedFrame, RuntimeException rejectedFrameCause,
                         List<TrackResult> tracks, KernelPacing kernelPacing) {
    }

    private final List<Track> tracks;
    private final TrackCursor[] cursors;
    private final Options options;
    private final Transmitter transmitter;
    private final KernelPacing kernelPacing;
    private volatile long framesSubmitted;
    private volatile String rejected;
    private volatile RuntimeException rejectedCause;
    private volatile long startNanos;

    /** Opens the socket and starts the transmitter thread, for one source with {@code options}' retransmission. */
    public StreamSession(MediaSource source, Packetizer packetizer, Options options) throws IOException {
        this(List.of(new Track(source, packetizer, source.path().getFileName().toString(), 0,
                options.retransmission())), options);
    }

    /**
     * Opens the socket and starts the transmitter thread, with one stream per track.
     *
     * @throws IOException if a socket cannot be opened, such as with {@link SenderOptions.TxTime#ON}
     *                     where the socket cannot take {@code SO_TXTIME} (naming why)
     */
    public StreamSession(List<Track> tracks, Options options) throws IOException {
        this.tracks = List.copyOf(tracks);
        this.options = options;
        this.cursors = new TrackCursor[tracks.size()];
        boolean ipv6 = options.destinations().stream().anyMatch(a -> a.getAddress() instanceof Inet6Address);
        InetSocketAddress local = new InetSocketAddress(ipv6 ? "::" : "0.0.0.0", options.localPort());
        SenderOptions senderOptions = new SenderOptions().txTime(options.txTime());
        DatagramSender sender;
        DatagramSender rtcpSender = null;
        if (options.rtcp().enabled() && !options.rtcp().mux()) {
            SocketPair pair = DatagramSenders.openPair(local, senderOptions);
            sender = pair.rtp();
            rtcpSender = pair.rtcp();
        } else {
            sender = DatagramSenders.open(local, null, senderOptions);
        }
        boolean several = tracks.size() > 1;
        TransmitterConfig config = TransmitterConfig.builder().pacer(pacerConfig(options))
                .rtcp(options.rtcp())
                .idleStrategy(IdleStrategy.named(options.idle())).threadName("salvo-transmitter")
                .listener(new TransmitterListener() {
                    @Override
                    public void frameRejected(TransmitterStream s, long tag, RuntimeException problem) {
                        if (rejected == null) {
                            rejectedCause = problem;
                            rejected = (several ? s.name() + " " : "") + "frame " + tag + ": " + problem.getMessage();
                        }
                    }
                }).build();
        this.transmitter = Transmitter.start(sender, rtcpSender, config);
        this.kernelPacing = new KernelPacing(options.txTime(), sender.txTimeEnabled(), transmitter.kernelPacing(),
                config.txTimeHorizonNanos());
        for (int i = 0; i < cursors.length; i++) {
            Track track = tracks.get(i);
            TrackCursor cursor = new TrackCursor(track.source(), track.packetizer());
            PriorityClass priority = track.source().codec().mediaType().equals("audio")
                    ? PriorityClass.AUDIO : PriorityClass.VIDEO;
            cursor.stream = transmitter.addStream(track.name(), cursor.counter, priority,
                    options.rtcp().enabled() ? track.retransmission() : RetransmissionConfig.off(),
                    track.srtp() == null ? null : SrtpConfig.of(track.srtp()),
                    destinations(options.destinations(), track.portOffset()));
            if (!options.fast()) { // a known mean rate paces from the first byte (played X times faster: X times it)
                cursor.stream.meanRateHint((long) (track.source().meanBitrate() * options.speed()));
            }
            cursors[i] = cursor;
        }
    }

    private static InetSocketAddress[] destinations(List<InetSocketAddress> base, int portOffset) {
        InetSocketAddress[] to = new InetSocketAddress[base.size()];
        for (int i = 0; i < to.length; i++) {
            InetSocketAddress b = base.get(i);
            to[i] = portOffset == 0 ? b : new InetSocketAddress(b.getAddress(), b.getPort() + portOffset);
        }
        return to;
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
     * Plays the tracks {@code loops} times, waits until every datagram left, and stops the
     * transmitter. A truncated or malformed file ends the play after its last good frame; a frame
     * the packetizer rejects ends it at once; both are reported in the result.
     */
    public Result play() throws IOException, InterruptedException {
        MediaFormatException fileProblem = null;
        startNanos = System.nanoTime();
        try {
            for (int loop = 0; loop < options.loops() && rejected == null; loop++) {
                if (!startLoop(loop) || !playLoop()) {
                    break;
                }
            }
        } catch (MediaFormatException problem) {
            fileProblem = problem;
        }
        transmitter.awaitDrained(60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - startNanos) / 1e9; // the stream's time, not the linger after it
        awaitFinalReports();
        TransmitterStats stats = transmitter.stats();
        SenderStats senderStats = transmitter.sender().stats();
        transmitter.close();
        List<TrackResult> results = new ArrayList<>();
        for (int i = 0; i < cursors.length; i++) {
            results.add(new TrackResult(tracks.get(i), cursors[i].frames, cursors[i].counter.packets(),
                    cursors[i].counter.bytes()));
        }
        return new Result(framesSubmitted, stats, senderStats, transmitter.rtcpStats(), seconds, fileProblem, rejected,
                rejectedCause, List.copyOf(results), kernelPacing);
    }

    /** Rewinds (after the first loop) and reads every track's first frame; false when no track has one. */
    private boolean startLoop(int loop) throws IOException {
        if (loop > 0) {
            TrackCursor.nextLoop(cursors);
        } else {
            for (TrackCursor c : cursors) {
                c.startLoop(false);
            }
        }
        boolean any = false;
        for (TrackCursor c : cursors) {
            any |= c.advance();
        }
        if (loop == 0 && any) {
            long origin = Long.MAX_VALUE;
            for (TrackCursor c : cursors) {
                origin = c.pending ? Math.min(origin, c.firstDtsNanos()) : origin;
            }
            for (TrackCursor c : cursors) {
                c.origin(origin);
            }
        }
        return any;
    }

    /** Hands over every frame of this loop in decode-time order; false when the play must stop. */
    private boolean playLoop() throws IOException {
        boolean several = cursors.length > 1;
        while (true) {
            TrackCursor next = null;
            for (TrackCursor c : cursors) {
                if (c.pending && (next == null || c.dueNanos() < next.dueNanos())) {
                    next = c;
                }
            }
            if (next == null) {
                return true;
            }
            if (!options.fast()) {
                waitUntil(startNanos + (long) (next.dueNanos() / options.speed()));
            }
            // the instant this frame's presentation time falls on, so Sender Reports map RTP time exactly;
            // with --fast a single track takes the moment of handover, several keep one schedule between them
            long captureNanos = options.fast() && !several ? System.nanoTime()
                    : startNanos + (long) (next.presentationNanos() / (options.fast() ? 1 : options.speed()));
            MediaFrame frame = next.frame;
            while (!transmitter.submit(next.stream, frame.buffer, frame.offset, frame.length, next.rtpTimestamp(),
                    captureNanos, frame.keyframe, next.frames, null)) {
                if (!transmitter.isRunning()) {
                    return false;
                }
                LockSupport.parkNanos(20_000);
            }
            next.frames++;
            framesSubmitted++;
            if (rejected != null) {
                return false;
            }
            next.advance();
        }
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
                covered &= r.left() || r.packetsExpected() >= expected(r.stream(), perDestination);
            }
            if (covered) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** Packets a receiver of stream {@code name} expects: all sent with one track, else what that stream made. */
    private long expected(String name, long perDestination) {
        if (cursors.length == 1) {
            return perDestination;
        }
        for (int i = 0; i < cursors.length; i++) {
            if (tracks.get(i).name().equals(name)) {
                return cursors[i].counter.packets();
            }
        }
        return 0;
    }

    /** Frames handed to the transmitter so far. */
    public long framesSubmitted() {
        return framesSubmitted;
    }

    /** Live transmitter counters (for progress). */
    public TransmitterStats stats() {
        return transmitter.stats();
    }

    /** Whether the kernel paces the datagrams ({@code SO_TXTIME}), as asked and as it came out. */
    public KernelPacing kernelPacing() {
        return kernelPacing;
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

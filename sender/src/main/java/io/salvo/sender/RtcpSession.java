package io.salvo.sender;

import io.salvo.pacer.NanoClock;
import io.salvo.rtcp.GenericNack;
import io.salvo.srtp.SrtpReceiver;
import io.salvo.rtp.FramePacketizer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The RTCP side of a {@link Transmitter}, run on its thread: registers the streams that can take
 * part (SSRC and clock known), sends each one's compound report on the RFC 3550 schedule
 * ({@link RtcpInterval}: the first right after its first datagram left, then randomized around
 * the configured minimum), a BYE when it is removed or the transmitter closes, and reads
 * feedback from the socket(s) every {@link RtcpConfig#receivePollNanos()} in batches.
 *
 * <p>Reports go out of {@code rtcpSocket}: the RTP socket itself, or a second socket (usually
 * bound to the RTP port + 1). Feedback is read from both, since receivers answer to where
 * reports come from, or with rtcp-mux to the RTP source.
 */
final class RtcpSession {
    private final RtcpConfig config;
    private final NanoClock clock;
    private final DatagramSender rtpSocket;
    private final DatagramSender rtcpSocket;
    private final RtcpCounters counters = new RtcpCounters();
    private final RtcpReportSender reports;
    private final RtcpFeedbackReader feedback;
    private final SplittableRandom random = new SplittableRandom();
    private final long epochOffsetNanos;
    private DatagramReceiver[] receivers;
    private ReceivedBatch batch;
    private RtcpStreamState[] streams = new RtcpStreamState[0];
    private long nextPollNanos;
    private boolean receiveStopped;
    private NackHandler nackHandler = NackHandler.NONE;
    private int encryptedStreams;

    /** What is done with a NACK after it was counted (retransmission hooks in here). */
    interface NackHandler {
        /** Ignores NACKs. */
        NackHandler NONE = (stream, nack, from, nowNanos) -> { };

        /** {@code nack}, from {@code from}, asks {@code stream} for packets; valid only during the call. */
        void nack(RtcpStreamState stream, GenericNack nack, RemoteReceiver from, long nowNanos);
    }

    RtcpSession(RtcpConfig config, NanoClock clock, DatagramSender rtpSocket, DatagramSender rtcpSocket) {
        this.config = config;
        this.clock = clock;
        this.rtpSocket = rtpSocket;
        this.rtcpSocket = rtcpSocket;
        this.epochOffsetNanos = epochOffset(clock);
        this.reports = new RtcpReportSender(rtcpSocket, config.cnameBytes(), counters, epochOffsetNanos);
        this.feedback = new RtcpFeedbackReader(this, counters, config.listener());
    }

    /**
     * Unix epoch time minus {@code clock}'s time, read as the tightest of a few brackets
     * (clock, wall clock, clock): a thread preempted between two readings would otherwise skew
     * every Sender Report's NTP time by the preemption.
     */
    static long epochOffset(NanoClock clock) {
        long best = 0;
        long narrowest = Long.MAX_VALUE;
        for (int i = 0; i < 7; i++) {
            long before = clock.nanoTime();
            Instant wall = Instant.now();
            long after = clock.nanoTime();
            if (after - before < narrowest) {
                narrowest = after - before;
                best = wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - (before + (after - before) / 2);
            }
        }
        return best;
    }

    /** Sets what handles NACKs once counted. */
    void nackHandler(NackHandler handler) {
        this.nackHandler = handler;
    }

    /** A consistent snapshot, from any thread. */
    RtcpStats stats() {
        return counters.snapshot(clock.nanoTime());
    }

    /**
     * Takes {@code stream} into the session if its packetizer states a clock rate; sets its
     * {@link TransmitterStream#rtcp}. Allocates (registration only).
     */
    void register(TransmitterStream stream) {
        FramePacketizer packetizer = stream.packetizer();
        if (!config.enabled() || packetizer.clockRate() <= 0) {
            return;
        }
        InetSocketAddress[] to = new InetSocketAddress[stream.fanOut()];
        for (int d = 0; d < to.length; d++) {
            InetSocketAddress media = stream.destination(d) != null ? stream.destination(d) : rtpSocket.remoteAddress();
            to[d] = config.mux() || media == null ? media : new InetSocketAddress(media.getAddress(), rtcpPort(media));
        }
        RtcpStreamState state = new RtcpStreamState(stream, packetizer.ssrc(), packetizer.clockRate(), config, to);
        if (stream.srtp != null) {
            encryptedStreams++;
        }
        stream.rtcp = state;
        reports.ensureCapacity(to.length);
        streams = Arrays.copyOf(streams, streams.length + 1);
        streams[streams.length - 1] = state;
        if (receivers == null) {
            openReceivers();
        }
    }

    private static int rtcpPort(InetSocketAddress media) {
        if (media.getPort() == 65535) {
            throw new IllegalArgumentException("RTP port 65535 of " + media + " leaves no next port for RTCP: use rtcp-mux");
        }
        return media.getPort() + 1;
    }

    private void openReceivers() {
        receivers = rtcpSocket == rtpSocket ? new DatagramReceiver[] {rtpSocket.receiver()}
                : new DatagramReceiver[] {rtcpSocket.receiver(), rtpSocket.receiver()};
        batch = new ReceivedBatch(config.receiveBatch(), 1500);
    }

    /** The stream sends its first frame with {@code rtpTimestamp}, captured at {@code captureNanos}. */
    static void frameTaken(RtcpStreamState stream, long ssrc, long rtpTimestamp, long captureNanos) {
        if (stream.ssrc == FramePacketizer.UNKNOWN_SSRC) {
            stream.ssrc = ssrc;
        }
        stream.anchor(rtpTimestamp, captureNanos);
    }

    /**
     * Reads feedback when a poll is due and sends the reports that are due.
     *
     * @return the work done (0 when nothing was due)
     */
    int doWork(long nowNanos) {
        if (streams.length == 0) {
            return 0;
        }
        int work = 0;
        if (nowNanos >= nextPollNanos) {
            nextPollNanos = nowNanos + config.receivePollNanos();
            work += poll();
        }
        for (RtcpStreamState stream : streams) {
            if (stream.leaving && !stream.byeSent && nowNanos >= stream.byeDueNanos) {
                bye(stream, nowNanos, 0);
                work++;
            }
            if (stream.byeSent || stream.leaving || !stream.anchored() || stream.ssrc == FramePacketizer.UNKNOWN_SSRC) {
                continue; // the first report goes as soon as the media clock is known, before the first packet
            }
            if (stream.reportsSent == 0 || nowNanos >= stream.nextReportNanos) {
                reports.send(stream, nowNanos, false, 0);
                long deterministic = stream.interval.deterministicNanos(stream.members(), 1,
                        config.bandwidthShare() * stream.mediaBytesPerSecond(nowNanos), stream.minimumIntervalNanos,
                        stream.initial);
                stream.initial = false;
                stream.nextReportNanos = nowNanos + RtcpInterval.randomizedNanos(deterministic, random.nextDouble());
                work++;
            }
        }
        return work;
    }

    private int poll() {
        if (receiveStopped) {
            return 0;
        }
        int received = 0;
        for (DatagramReceiver receiver : receivers) {
            while (true) {
                int n;
                try {
                    n = receiver.receive(batch, 0);
                } catch (SenderClosedException closed) {
                    receiveStopped = true;
                    return received;
                } catch (IOException e) {
                    counters.beginWrite();
                    counters.receiveErrors++;
                    counters.endWrite();
                    break;
                }
                if (n == 0) {
                    break;
                }
                long arrival = clock.nanoTime();
                ByteBuffer buffer = batch.buffer();
                counters.beginWrite();
                for (int i = 0; i < n; i++) {
                    if (batch.truncated(i)) {
                        counters.datagramsReceived++;
                        counters.truncated++;
                    } else {
                        feedback.handle(buffer, batch.offset(i), batch.length(i), batch.source(i), arrival);
                    }
                }
                counters.endWrite();
                received += n;
                if (n < batch.capacity()) {
                    break;
                }
            }
        }
        return received;
    }

    /**
     * Retires {@code stream}, which was registered here: no more reports, and its last report
     * with a BYE from {@link #doWork} once {@link RtcpConfig#byeDelayNanos()} has passed since its
     * last media datagram (or at close); its SRTP contexts are closed after that BYE.
     */
    void streamRemoved(TransmitterStream stream) {
        RtcpStreamState state = stream.rtcp;
        state.byeDueNanos = byeDue(state);
        state.leaving = true;
    }

    /**
     * Says goodbye for every stream still in the session (when {@code linger}, first waiting
     * until the last one's BYE is due, at most {@link RtcpConfig#byeDelayNanos()}), waiting up to
     * {@code timeoutMicros} per stream for room in the socket, and frees the receive memory.
     * Once, at close.
     */
    void close(long timeoutMicros, boolean linger) {
        if (linger) {
            long due = Long.MIN_VALUE;
            for (RtcpStreamState stream : streams) {
                if (!stream.byeSent) {
                    due = Math.max(due, stream.leaving ? stream.byeDueNanos : byeDue(stream));
                }
            }
            if (due != Long.MIN_VALUE) { // some stream sent media: wait what is left of its delay
                sleepNanos(Math.min(due - clock.nanoTime(), config.byeDelayNanos()));
            }
        }
        long now = clock.nanoTime();
        for (RtcpStreamState stream : streams) {
            if (!stream.byeSent) {
                bye(stream, now, timeoutMicros);
            }
        }
        if (batch != null) {
            batch.close();
        }
    }

    /** When {@code stream}'s BYE may go: the delay after its last media datagram (none sent: any time). */
    private long byeDue(RtcpStreamState stream) {
        return stream.started ? stream.lastMediaNanos + config.byeDelayNanos() : Long.MIN_VALUE;
    }

    /** Sleeps {@code nanos} of real time (nothing when not positive), keeping an interrupt for the caller. */
    private static void sleepNanos(long nanos) {
        long deadline = System.nanoTime() + nanos;
        boolean interrupted = false;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void bye(RtcpStreamState stream, long nowNanos, long timeoutMicros) {
        stream.byeSent = true;
        if (stream.started || stream.reportsSent > 0) {
            reports.send(stream, nowNanos, true, timeoutMicros);
        }
        if (stream.leaving && stream.stream.srtp != null) {
            stream.stream.srtp.close();
        }
    }

    // ---- called by the feedback reader, inside a counters write block ----

    /** True when any stream is SRTP: then feedback must be SRTCP that one of them authenticates. */
    boolean encrypted() {
        return encryptedStreams > 0;
    }

    /**
     * Unprotects the SRTCP datagram in place with the feedback keys of the encrypted streams,
     * trying each until one authenticates it.
     *
     * @return the plaintext length, or a negative SRTP status when none did
     */
    int unprotectFeedback(ByteBuffer buffer, int offset, int length) {
        int result = -1;
        for (RtcpStreamState stream : streams) {
            StreamSrtp srtp = stream.stream.srtp;
            if (srtp == null || stream.byeSent || stream.leaving) {
                continue;
            }
            for (SrtpReceiver receiver : srtp.feedback()) {
                result = receiver.unprotectRtcp(buffer, offset, length);
                if (result >= 0) {
                    return result;
                }
            }
        }
        return result;
    }

    /** The active stream sending {@code ssrc}, or null. */
    RtcpStreamState streamBySsrc(long ssrc) {
        for (RtcpStreamState stream : streams) {
            if (stream.ssrc == ssrc && !stream.byeSent && !stream.leaving) {
                return stream;
            }
        }
        return null;
    }

    /** The receiver {@code reporterSsrc} of {@code stream}, heard now from {@code source}. */
    RemoteReceiver receiver(RtcpStreamState stream, long reporterSsrc, InetSocketAddress source, long nowNanos) {
        RemoteReceiver r = stream.existingReceiver(reporterSsrc);
        if (r == null) {
            r = stream.receiver(reporterSsrc, nowNanos);
            RemoteReceiver[] all = Arrays.copyOf(counters.receivers, counters.receivers.length + 1);
            all[all.length - 1] = r;
            counters.receivers = all;
        }
        r.lastHeardNanos = nowNanos;
        r.source = source;
        r.left = false;
        return r;
    }

    /** Every receiver reporting as {@code reporterSsrc} sent a BYE. */
    void receiverLeft(long reporterSsrc) {
        for (RtcpStreamState stream : streams) {
            RemoteReceiver r = stream.existingReceiver(reporterSsrc);
            if (r != null) {
                r.left = true;
            }
        }
    }

    /** The CNAME of {@code reporterSsrc}, from SDES. */
    void receiverCname(long reporterSsrc, ByteBuffer buffer, int offset, int length) {
        for (RtcpStreamState stream : streams) {
            RemoteReceiver r = stream.existingReceiver(reporterSsrc);
            if (r != null) {
                r.cname = RtcpFeedbackReader.cname(r.cname, buffer, offset, length);
            }
        }
    }

    /** Tells the listener of a keyframe request unless one was told within the minimum interval. */
    void keyframeRequested(RtcpStreamState stream, long requesterSsrc, boolean fullIntraRequest, long nowNanos) {
        if (stream.lastKeyframeRequestNanos != Long.MIN_VALUE
                && nowNanos - stream.lastKeyframeRequestNanos < config.keyframeRequestIntervalNanos()) {
            counters.keyframeRequestsSuppressed++;
            return;
        }
        stream.lastKeyframeRequestNanos = nowNanos;
        counters.keyframeRequestsTold++;
        config.listener().keyframeRequested(stream.stream, requesterSsrc, fullIntraRequest);
    }

    /** Hands a counted NACK on. */
    void nackReceived(RtcpStreamState stream, GenericNack nack, RemoteReceiver from, long nowNanos) {
        nackHandler.nack(stream, nack, from, nowNanos);
    }

    /** The NTP timestamp of the transmitter instant {@code nanos}. */
    long ntpTimestamp(long nanos) {
        return reports.ntpTimestamp(nanos);
    }
}

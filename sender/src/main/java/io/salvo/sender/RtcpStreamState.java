package io.salvo.sender;

import io.salvo.pacer.PriorityClass;
import io.salvo.rtp.MediaClock;
import io.salvo.rtp.Timestamps;

import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * The RTCP side of one {@link TransmitterStream}, kept by the transmitter thread: the SSRC and
 * media clock, the anchor that maps wall time to RTP time (the last frame's RTP timestamp and
 * capture time, as libwebrtc keeps it), what left the socket per destination (the Sender
 * Report's packet and octet counts), the report schedule, and the receivers that report on it.
 */
final class RtcpStreamState {
    private static final int MAX_RECEIVERS = 64;

    final TransmitterStream stream;
    final int clockRate;
    final long minimumIntervalNanos;
    final InetSocketAddress[] rtcpDestinations;
    final long[] packetsSent;
    final long[] octetsSent;
    long ssrc;
    boolean started;
    /** Sequence number of the first packet sent, the base a receiver's expected count starts from. */
    int firstSequenceNumber;
    boolean initial = true;
    boolean byeSent;
    /** Removed from the transmitter: no more reports, its BYE is due at {@link #byeDueNanos}. */
    boolean leaving;
    long byeDueNanos;
    /** Tick time of the last media datagram sent (valid once {@link #started}). */
    long lastMediaNanos;
    long nextReportNanos;
    long reportsSent;
    long lastKeyframeRequestNanos = Long.MIN_VALUE;
    RtcpInterval interval;
    private boolean anchored;
    private long anchorRtpTimestamp;
    private long anchorCaptureNanos;
    private long octetsAtLastRate;
    private long lastRateNanos;
    private double mediaBytesPerSecond;
    /** Copy-on-write, read by snapshots on other threads. */
    volatile RemoteReceiver[] receivers = new RemoteReceiver[0];

    RtcpStreamState(TransmitterStream stream, long ssrc, int clockRate, RtcpConfig config,
                    InetSocketAddress[] rtcpDestinations) {
        this.stream = stream;
        this.ssrc = ssrc;
        this.clockRate = clockRate;
        this.minimumIntervalNanos = stream.priority() == PriorityClass.AUDIO
                ? config.audioIntervalNanos() : config.videoIntervalNanos();
        this.rtcpDestinations = rtcpDestinations;
        this.packetsSent = new long[rtcpDestinations.length];
        this.octetsSent = new long[rtcpDestinations.length];
    }

    /** A frame with {@code rtpTimestamp} captured at {@code captureNanos} (transmitter clock) was taken. */
    void anchor(long rtpTimestamp, long captureNanos) {
        anchored = true;
        anchorRtpTimestamp = rtpTimestamp & 0xFFFF_FFFFL;
        anchorCaptureNanos = captureNanos;
    }

    /** True once a frame has anchored the media clock. */
    boolean anchored() {
        return anchored;
    }

    /**
     * The RTP timestamp of the instant {@code nowNanos}: the last frame's timestamp advanced by
     * the media clock for the time since its capture (not the last packet's timestamp).
     */
    long rtpTimestampAt(long nowNanos) {
        long elapsedTicks = MediaClock.rescale(nowNanos - anchorCaptureNanos, 1_000_000_000L, clockRate);
        return Timestamps.add(anchorRtpTimestamp, elapsedTicks);
    }

    /** One datagram of {@code payloadBytes} left for destination {@code index}. */
    void sent(int index, int payloadBytes) {
        packetsSent[index]++;
        octetsSent[index] += payloadBytes;
    }

    /** The media rate sent to the first destination, bytes per second, measured between reports. */
    double mediaBytesPerSecond(long nowNanos) {
        long elapsed = nowNanos - lastRateNanos;
        if (lastRateNanos == 0 || elapsed >= 100_000_000L) {
            if (lastRateNanos != 0) {
                mediaBytesPerSecond = (octetsSent[0] - octetsAtLastRate) * 1e9 / elapsed;
            }
            octetsAtLastRate = octetsSent[0];
            lastRateNanos = nowNanos;
        }
        return mediaBytesPerSecond;
    }

    /** Receivers known, this sender included: the members of the RTP session. */
    int members() {
        int members = 1;
        for (RemoteReceiver r : receivers) {
            if (!r.left) {
                members++;
            }
        }
        return members;
    }

    /** The receiver that reports as {@code reporterSsrc}, made (and the oldest-silent evicted past 64) if new. */
    RemoteReceiver receiver(long reporterSsrc, long nowNanos) {
        RemoteReceiver[] current = receivers;
        for (RemoteReceiver r : current) {
            if (r.reporterSsrc == reporterSsrc) {
                return r;
            }
        }
        RemoteReceiver created = new RemoteReceiver(this, reporterSsrc, nowNanos);
        RemoteReceiver[] grown;
        if (current.length < MAX_RECEIVERS) {
            grown = Arrays.copyOf(current, current.length + 1);
            grown[current.length] = created;
        } else {
            grown = current.clone();
            int oldest = 0;
            for (int i = 1; i < grown.length; i++) {
                if (grown[i].lastHeardNanos < grown[oldest].lastHeardNanos) {
                    oldest = i;
                }
            }
            grown[oldest] = created;
        }
        receivers = grown;
        return created;
    }

    /** The receiver that reports as {@code reporterSsrc}, or null. */
    RemoteReceiver existingReceiver(long reporterSsrc) {
        for (RemoteReceiver r : receivers) {
            if (r.reporterSsrc == reporterSsrc) {
                return r;
            }
        }
        return null;
    }
}

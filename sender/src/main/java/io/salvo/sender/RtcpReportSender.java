package io.salvo.sender;

import io.salvo.rtcp.Bye;
import io.salvo.rtcp.NtpTime;
import io.salvo.rtcp.ReceiverReport;
import io.salvo.rtcp.SenderReport;
import io.salvo.rtcp.SourceDescription;
import io.salvo.rtp.OutputMessage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes and sends one stream's compound RTCP report to each of its destinations: a Sender
 * Report whose counts are what left the socket for that destination and whose RTP timestamp is
 * the stream's media clock at the report's NTP time, then SDES with the CNAME, then BYE when
 * the stream ends. The first SR goes out as soon as the stream's media clock is known (its first
 * frame, or {@link Transmitter#anchor}), before its first packet and so with counts of 0, for
 * receivers that sync streams to place even the first frames; a stream whose clock is not known
 * yet gets an empty Receiver Report in the SR's place (RFC 3550 §6.4). Reports are written into one preallocated direct buffer and sent in
 * one call; what the socket would not take is counted, not retried (the next report carries on).
 */
final class RtcpReportSender {
    private final DatagramSender socket;
    private final byte[] cname;
    private final RtcpCounters counters;
    private final long epochOffsetNanos;
    private final int stride;
    private ByteBuffer buffer;
    private ByteBuffer sealed;
    private OutputMessage[] messages = new OutputMessage[0];
    private boolean stopped;

    /**
     * @param epochOffsetNanos Unix epoch time minus the transmitter clock's time: what turns a
     *                         transmitter instant into the report's NTP timestamp
     */
    RtcpReportSender(DatagramSender socket, byte[] cname, RtcpCounters counters, long epochOffsetNanos) {
        this.socket = socket;
        this.cname = cname;
        this.counters = counters;
        this.epochOffsetNanos = epochOffsetNanos;
        this.stride = (SenderReport.length(0) + SourceDescription.cnameLength(cname.length) + Bye.length(0) + 7) & ~7;
        ensureCapacity(1);
    }

    /** Bytes of one report without BYE. */
    int reportLength() {
        return SenderReport.length(0) + SourceDescription.cnameLength(cname.length);
    }

    /** The NTP timestamp of the transmitter instant {@code nanos}. */
    long ntpTimestamp(long nanos) {
        return NtpTime.fromEpochNanos(nanos + epochOffsetNanos);
    }

    /** True once the socket was found closed: nothing is sent any more. */
    boolean stopped() {
        return stopped;
    }

    /** Makes room for streams of up to {@code destinations} destinations (allocates; at registration only). */
    void ensureCapacity(int destinations) {
        if (messages.length >= destinations) {
            return;
        }
        buffer = ByteBuffer.allocateDirect(stride * destinations).order(ByteOrder.BIG_ENDIAN);
        sealed = null; // made again, at the new size, when an SRTP stream first reports
        messages = new OutputMessage[destinations];
        for (int i = 0; i < destinations; i++) {
            messages[i] = new OutputMessage();
        }
    }

    /**
     * Sends {@code stream}'s report, with a BYE when {@code bye}, to every destination, waiting
     * at most {@code timeoutMicros} for room (0: not at all).
     *
     * @return the number of reports the kernel took
     */
    int send(RtcpStreamState stream, long nowNanos, boolean bye, long timeoutMicros) {
        if (stopped) {
            return 0;
        }
        int destinations = stream.rtcpDestinations.length;
        long ntp = ntpTimestamp(nowNanos);
        long rtp = stream.anchored() ? stream.rtpTimestampAt(nowNanos) : 0;
        for (int d = 0; d < destinations; d++) {
            int start = d * stride;
            int index = start;
            if (stream.anchored()) {
                index += SenderReport.write(buffer, index, stream.ssrc, ntp, rtp, stream.packetsSent[d],
                        stream.octetsSent[d], 0);
            } else {
                index += ReceiverReport.write(buffer, index, stream.ssrc, 0);
            }
            index += SourceDescription.writeCname(buffer, index, stream.ssrc, cname);
            if (bye) {
                index += Bye.write(buffer, index, stream.ssrc, (byte[]) null);
            }
            StreamSrtp srtp = stream.stream.srtp;
            if (srtp == null) {
                messages[d].clear().add(buffer, start, index - start).address(stream.rtcpDestinations[d]);
            } else {
                if (sealed == null) {
                    sealed = ByteBuffer.allocateDirect((stride + 64) * messages.length).order(ByteOrder.BIG_ENDIAN);
                }
                int at = d * (stride + 64);
                int length = srtp.sender(d).protectRtcp(buffer, start, index - start, sealed, at);
                messages[d].clear().add(sealed, at, length).address(stream.rtcpDestinations[d]);
            }
        }
        int sent = sendAll(destinations, timeoutMicros);
        counters.beginWrite();
        for (int d = 0; d < destinations; d++) {
            if (messages[d].bytesSent() > 0) {
                counters.reportsSent++;
                counters.reportBytesSent += messages[d].bytesSent();
                if (bye) {
                    counters.byesSent++;
                }
            } else {
                counters.reportsUnsent++;
            }
        }
        counters.endWrite();
        if (stream.interval == null) {
            stream.interval = new RtcpInterval(messages[0].length());
        } else {
            stream.interval.sent(messages[0].length());
        }
        stream.reportsSent++;
        return sent;
    }

    /** Sends messages [0, count), skipping one the kernel refuses; returns how many were sent. */
    private int sendAll(int count, long timeoutMicros) {
        int start = 0;
        int sent = 0;
        for (int i = 0; i < count; i++) {
            messages[i].bytesSent(0);
        }
        while (start < count) {
            try {
                int n = socket.send(messages, start, count - start, 0, timeoutMicros, null);
                sent += n;
                start += n;
            } catch (ErrnoException refused) {
                start = refused.messageIndex() + 1;
            } catch (SenderClosedException closed) {
                stopped = true;
                break;
            } catch (IOException wouldBlockOrTimedOut) {
                break;
            }
        }
        return sent;
    }
}

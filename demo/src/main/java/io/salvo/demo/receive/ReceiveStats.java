package io.salvo.demo.receive;

import io.salvo.rtp.RtpHeader;
import io.salvo.rtp.RtpPacketView;
import io.salvo.rtp.RtpParseError;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts received datagrams: parses each with one reusable {@link RtpPacketView} and feeds the
 * {@link StreamStats} of its SSRC; counts datagrams that are not RTP by {@link RtpParseError},
 * RTCP apart (RFC 5761 §4: second byte 192..223; and whatever a {@link RtcpSession} reads), and
 * packets of SSRCs beyond the limit as untracked. One thread feeds it; nothing is allocated per
 * datagram once its streams exist.
 */
final class ReceiveStats {
    /** At most this many SSRCs are tracked by default. */
    static final int MAX_STREAMS = 4096;
    private static final RtpParseError[] ERRORS = RtpParseError.values();
    private static final int RTCP_FIRST_TYPE = 192;
    private static final int RTCP_LAST_TYPE = 223;
    private static final int RTCP_MIN_LENGTH = 8; // header and sender SSRC

    private final RtpPacketView view = new RtpPacketView();
    private final StreamTable streams;
    private final long[] notRtp = new long[ERRORS.length];
    private long rtcp;
    private long untracked;
    private long firstArrivalNanos;
    private long lastArrivalNanos;
    private boolean anyPacket;

    /** Stats with a fixed clock rate in Hz, or 0 to choose it by payload type. */
    ReceiveStats(int clockRateOverride) {
        this(MAX_STREAMS, clockRateOverride);
    }

    ReceiveStats(int maxStreams, int clockRateOverride) {
        this.streams = new StreamTable(maxStreams, clockRateOverride);
    }

    /** Counts the {@code length} bytes at absolute index {@code offset} of {@code buffer}. */
    void onDatagram(ByteBuffer buffer, int offset, int length, long arrivalNanos) {
        onDatagram(buffer, offset, length, arrivalNanos, null);
    }

    /**
     * Counts the {@code length} bytes at absolute index {@code offset} of {@code buffer}, which
     * came from {@code source} (kept as the stream's source; may be null).
     */
    void onDatagram(ByteBuffer buffer, int offset, int length, long arrivalNanos, SocketAddress source) {
        if (isRtcp(buffer, offset, length)) {
            rtcp++;
            return;
        }
        onRtp(buffer, offset, length, length, arrivalNanos, source);
    }

    /**
     * Counts the RTP packet of {@code length} bytes at absolute index {@code offset} of
     * {@code buffer} that arrived as a datagram of {@code wireLength} bytes (an SRTP packet,
     * decrypted in place, is its tag shorter), from {@code source} (may be null).
     */
    void onRtp(ByteBuffer buffer, int offset, int length, int wireLength, long arrivalNanos, SocketAddress source) {
        RtpParseError error = view.wrap(buffer, offset, length);
        if (error != RtpParseError.OK) {
            notRtp[error.ordinal()]++;
            return;
        }
        RtpHeader header = view.header();
        StreamStats stats = streams.get(header.ssrc(), header.payloadType());
        if (stats == null) {
            untracked++;
            return;
        }
        if (!anyPacket) {
            anyPacket = true;
            firstArrivalNanos = arrivalNanos;
        }
        lastArrivalNanos = arrivalNanos;
        stats.source(source);
        stats.onPacket(header.sequenceNumber(), header.timestamp(), header.payloadType(), header.marker(),
                view.payloadLength(), wireLength, arrivalNanos);
    }

    /** Counts an RTCP datagram that a {@link RtcpSession} reads. */
    void onRtcpDatagram() {
        rtcp++;
    }

    /** The streams, for joining RTCP to them. */
    StreamTable streams() {
        return streams;
    }

    /** True for RTCP by its second byte (RFC 5761 §4: 192..223); SRTCP keeps those bytes in clear. */
    static boolean isRtcp(ByteBuffer buffer, int offset, int length) {
        if (length < RTCP_MIN_LENGTH || (buffer.get(offset) & 0xC0) != RtpHeader.VERSION << 6) {
            return false;
        }
        int packetType = buffer.get(offset + 1) & 0xFF;
        return packetType >= RTCP_FIRST_TYPE && packetType <= RTCP_LAST_TYPE;
    }

    /** A copy of every number; {@code elapsedNanos} is how long the receiver has been listening. */
    ReceiveSnapshot snapshot(long elapsedNanos) {
        return snapshot(elapsedNanos, RtcpSnapshot.OFF);
    }

    /** A copy of every number, with what RTCP did. */
    ReceiveSnapshot snapshot(long elapsedNanos, RtcpSnapshot rtcpSession) {
        return snapshot(elapsedNanos, rtcpSession, SrtpSnapshot.OFF);
    }

    /** A copy of every number, with what RTCP and SRTP did. */
    ReceiveSnapshot snapshot(long elapsedNanos, RtcpSnapshot rtcpSession, SrtpSnapshot srtp) {
        List<StreamSnapshot> copies = new ArrayList<>(streams.size());
        for (int i = 0; i < streams.size(); i++) {
            copies.add(streams.at(i).snapshot());
        }
        Map<RtpParseError, Long> errors = new EnumMap<>(RtpParseError.class);
        for (RtpParseError error : ERRORS) {
            if (notRtp[error.ordinal()] != 0) {
                errors.put(error, notRtp[error.ordinal()]);
            }
        }
        return new ReceiveSnapshot(elapsedNanos, copies, errors, rtcp, untracked,
                anyPacket ? lastArrivalNanos - firstArrivalNanos : 0, rtcpSession, srtp);
    }
}

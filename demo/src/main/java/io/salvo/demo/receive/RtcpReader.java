package io.salvo.demo.receive;

import io.salvo.rtcp.Bye;
import io.salvo.rtcp.RtcpCompound;
import io.salvo.rtcp.RtcpPacketType;
import io.salvo.rtcp.RtcpParseError;
import io.salvo.rtcp.SenderReport;
import io.salvo.rtcp.SourceDescription;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;

/**
 * Reads received RTCP datagrams into {@link RemoteSources}: an SR updates its sender's source
 * (its NTP and RTP timestamps, counts, arrival time and the address it came from), an SDES CNAME
 * item the CNAME of its SSRC, a BYE marks its SSRCs as gone. The compound is checked first with
 * {@link RtcpCompound}; a datagram that fails is counted by {@link RtcpParseError} and dropped, a
 * packet inside a well-formed compound that fails its own parser is counted and skipped, never
 * fatal. Other packet types (RR, APP, feedback) are walked over. Allocates nothing, unless a new
 * SSRC or a changed CNAME appears.
 */
final class RtcpReader {
    private static final RtcpParseError[] ERRORS = RtcpParseError.values();

    private final RtcpCompound compound = new RtcpCompound();
    private final SenderReport senderReport = new SenderReport();
    private final SourceDescription description = new SourceDescription();
    private final Bye bye = new Bye();
    private final RemoteSources sources;
    private final long[] malformed = new long[ERRORS.length];
    private long datagrams;
    private long senderReports;
    private long byes;

    RtcpReader(RemoteSources sources) {
        this.sources = sources;
    }

    /**
     * Reads the RTCP datagram of {@code length} bytes at absolute index {@code offset}, which
     * arrived at {@code arrivalNanos} from {@code source}.
     *
     * @return true when it held the first SR of a sender
     */
    boolean onDatagram(ByteBuffer buffer, int offset, int length, long arrivalNanos, SocketAddress source) {
        datagrams++;
        RtcpParseError error = compound.wrap(buffer, offset, length);
        if (error != RtcpParseError.OK) {
            malformed[error.ordinal()]++;
            return false;
        }
        sources.joinStreams();
        boolean firstSenderReport = false;
        while (compound.next()) {
            switch (compound.packetType()) {
                case RtcpPacketType.SR -> firstSenderReport |= onSenderReport(buffer, arrivalNanos, source);
                case RtcpPacketType.SDES -> onSourceDescription(buffer);
                case RtcpPacketType.BYE -> onBye(buffer);
                default -> { } // RR, APP, feedback: nothing a receiver needs
            }
        }
        return firstSenderReport;
    }

    private boolean onSenderReport(ByteBuffer buffer, long arrivalNanos, SocketAddress source) {
        if (!parsed(senderReport.wrap(buffer, compound.packetOffset(), compound.packetLength()))) {
            return false;
        }
        senderReports++;
        RemoteSource sender = sources.getOrAdd(senderReport.ssrc());
        return sender != null && sender.onSenderReport(senderReport, arrivalNanos, source);
    }

    private void onSourceDescription(ByteBuffer buffer) {
        if (!parsed(description.wrap(buffer, compound.packetOffset(), compound.packetLength()))) {
            return;
        }
        while (description.nextChunk()) {
            while (description.nextItem()) {
                if (description.itemType() == SourceDescription.CNAME) {
                    RemoteSource described = sources.getOrAdd(description.chunkSsrc());
                    if (described != null) {
                        described.onCname(buffer, description.itemOffset(), description.itemLength());
                    }
                }
            }
        }
    }

    private void onBye(ByteBuffer buffer) {
        if (!parsed(bye.wrap(buffer, compound.packetOffset(), compound.packetLength()))) {
            return;
        }
        byes++;
        for (int i = 0; i < bye.ssrcCount(); i++) {
            RemoteSource leaving = sources.get(bye.ssrc(i));
            if (leaving != null) {
                leaving.onBye();
            }
        }
    }

    private boolean parsed(RtcpParseError error) {
        if (error == RtcpParseError.OK) {
            return true;
        }
        malformed[error.ordinal()]++;
        return false;
    }

    /** RTCP datagrams read, well-formed or not. */
    long datagrams() {
        return datagrams;
    }

    /** Sender reports read. */
    long senderReports() {
        return senderReports;
    }

    /** BYE packets read. */
    long byes() {
        return byes;
    }

    /** Malformed datagrams and packets by what was wrong (no zero entries); allocates. */
    Map<RtcpParseError, Long> malformed() {
        Map<RtcpParseError, Long> counts = new EnumMap<>(RtcpParseError.class);
        for (RtcpParseError error : ERRORS) {
            if (malformed[error.ordinal()] != 0) {
                counts.put(error, malformed[error.ordinal()]);
            }
        }
        return counts;
    }
}

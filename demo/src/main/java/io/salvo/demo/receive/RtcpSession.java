package io.salvo.demo.receive;

import io.salvo.rtcp.Bye;
import io.salvo.rtcp.ReceiverReport;
import io.salvo.rtcp.RtcpHeader;
import io.salvo.rtcp.SourceDescription;
import io.salvo.srtp.SrtpReceiver;
import io.salvo.srtp.SrtpSender;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A receiver's side of RTCP (RFC 3550 §6): reads what arrives with a {@link RtcpReader}, and when
 * its {@link ReportTimer} says so sends one compound datagram, an RR with a report block per
 * source (see {@link ReportBlocks}) and an SDES with our CNAME, to every place reports go; when
 * the receiver stops, the same followed by our BYE.
 *
 * <p>Where reports go: to every distinct address the SRs of a source that has not said BYE came
 * from (symmetric RTCP, RFC 4961: a sender reads RRs on the socket it sends SRs from). With
 * rtcp-mux, a source without an SR yet is reported to where its RTP comes from, which is its RTCP
 * port too. Without rtcp-mux, a source that sent no SR gets no report sent to it: the RTP source
 * port + 1 is only a guess (senders often send RTP from an ephemeral port, whose successor may
 * belong to another program), and a sender that sends no SR reads no RR. Its report block still
 * goes to the others.
 *
 * <p>Each RR holds at most 31 blocks: beyond that the sources take turns (RFC 3550 §6.4). Our SSRC
 * is random; if a source turns up with the same one, we take another (RFC 3550 §8.2, without the
 * BYE for the old one). Datagrams leave from {@code channel}, the socket RTCP arrives on. One
 * thread calls it; it allocates nothing per report, only when a new source or place appears.
 *
 * <p>With SRTP, what arrives is SRTCP, authenticated and decrypted by the receiver's
 * {@link SrtpReceiver} before it is read (rejected datagrams are counted there and go no
 * further), and our compounds leave as SRTCP, protected once per report by an {@link SrtpSender}
 * under the same key: SDES gives a session one key for both directions, as ffmpeg uses it.
 */
final class RtcpSession {
    /** Enough for an RR of 31 blocks (752 bytes), an SDES with a 255-byte CNAME (268) and a BYE (8). */
    private static final int MAX_COMPOUND = 1100;

    private final DatagramChannel channel;
    private final int port;
    private final boolean mux;
    private final RemoteSources sources;
    private final RtcpReader reader;
    private final ReportTimer timer;
    private final RandomGenerator random;
    private final String cname;
    private final byte[] cnameUtf8;
    private final ByteBuffer out = ByteBuffer.allocateDirect(MAX_COMPOUND);
    private final SrtpReceiver srtpIn;
    private final SrtpSender srtpOut;
    private final ByteBuffer sealed;
    private final RemoteSource[] blocks = new RemoteSource[RtcpHeader.MAX_COUNT];
    private RemoteSource[] reportable = new RemoteSource[16];
    private SocketAddress[] destinations = new SocketAddress[4];
    private int turn;
    private long ssrc;
    private long reportsSent;
    private long bytesSent;
    private long sendErrors;
    private boolean byeSent;

    /**
     * A session sending from {@code channel} (bound to {@code port}) about the streams of
     * {@code streams}, drawing our SSRC and the report times from {@code random}.
     */
    RtcpSession(DatagramChannel channel, int port, RtcpOptions options, StreamTable streams, int maxSources,
                RandomGenerator random, long nowNanos) {
        this(channel, port, options, streams, maxSources, random, nowNanos, null, null);
    }

    /**
     * A session as above whose RTCP is SRTCP: unprotected with {@code srtpIn}, ours protected with
     * {@code srtpOut} (both null: in clear).
     */
    RtcpSession(DatagramChannel channel, int port, RtcpOptions options, StreamTable streams, int maxSources,
                RandomGenerator random, long nowNanos, SrtpReceiver srtpIn, SrtpSender srtpOut) {
        if ((srtpIn == null) != (srtpOut == null)) {
            throw new IllegalArgumentException("SRTCP needs both contexts, or neither");
        }
        this.srtpIn = srtpIn;
        this.srtpOut = srtpOut;
        this.sealed = srtpOut == null ? null : ByteBuffer.allocateDirect(MAX_COMPOUND + srtpOut.profile().rtcpOverhead());
        this.channel = channel;
        this.port = port;
        this.mux = options.mux();
        this.sources = new RemoteSources(streams, maxSources);
        this.reader = new RtcpReader(sources);
        this.random = random;
        this.timer = new ReportTimer(options.interval().toNanos(), random, nowNanos);
        this.cname = options.cnameOrRandom();
        this.cnameUtf8 = cname.getBytes(StandardCharsets.UTF_8);
        this.ssrc = newSsrc();
    }

    /**
     * Reads an RTCP datagram that arrived at {@code arrivalNanos} from {@code source}; an SRTCP
     * one is decrypted in place first, or dropped when it does not authenticate.
     */
    void onDatagram(ByteBuffer buffer, int offset, int length, long arrivalNanos, SocketAddress source) {
        int plain = length;
        if (srtpIn != null) {
            plain = srtpIn.unprotectRtcp(buffer, offset, length);
            if (plain < 0) {
                return; // counted by the context, by SrtpStatus
            }
        }
        if (reader.onDatagram(buffer, offset, plain, arrivalNanos, source)) {
            timer.soon(arrivalNanos);
        }
    }

    /** When the next report is due ({@link System#nanoTime()}). */
    long deadline() {
        return timer.deadline();
    }

    /** Sends the reports due at {@code nowNanos}, if any. */
    void onTime(long nowNanos) {
        if (timer.due(nowNanos)) {
            send(nowNanos, false);
            timer.reported(nowNanos);
        }
    }

    /** Sends the last reports, with our BYE; the receiver stops. */
    void leave(long nowNanos) {
        send(nowNanos, true);
    }

    private void send(long nowNanos, boolean bye) {
        sources.joinStreams();
        if (sources.get(ssrc) != null) {
            ssrc = newSsrc();
        }
        int places = collectDestinations();
        if (places == 0) {
            return;
        }
        int length = compose(nowNanos, bye);
        ByteBuffer datagram = out;
        if (srtpOut != null) { // one SRTCP index per report, the same datagram to every place
            sealed.clear(); // the last send set its limit
            length = srtpOut.protectRtcp(out, 0, length, sealed, 0);
            datagram = sealed;
        }
        boolean anySent = false;
        for (int i = 0; i < places; i++) {
            datagram.limit(length).position(0);
            try {
                int sent = channel.send(datagram, destinations[i]);
                if (sent == length) {
                    reportsSent++;
                    bytesSent += sent;
                    anySent = true;
                } else {
                    sendErrors++;
                }
            } catch (IOException e) {
                sendErrors++;
            }
        }
        byeSent |= bye && anySent;
    }

    private int collectDestinations() {
        int count = 0;
        for (int i = 0; i < sources.size(); i++) {
            SocketAddress destination = sources.at(i).destination(mux);
            if (destination == null || contains(destination, count)) {
                continue;
            }
            if (count == destinations.length) {
                destinations = Arrays.copyOf(destinations, count * 2);
            }
            destinations[count++] = destination;
        }
        return count;
    }

    private boolean contains(SocketAddress destination, int count) {
        for (int i = 0; i < count; i++) {
            if (destinations[i].equals(destination)) {
                return true;
            }
        }
        return false;
    }

    /** Writes RR + SDES (+ BYE) into {@code out}; returns its length. */
    private int compose(long nowNanos, boolean bye) {
        out.clear(); // the absolute puts stop at the limit, which the last send set
        int count = chooseBlocks();
        int at = ReceiverReport.write(out, 0, ssrc, count);
        for (int i = 0; i < count; i++) {
            at += ReportBlocks.write(out, at, blocks[i], nowNanos);
            blocks[i] = null;
        }
        at += SourceDescription.writeCname(out, at, ssrc, cnameUtf8);
        if (bye) {
            at += Bye.write(out, at, ssrc, (byte[]) null);
        }
        return at;
    }

    /** Puts the sources this report covers in {@code blocks}: all, or 31 taking turns; returns how many. */
    private int chooseBlocks() {
        if (reportable.length < sources.size()) {
            reportable = new RemoteSource[Math.max(sources.size(), reportable.length * 2)];
        }
        int candidates = 0;
        for (int i = 0; i < sources.size(); i++) {
            if (sources.at(i).reportable()) {
                reportable[candidates++] = sources.at(i);
            }
        }
        int count = Math.min(candidates, blocks.length);
        int first = candidates <= blocks.length ? 0 : turn % candidates;
        for (int i = 0; i < count; i++) {
            blocks[i] = reportable[(first + i) % candidates];
        }
        turn = candidates == 0 ? 0 : (first + count) % candidates;
        Arrays.fill(reportable, 0, candidates, null);
        return count;
    }

    private long newSsrc() {
        long candidate;
        do {
            candidate = random.nextInt() & 0xFFFF_FFFFL;
        } while (sources.get(candidate) != null);
        return candidate;
    }

    /** A copy of every number, and of what RTCP said about each source. */
    RtcpSnapshot snapshot() {
        List<SenderSnapshot> senders = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            RemoteSource source = sources.at(i);
            if (source.heardOverRtcp()) {
                senders.add(source.snapshot());
            }
        }
        return new RtcpSnapshot(true, mux, port, ssrc, cname, reader.datagrams(), reader.malformed(),
                reader.senderReports(), reader.byes(), reportsSent, bytesSent, sendErrors, byeSent, senders);
    }
}

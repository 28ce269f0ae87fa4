package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.pacer.PacerConfig;
import io.salvo.pacer.PriorityClass;
import io.salvo.rtcp.Bye;
import io.salvo.rtcp.FullIntraRequest;
import io.salvo.rtcp.GenericNack;
import io.salvo.rtcp.NtpTime;
import io.salvo.rtcp.PictureLossIndication;
import io.salvo.rtcp.ReceiverReport;
import io.salvo.rtcp.ReportBlock;
import io.salvo.rtcp.RtcpCompound;
import io.salvo.rtcp.RtcpPacketType;
import io.salvo.rtcp.RtcpParseError;
import io.salvo.rtcp.SenderReport;
import io.salvo.rtcp.SourceDescription;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The RTCP side of the transmitter on a virtual clock with real loopback sockets: Sender Reports
 * (counts, media clock, schedule, CNAME), BYE, and what receivers' RTCP turns into.
 */
class RtcpSessionTest {
    private static final long MS = 1_000_000L;
    private static final long SSRC = 0x5A1F0001L;
    private static final int PAYLOAD = 1000;

    private long now = 1_000_000_000_000L;
    private long keyframeInterval;
    private long byeDelayMillis = 100;
    private final List<String> keyframeRequests = new ArrayList<>();
    private RtcpPeer peer;
    private Transmitter transmitter;

    @AfterEach
    void close() throws Exception {
        if (transmitter != null) {
            transmitter.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    private TransmitterStream start(SenderKind kind, boolean mux, int clockRate) throws Exception {
        peer = RtcpPeer.open(mux);
        // these streams send a few hundred bytes in all: at RFC 3550's 5 % their RTCP would get intervals of
        // many seconds, so the tests give RTCP the whole rate and the 1 s video minimum sets the pace
        RtcpConfig rtcp = RtcpConfig.builder().mux(mux).cname("salvo-test").bandwidthShare(1.0)
                .keyframeRequestInterval(keyframeInterval, TimeUnit.MILLISECONDS)
                .byeDelay(byeDelayMillis, TimeUnit.MILLISECONDS).listener(new RtcpListener() {
            @Override
            public void keyframeRequested(TransmitterStream stream, long requesterSsrc, boolean fullIntraRequest) {
                keyframeRequests.add((fullIntraRequest ? "FIR from " : "PLI from ") + requesterSsrc);
            }
        }).build();
        DatagramSender sender = kind.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        transmitter = Transmitter.create(sender, TransmitterConfig.builder().clock(() -> now).rtcp(rtcp)
                .pacer(PacerConfig.builder().unpaced().build()).build());
        return transmitter.addStream("cam", new ChunkPacketizer(SSRC, PAYLOAD, clockRate), PriorityClass.VIDEO,
                peer.rtpAddress());
    }

    private void submit(TransmitterStream stream, int bytes, long rtpTimestamp, long captureNanos) {
        assertTrue(transmitter.submit(stream, ByteBuffer.allocateDirect(bytes), 0, bytes, rtpTimestamp, captureNanos,
                true, 0, null));
    }

    /** Runs the loop for {@code millis} of virtual time in 250 us steps. */
    private void run(long millis) {
        for (long t = 0; t < millis * 4; t++) {
            transmitter.doWork();
            now += MS / 4;
        }
        transmitter.doWork();
    }

    private InetSocketAddress transmitterAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), transmitter.sender().localAddress().getPort());
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldSendASenderReportBeforeTheFirstPacketThenOneWithExactCountsAndTheCnameToTheNextPort(SenderKind kind)
            throws Exception {
        TransmitterStream stream = start(kind, false, 90_000);
        run(5);
        assertTrue(peer.drainRtcp().isEmpty(), "no report before the stream's media clock is known");

        submit(stream, 3 * PAYLOAD - 10, 1234, now);
        transmitter.doWork();

        assertEquals(3, peer.drainRtp().size());
        List<RtcpPeer.Datagram> first = peer.drainRtcp();
        assertEquals(1, first.size(), "one report, as the first frame was taken");
        SenderReport early = senderReport(first.get(0).bytes());
        assertEquals(0, early.packetCount(), "sent before the frame's packets: nothing had left yet");
        assertEquals(1234, early.rtpTimestamp(), "the frame was captured at the report's instant");
        long wallNanos = NtpTime.toEpochNanos(early.ntpTimestamp());
        long epochNow = Instant.now().getEpochSecond() * 1_000_000_000L + Instant.now().getNano();
        assertTrue(Math.abs(wallNanos - epochNow) < 2_000_000_000L, "NTP time is wall-clock time");

        run(800); // the second report comes 0.25 to 0.75 s later
        List<RtcpPeer.Datagram> second = peer.drainRtcp();
        assertEquals(1, second.size());
        ByteBuffer report = second.get(0).bytes();
        SenderReport sr = senderReport(report);
        assertEquals(SSRC, sr.ssrc());
        assertEquals(3, sr.packetCount());
        assertEquals(3 * PAYLOAD - 10, sr.octetCount(), "payload octets: RTP headers not counted");
        RtcpCompound compound = new RtcpCompound();
        assertEquals(RtcpParseError.OK, compound.wrap(report, 0, report.limit()));
        assertTrue(compound.next());
        assertTrue(compound.next());
        SourceDescription sdes = new SourceDescription();
        assertEquals(RtcpParseError.OK, sdes.wrap(report, compound.packetOffset(), compound.packetLength()));
        assertEquals("salvo-test", sdes.cname(SSRC));
        assertFalse(compound.next());
    }

    @Test
    void shouldSendTheFirstReportFromAnAnchorBeforeAnyFrame() throws Exception {
        TransmitterStream stream = start(SenderKind.SENDMMSG, false, 90_000);
        transmitter.anchor(stream, 90_000, now - 1_000_000_000L); // RTP 90000 was one second ago
        transmitter.doWork();

        List<RtcpPeer.Datagram> reports = peer.drainRtcp();
        assertEquals(1, reports.size());
        SenderReport sr = senderReport(reports.get(0).bytes());
        assertEquals(180_000, sr.rtpTimestamp(), "one second on the 90 kHz clock after the anchor");
        assertEquals(0, sr.packetCount());
        assertTrue(peer.drainRtp().isEmpty());
    }

    private static SenderReport senderReport(ByteBuffer datagram) {
        RtcpCompound compound = new RtcpCompound();
        assertEquals(RtcpParseError.OK, compound.wrap(datagram, 0, datagram.limit()));
        assertTrue(compound.next());
        SenderReport sr = new SenderReport();
        assertEquals(RtcpParseError.OK, sr.wrap(datagram, compound.packetOffset(), compound.packetLength()));
        return sr;
    }

    @Test
    void shouldExtrapolateTheRtpTimestampFromTheLastFrameCaptureTimeByTheMediaClock() throws Exception {
        TransmitterStream stream = start(SenderKind.SENDMMSG, false, 90_000);
        long capture = now;
        submit(stream, 100, 0xFFFF_FF00L, capture);
        transmitter.doWork();
        SenderReport first = senderReports().get(0);

        run(3000);

        List<SenderReport> later = senderReports();
        assertTrue(later.size() >= 2, "reports every second or so, got " + later.size());
        for (SenderReport sr : later) {
            long elapsedNanos = NtpTime.toEpochNanos(sr.ntpTimestamp()) - NtpTime.toEpochNanos(first.ntpTimestamp());
            long expected = (0xFFFF_FF00L + elapsedNanos * 90_000 / 1_000_000_000L) & 0xFFFF_FFFFL;
            assertEquals(expected, sr.rtpTimestamp(), 1.0, "RTP time runs on from the capture, across the 2^32 wrap");
            assertEquals(1, sr.packetCount());
        }
    }

    @Test
    void shouldReportAboutOnceAMinimumIntervalRandomizedBetweenHalfAndOneAndAHalf() throws Exception {
        TransmitterStream stream = start(SenderKind.SENDMMSG, false, 90_000);
        submit(stream, 100, 0, now);
        List<Long> times = new ArrayList<>();
        for (int second = 0; second < 120; second++) {
            run(1000);
            for (SenderReport sr : senderReports()) {
                times.add(NtpTime.toEpochNanos(sr.ntpTimestamp()));
            }
        }
        // 1 s minimum for video: 0.5 s before the second report, then uniform in [0.5 s, 1.5 s]
        assertTrue(times.size() > 100 && times.size() < 140, "reports in 120 s: " + times.size());
        for (int i = 2; i < times.size(); i++) {
            long gap = times.get(i) - times.get(i - 1);
            assertTrue(gap >= 499 * MS && gap <= 1501 * MS, "gap " + gap / MS + " ms");
        }
    }

    @Test
    void shouldSayByeWhenTheStreamIsRemovedAndWhenTheTransmitterCloses() throws Exception {
        TransmitterStream stream = start(SenderKind.SENDMMSG, false, 90_000);
        TransmitterStream other = transmitter.addStream("mic", new ChunkPacketizer(SSRC + 1, PAYLOAD, 48_000),
                PriorityClass.AUDIO, peer.rtpAddress());
        submit(stream, 100, 0, now);
        submit(other, 100, 0, now);
        run(1);
        peer.drainRtcp();

        transmitter.removeStream(other);
        run(100);
        assertEquals(List.of(SSRC + 1), byes(peer.drainRtcp()));

        transmitter.close();
        assertEquals(List.of(SSRC), byes(peer.drainRtcp()));
        assertEquals(2, transmitter.rtcpStats().byesSent());
    }

    @Test
    void shouldSendTheByeOfARemovedStreamOnceTheByeDelayHasPassedSinceItsLastMediaDatagram() throws Exception {
        TransmitterStream stream = start(SenderKind.SENDMMSG, false, 90_000);
        submit(stream, 100, 0, now);
        transmitter.doWork();
        long lastMedia = now;
        assertEquals(1, peer.drainRtp().size());
        peer.drainRtcp();

        now += 10 * MS;
        transmitter.removeStream(stream);
        transmitter.doWork();
        now = lastMedia + 100 * MS - 1;
        transmitter.doWork();
        assertTrue(peer.drainRtcp().isEmpty(), "no BYE while the receiver may still be reading the last media");

        now = lastMedia + 100 * MS;
        transmitter.doWork();
        assertEquals(List.of(SSRC), byes(peer.drainRtcp()));
        transmitter.close();
        assertEquals(1, transmitter.rtcpStats().byesSent(), "one BYE, not another at close");
    }

    @Test
    void shouldWaitAtCloseUntilTheByeDelayHasPassedSinceTheLastMediaDatagram() throws Exception {
        TransmitterStream stream = start(SenderKind.SENDMMSG, false, 90_000);
        submit(stream, 100, 0, now);
        transmitter.doWork();
        peer.drainRtcp();

        now += 40 * MS; // the clock stands still while close waits: it waits the 60 ms left, in real time
        long start = System.nanoTime();
        transmitter.close();
        long waited = System.nanoTime() - start;
        assertTrue(waited >= 60 * MS, "close sent the BYE after " + waited / 1000 + " us");
        assertEquals(List.of(SSRC), byes(peer.drainRtcp()));
    }

    @Test
    void shouldNotWaitAtCloseWhenTheByeDelayHasPassed() throws Exception {
        byeDelayMillis = 10_000;
        TransmitterStream stream = start(SenderKind.SENDMMSG, false, 90_000);
        submit(stream, 100, 0, now);
        transmitter.doWork();

        now += 10_000 * MS;
        long start = System.nanoTime();
        transmitter.close();
        long waited = System.nanoTime() - start;
        assertTrue(waited < 5_000 * MS, "close waited " + waited / MS + " ms for a delay that had passed");
        assertEquals(List.of(SSRC), byes(peer.drainRtcp()));
    }

    @Test
    void shouldNotWaitAtCloseForAStreamThatSentNoMedia() throws Exception {
        byeDelayMillis = 10_000;
        start(SenderKind.SENDMMSG, false, 90_000);
        transmitter.doWork();

        long start = System.nanoTime();
        transmitter.close();
        long waited = System.nanoTime() - start;
        assertTrue(waited < 5_000 * MS, "close waited " + waited / MS + " ms with no media sent");
    }

    @Test
    void shouldSendRtcpToTheRtpPortWithRtcpMux() throws Exception {
        TransmitterStream stream = start(SenderKind.SENDMMSG, true, 90_000);
        submit(stream, 100, 0, now);
        transmitter.doWork();
        List<RtcpPeer.Datagram> all = peer.drainRtp();
        assertEquals(2, all.size());
        assertTrue(RtcpPacketType.isRtcp(all.get(0).bytes(), 0, all.get(0).bytes().limit()), "the SR first");
        assertFalse(RtcpPacketType.isRtcp(all.get(1).bytes(), 0, all.get(1).bytes().limit()), "then the RTP packet");
    }

    @Test
    void shouldSendNoRtcpForAStreamWhosePacketizerHasNoClockOrWhenDisabled() throws Exception {
        TransmitterStream stream = start(SenderKind.SENDMMSG, false, 0);
        submit(stream, 100, 0, now);
        run(3000);
        transmitter.close();
        assertTrue(peer.drainRtcp().isEmpty());
        assertEquals(0, transmitter.rtcpStats().reportsSent());

        peer.close();
        peer = RtcpPeer.open(false);
        Transmitter off = Transmitter.create(SendmmsgSender.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                TransmitterConfig.builder().clock(() -> now).rtcp(RtcpConfig.disabled()).build());
        TransmitterStream s = off.addStream("cam", new ChunkPacketizer(SSRC, PAYLOAD, 90_000), PriorityClass.VIDEO,
                peer.rtpAddress());
        off.submit(s, ByteBuffer.allocateDirect(100), 0, 100, 0, true, 0, null);
        for (int i = 0; i < 3000; i++) {
            off.doWork();
            now += MS;
        }
        off.close();
        assertEquals(1, peer.drainRtp().size());
        assertTrue(peer.drainRtcp().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldTellLossJitterAndRoundTripFromAReceiverReport(SenderKind kind) throws Exception {
        TransmitterStream stream = start(kind, false, 90_000);
        submit(stream, 100, 0, now);
        transmitter.doWork();
        SenderReport sr = senderReports().get(0);
        long lsr = NtpTime.compact(sr.ntpTimestamp());
        now += 300 * MS;

        ByteBuffer rr = ByteBuffer.allocate(200);
        int length = ReceiverReport.write(rr, 0, 0xBEEFL, 1);
        // 10 % lost (26/256), 7 packets in all, jitter 450 ticks = 5 ms, the receiver held the SR 250 ms
        length += ReportBlock.write(rr, length, SSRC, 26, 7, 70_000, 450, lsr, 16_384);
        length += SourceDescription.writeCname(rr, length, 0xBEEFL, "viewer@10.0.0.9".getBytes());
        peer.sendRtcp(rr, length, transmitterAddress());
        run(1);

        RtcpStats stats = transmitter.rtcpStats();
        assertEquals(1, stats.receiverReportsReceived());
        assertEquals(1, stats.reportBlocks());
        RemoteReceiverReport report = stats.receivers().get(0);
        assertEquals("cam", report.stream());
        assertEquals(SSRC, report.mediaSsrc());
        assertEquals(0xBEEFL, report.reporterSsrc());
        assertEquals("viewer@10.0.0.9", report.cname());
        assertEquals(peer.rtcpAddress().getPort(), report.source().getPort());
        assertEquals(26, report.fractionLost());
        assertEquals(10.16, report.fractionLostPercent(), 0.01);
        assertEquals(7, report.cumulativeLost());
        assertEquals(70_000, report.extendedHighestSequence());
        assertEquals(5.0, report.jitterMillis(), 1e-9);
        // 300 ms after the SR, less the 250 ms the receiver held it: 50 ms (±1/65536 s of NTP rounding, ±1 poll)
        assertEquals(50.0, report.roundTripMillis(), 0.3);
    }

    @Test
    void shouldTellPliAndFirAsKeyframeRequestsOnceForARepeatedFirAndCountNacks() throws Exception {
        TransmitterStream stream = start(SenderKind.SENDMMSG, false, 90_000);
        submit(stream, 100, 0, now);
        transmitter.doWork();
        InetSocketAddress to = transmitterAddress();
        ByteBuffer b = ByteBuffer.allocate(100);
        int rr = ReceiverReport.write(b, 0, 0xBEEFL, 0);
        int length = rr + PictureLossIndication.write(b, rr, 0xBEEFL, SSRC);
        peer.sendRtcp(b, length, to);
        for (int sequence : new int[] {1, 1, 2}) {
            length = rr + FullIntraRequest.write(b, rr, 0xBEEFL, SSRC, sequence);
            peer.sendRtcp(b, length, to);
        }
        length = rr + GenericNack.write(b, rr, 0xBEEFL, SSRC, new int[] {65534, 65535, 0, 40}, 0, 4);
        peer.sendRtcp(b, length, to);
        length = rr + PictureLossIndication.write(b, rr, 0xBEEFL, SSRC + 99);
        peer.sendRtcp(b, length, to);
        run(1);

        assertEquals(List.of("PLI from 48879", "FIR from 48879", "FIR from 48879"), keyframeRequests);
        RtcpStats stats = transmitter.rtcpStats();
        assertEquals(1, stats.pictureLossIndications());
        assertEquals(2, stats.fullIntraRequests());
        assertEquals(1, stats.nacks());
        assertEquals(4, stats.nackedSequenceNumbers());
        assertEquals(1, stats.unknownSsrc(), "the PLI for an SSRC this transmitter does not send");
        RemoteReceiverReport viewer = stats.receivers().get(0);
        assertEquals(1, viewer.pictureLossIndications());
        assertEquals(2, viewer.fullIntraRequests());
        assertEquals(4, viewer.nackedSequenceNumbers());
    }

    @Test
    void shouldTellAtMostOneKeyframeRequestAMinimumIntervalAndCountTheRest() throws Exception {
        keyframeInterval = 300;
        TransmitterStream stream = start(SenderKind.SENDMMSG, false, 90_000);
        submit(stream, 100, 0, now);
        transmitter.doWork();
        ByteBuffer b = ByteBuffer.allocate(100);
        int rr = ReceiverReport.write(b, 0, 0xBEEFL, 0);
        int length = rr + PictureLossIndication.write(b, rr, 0xBEEFL, SSRC);
        for (int i = 0; i < 10; i++) { // a PLI every 100 ms for a second
            peer.sendRtcp(b, length, transmitterAddress());
            run(100);
        }
        // told at 0, 300, 600, 900 ms
        assertEquals(4, keyframeRequests.size(), keyframeRequests.toString());
        assertEquals(4, transmitter.rtcpStats().keyframeRequestsTold());
        assertEquals(6, transmitter.rtcpStats().keyframeRequestsSuppressed());
        assertEquals(10, transmitter.rtcpStats().pictureLossIndications());
    }

    @Test
    void shouldCountMalformedAndForeignDatagramsAndKeepReading() throws Exception {
        TransmitterStream stream = start(SenderKind.SENDMMSG, false, 90_000);
        submit(stream, 100, 0, now);
        transmitter.doWork();
        InetSocketAddress to = transmitterAddress();
        ByteBuffer b = ByteBuffer.allocate(100);
        int length = ReceiverReport.write(b, 0, 0xBEEFL, 1) + ReportBlock.write(b, 8, SSRC, 0, 0, 1, 0, 0, 0);
        peer.sendRtcp(b, length - 4, to); // the report block cut short; its length field still says 32 bytes
        ByteBuffer rtp = ByteBuffer.wrap(new byte[] {(byte) 0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1});
        peer.sendRtcp(rtp, 12, to);
        peer.sendRtcp(b, length, to);
        run(1);

        RtcpStats stats = transmitter.rtcpStats();
        assertEquals(3, stats.datagramsReceived());
        assertEquals(1, stats.malformed());
        assertEquals(1L, stats.malformedByError().get(RtcpParseError.LENGTH_OVERRUN));
        assertEquals(1, stats.notRtcp());
        assertEquals(1, stats.receiverReportsReceived());
        assertTrue(Double.isNaN(stats.receivers().get(0).roundTripMillis()), "no LSR: no round trip");
    }

    @Test
    void shouldReadReceiverReportsAndSendReportsWithoutAllocating() throws Exception {
        TransmitterStream stream = start(SenderKind.SENDMMSG, false, 90_000);
        submit(stream, 100, 0, now);
        InetSocketAddress to = transmitterAddress();
        ByteBuffer rr = ByteBuffer.allocate(200);
        int length = ReceiverReport.write(rr, 0, 0xBEEFL, 1);
        length += ReportBlock.write(rr, length, SSRC, 0, 0, 1, 0, 0, 0);
        length += SourceDescription.writeCname(rr, length, 0xBEEFL, "viewer".getBytes());
        for (int round = 0; round < 2000; round++) { // warm up
            peer.sendRtcp(rr, length, to);
            run(5);
        }
        peer.drainRtcp();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        long reportsBefore = transmitter.rtcpStats().reportsSent();
        long allocated = 0;
        int rounds = 2000;
        for (int round = 0; round < rounds; round++) {
            peer.sendRtcp(rr, length, to);
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int step = 0; step < 20; step++) {
                transmitter.doWork();
                now += MS / 4;
            }
            allocated += mx.getCurrentThreadAllocatedBytes() - before;
        }
        long reports = transmitter.rtcpStats().reportsSent() - reportsBefore;
        assertTrue(reports >= 5, "reports were sent meanwhile: " + reports);
        assertEquals(4000, transmitter.rtcpStats().receiverReportsReceived());
        assertTrue(allocated < rounds, "allocated " + allocated + " bytes for " + rounds + " receiver reports and "
                + reports + " sender reports");
    }

    private List<SenderReport> senderReports() throws Exception {
        List<SenderReport> reports = new ArrayList<>();
        for (RtcpPeer.Datagram d : peer.drainRtcp()) {
            RtcpCompound compound = new RtcpCompound();
            assertEquals(RtcpParseError.OK, compound.wrap(d.bytes(), 0, d.bytes().limit()));
            while (compound.next()) {
                if (compound.packetType() == RtcpPacketType.SR) {
                    SenderReport sr = new SenderReport();
                    assertEquals(RtcpParseError.OK, sr.wrap(d.bytes(), compound.packetOffset(), compound.packetLength()));
                    reports.add(sr);
                }
            }
        }
        return reports;
    }

    private static List<Long> byes(List<RtcpPeer.Datagram> datagrams) {
        List<Long> ssrcs = new ArrayList<>();
        for (RtcpPeer.Datagram d : datagrams) {
            RtcpCompound compound = new RtcpCompound();
            assertEquals(RtcpParseError.OK, compound.wrap(d.bytes(), 0, d.bytes().limit()));
            assertTrue(compound.startsWithReport(), "a BYE goes in a compound that starts with a report");
            while (compound.next()) {
                if (compound.packetType() == RtcpPacketType.BYE) {
                    Bye bye = new Bye();
                    assertEquals(RtcpParseError.OK, bye.wrap(d.bytes(), compound.packetOffset(), compound.packetLength()));
                    ssrcs.add(bye.ssrc(0));
                }
            }
        }
        assertNotNull(ssrcs);
        return ssrcs;
    }
}

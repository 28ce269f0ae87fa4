package io.salvo.demo.receive;

import io.salvo.rtcp.NtpTime;
import io.salvo.rtcp.RtcpParseError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A receiver and a hand-built sender on loopback exchanging SRs and RRs, with and without rtcp-mux. */
class RtcpReceiverTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final Duration LONG_INTERVAL = Duration.ofSeconds(60); // no periodic report during a test
    private static final String CNAME = "receiver@test";
    private static final String SENDER_CNAME = "sender@test";
    /** 1, 2, 3, 3 (duplicate), 4, then 5, 6, 7 missing, 8, 9, 10. */
    private static final int[] GAP_OF_THREE_AND_A_DUPLICATE = {1, 2, 3, 3, 4, 8, 9, 10};
    private static final long DLSR_TOLERANCE = NtpTime.nanosToCompact(TimeUnit.MILLISECONDS.toNanos(50));

    private RtpReceiver receiver;
    private RtcpPeer peer;

    private void start(RtcpOptions options) throws IOException {
        receiver = RtpReceiver.open(null, 0, RtpReceiver.BY_PAYLOAD_TYPE, options);
        receiver.start(Duration.ofSeconds(30), null);
        peer = options.mux() ? RtcpPeer.mux(receiver) : RtcpPeer.separate(receiver);
    }

    @AfterEach
    void closeAll() throws IOException {
        if (peer != null) {
            peer.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private static RtcpOptions options() {
        return RtcpOptions.defaults().withInterval(LONG_INTERVAL).withCname(CNAME);
    }

    private void awaitDatagrams(long count) throws InterruptedException {
        assertTrue(receiver.awaitDatagrams(count, LIMIT), receiver.datagrams() + " of " + count + " datagrams");
    }

    private ParsedReport awaitReport() throws Exception {
        ByteBuffer datagram = peer.await(LIMIT);
        assertNotNull(datagram, "no receiver report within " + LIMIT);
        return ParsedReport.parse(datagram);
    }

    /**
     * Sends the RTP with a gap and a duplicate, then the SR, and checks the report that comes back
     * soon after it (the periodic one is at least 30 s away).
     */
    private void assertReportOnSenderReport() throws Exception {
        peer.sendRtp(Packets.SSRC_A, GAP_OF_THREE_AND_A_DUPLICATE);
        awaitDatagrams(GAP_OF_THREE_AND_A_DUPLICATE.length);
        long before = System.nanoTime();
        long ntp = peer.sendSenderReport(Packets.SSRC_A, SENDER_CNAME, 30_000, 10, 1000);
        ParsedReport report = awaitReport();
        long elapsed = System.nanoTime() - before;

        ReceiveSnapshot snapshot = receiver.snapshot();
        assertEquals(snapshot.rtcpSession().ssrc(), report.reporter());
        assertEquals(CNAME, report.cname());
        assertFalse(report.bye());
        ParsedReport.Block block = report.only();
        assertEquals(Packets.SSRC_A, block.ssrc());
        // 10 expected (1..10), 7 distinct received: 3 lost, 3 * 256 / 10 in this first interval
        assertEquals(3, block.cumulativeLost());
        assertEquals(3 * 256 / 10, block.fractionLost());
        assertEquals(10, block.highestSequence());
        StreamSnapshot stream = snapshot.streams().get(0);
        assertEquals((long) stream.jitterTicks(), block.jitter());
        assertTrue(block.jitter() > 0 && block.jitter() < 90_000, "jitter " + block.jitter() + " ticks");
        assertEquals(NtpTime.compact(ntp), block.lastSenderReport());
        long soonest = NtpTime.nanosToCompact(TimeUnit.MILLISECONDS.toNanos(ReportTimer.SOON_MIN_MILLIS));
        assertTrue(block.delaySinceLastSenderReport() >= soonest - 1, "DLSR " + block.delaySinceLastSenderReport());
        assertTrue(block.delaySinceLastSenderReport() <= NtpTime.nanosToCompact(elapsed) + DLSR_TOLERANCE,
                "DLSR " + block.delaySinceLastSenderReport() + " after " + elapsed + " ns");

        SenderSnapshot sender = snapshot.sender(Packets.SSRC_A);
        assertEquals(1, sender.senderReports());
        assertEquals(SENDER_CNAME, sender.cname());
        assertEquals(10, sender.senderPackets());
        assertEquals(1000, sender.senderOctets());
        assertEquals(7, sender.receivedAtLastSr());
        assertEquals(30_000, sender.lastSrRtpTimestamp());
        assertEquals(ntp, sender.lastSrNtp());
        assertEquals(peer.rtcpAddress().getPort(), sender.rtcpSource().getPort());
        assertEquals(1, snapshot.rtcpSession().reportsSent());
        assertEquals(report.length(), snapshot.rtcpSession().bytesSent());
    }

    @Test
    void shouldAnswerASenderReportOnThePortAboveWithAnExactReceiverReport() throws Exception {
        start(options());
        assertEquals(receiver.port() + 1, receiver.rtcpPort());

        assertReportOnSenderReport();

        assertEquals(1, receiver.snapshot().rtcp());
        assertEquals(8, receiver.snapshot().packets());
    }

    @Test
    void shouldAnswerOnTheRtpPortWithRtcpMux() throws Exception {
        start(options().withMux(true));
        assertEquals(receiver.port(), receiver.rtcpPort());

        assertReportOnSenderReport();

        ReceiveSnapshot snapshot = receiver.snapshot();
        assertEquals(1, snapshot.rtcp(), "the SR is told apart from RTP");
        assertEquals(8, snapshot.packets());
        assertEquals(Map.of(), snapshot.notRtp());
    }

    @Test
    void shouldReportToTheRtpSourceWithRtcpMuxBeforeAnySenderReport() throws Exception {
        start(options().withMux(true).withInterval(Duration.ofMillis(50)));
        peer.sendRtp(Packets.SSRC_B, 1, 2, 3);

        ParsedReport report = awaitReport();

        ParsedReport.Block block = report.only();
        assertEquals(Packets.SSRC_B, block.ssrc());
        assertEquals(0, block.lastSenderReport());
        assertEquals(0, block.delaySinceLastSenderReport());
    }

    @Test
    void shouldReportOnASenderWhoseSenderReportCameBeforeItsRtp() throws Exception {
        start(options());
        long ntp = peer.sendSenderReport(Packets.SSRC_A, SENDER_CNAME, 0, 0, 0);

        ParsedReport.Block block = awaitReport().only();

        assertEquals(Packets.SSRC_A, block.ssrc());
        assertEquals(0, block.highestSequence());
        assertEquals(0, block.cumulativeLost());
        assertEquals(NtpTime.compact(ntp), block.lastSenderReport());
        peer.sendRtp(Packets.SSRC_A, 5, 6, 7);
        awaitDatagrams(4);
        assertEquals(3, receiver.snapshot().packets());
    }

    @Test
    void shouldSendNoReportWithoutRtcpMuxWhileNoSenderReportCame() throws Exception {
        start(options().withInterval(Duration.ofMillis(20)));
        peer.sendRtp(Packets.SSRC_A, 1, 2, 3);
        awaitDatagrams(3);
        Thread.sleep(200); // several report intervals

        receiver.stop();
        assertTrue(receiver.awaitTermination(LIMIT));

        assertNull(peer.poll(), "RTP port + 1 is not a place to send to");
        assertEquals(0, receiver.snapshot().rtcpSession().reportsSent());
        assertFalse(receiver.snapshot().rtcpSession().byeSent());
    }

    @Test
    void shouldSendAReportWithItsByeWhenStopped() throws Exception {
        start(options());
        assertReportOnSenderReport();

        receiver.stop();
        assertTrue(receiver.awaitTermination(LIMIT));

        ByteBuffer last = peer.poll();
        assertNotNull(last, "the last report was sent before the loop ended");
        ParsedReport report = ParsedReport.parse(last);
        assertTrue(report.bye());
        assertEquals(CNAME, report.cname());
        assertEquals(Packets.SSRC_A, report.only().ssrc());
        assertEquals(3, report.only().cumulativeLost());
        assertEquals(0, report.only().fractionLost(), "nothing lost since the previous report");
        RtcpSnapshot rtcp = receiver.snapshot().rtcpSession();
        assertTrue(rtcp.byeSent());
        assertEquals(2, rtcp.reportsSent());
    }

    @Test
    void shouldMarkASenderThatSaidByeAsEndedAndStopReportingToIt() throws Exception {
        start(options());
        assertReportOnSenderReport();

        peer.sendBye(Packets.SSRC_A);
        awaitDatagrams(GAP_OF_THREE_AND_A_DUPLICATE.length + 2);
        receiver.stop();
        assertTrue(receiver.awaitTermination(LIMIT));

        ReceiveSnapshot snapshot = receiver.snapshot();
        assertTrue(snapshot.sender(Packets.SSRC_A).bye());
        assertEquals(1, snapshot.rtcpSession().byes());
        assertEquals(1, snapshot.rtcpSession().reportsSent(), "no report to a sender that left");
        assertFalse(snapshot.rtcpSession().byeSent());
        assertNull(peer.poll());
    }

    @Test
    void shouldCountMalformedRtcpByErrorAndKeepReading() throws Exception {
        start(options());
        peer.sendRtcp(Packets.datagram(0x80, 0xC8, 0x00));                           // 3 bytes
        peer.sendRtcp(Packets.datagram(0x40, 0xC8, 0x00, 0x01, 0, 0, 0, 1));         // V=1
        peer.sendRtcp(Packets.datagram(0x80, 0xC8, 0x00, 0x06, 0, 0, 0, 1));         // length 7 words, 8 bytes there
        peer.sendRtcp(Packets.datagram(0x80, 0xC8, 0x00, 0x01, 0x11, 0x22, 0x33, 0x44)); // SR without sender info
        awaitDatagrams(4);

        long ntp = peer.sendSenderReport(Packets.SSRC_A, SENDER_CNAME, 0, 0, 0);
        ParsedReport report = awaitReport();

        assertEquals(NtpTime.compact(ntp), report.only().lastSenderReport(), "the loop read on");
        RtcpSnapshot rtcp = receiver.snapshot().rtcpSession();
        assertEquals(Map.of(RtcpParseError.TOO_SHORT, 1L, RtcpParseError.BAD_VERSION, 1L,
                RtcpParseError.LENGTH_OVERRUN, 1L, RtcpParseError.SENDER_INFO_TRUNCATED, 1L), rtcp.malformed());
        assertEquals(5, rtcp.datagrams());
        assertEquals(1, rtcp.senderReports());
        assertEquals(RtpReceiver.State.RECEIVING, receiver.state());
    }

    @Test
    void shouldOpenNoSecondSocketAndSendNothingWithoutRtcp() throws Exception {
        int port = freePortPair();
        receiver = RtpReceiver.open(null, port, RtpReceiver.BY_PAYLOAD_TYPE, RtcpOptions.off());
        receiver.start(Duration.ofSeconds(30), null);
        assertEquals(-1, receiver.rtcpPort());
        try (DatagramChannel above = DatagramChannel.open()) {
            above.bind(new InetSocketAddress(port + 1)); // free: the receiver did not take it
        }
        peer = RtcpPeer.mux(receiver); // SR to the RTP port: counted, not read
        peer.sendRtp(Packets.SSRC_A, 1, 2, 3);
        peer.sendSenderReport(Packets.SSRC_A, SENDER_CNAME, 0, 3, 300);
        awaitDatagrams(4);

        receiver.stop();
        assertTrue(receiver.awaitTermination(LIMIT));

        assertNull(peer.poll(), "nothing sent");
        ReceiveSnapshot snapshot = receiver.snapshot();
        assertEquals(RtcpSnapshot.OFF, snapshot.rtcpSession());
        assertEquals(1, snapshot.rtcp());
        assertEquals(3, snapshot.packets());
    }

    /** An even port whose successor is free too, both free a moment ago. */
    static int freePortPair() throws IOException {
        try (RtpReceiver pair = RtpReceiver.open(0)) {
            return pair.port();
        }
    }
}

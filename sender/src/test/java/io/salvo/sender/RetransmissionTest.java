package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.pacer.PacerConfig;
import io.salvo.pacer.PriorityClass;
import io.salvo.rtcp.GenericNack;
import io.salvo.rtcp.NtpTime;
import io.salvo.rtcp.ReceiverReport;
import io.salvo.rtcp.ReportBlock;
import io.salvo.rtcp.RtcpCompound;
import io.salvo.rtcp.RtcpPacketType;
import io.salvo.rtcp.RtcpParseError;
import io.salvo.rtcp.SenderReport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * NACK → resend on a virtual clock with real loopback sockets: RTX and original packets, to the
 * receiver that asked, the RTT gate, the history's age limit and the frames it holds, the rate
 * cap under bursts and storms, and the datagram accounting through all of it.
 */
class RetransmissionTest {
    private static final long MS = 1_000_000L;
    private static final long SSRC = 0x0000_5EEDL;
    private static final long RTX_SSRC = 0x0000_0A7BL;
    private static final int PAYLOAD = 1000;

    private long now = 5_000_000_000_000L;
    private final List<RtcpPeer> peers = new ArrayList<>();
    private final Map<Long, Integer> releases = new HashMap<>();
    private final Map<Long, Boolean> allSent = new HashMap<>();
    private Transmitter transmitter;
    private TransmitterStream stream;
    private long lastSrNtp;
    private long lastSrNanos;

    @AfterEach
    void close() throws Exception {
        if (transmitter != null) {
            transmitter.close();
        }
        for (RtcpPeer peer : peers) {
            peer.close();
        }
    }

    private void start(RetransmissionConfig retransmission, int destinations, PacerConfig pacer) throws Exception {
        InetSocketAddress[] to = new InetSocketAddress[destinations];
        for (int i = 0; i < destinations; i++) {
            peers.add(RtcpPeer.open(false));
            to[i] = peers.get(i).rtpAddress();
        }
        transmitter = Transmitter.create(SendmmsgSender.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                TransmitterConfig.builder().clock(() -> now).pacer(pacer).build());
        stream = transmitter.addStream("cam", new ChunkPacketizer(SSRC, PAYLOAD, 90_000), PriorityClass.VIDEO,
                retransmission, to);
    }

    private void submit(int bytes, long tag) {
        assertTrue(transmitter.submit(stream, ByteBuffer.allocateDirect(bytes), 0, bytes, tag * 3000, now, true, tag,
                (buffer, t, complete) -> {
                    releases.merge(t, 1, Integer::sum);
                    allSent.put(t, complete);
                }));
    }

    private void run(long millis) throws Exception {
        for (long t = 0; t < millis * 4; t++) {
            transmitter.doWork();
            readSenderReports();
            now += MS / 4;
        }
        transmitter.doWork();
        readSenderReports();
    }

    /** Notes the last Sender Report and when it arrived, for the LSR and DLSR of receiver reports. */
    private void readSenderReports() throws Exception {
        for (RtcpPeer peer : peers) {
            for (RtcpPeer.Datagram d : peer.drainRtcp()) {
                RtcpCompound compound = new RtcpCompound();
                assertEquals(RtcpParseError.OK, compound.wrap(d.bytes(), 0, d.bytes().limit()));
                while (compound.next()) {
                    if (compound.packetType() == RtcpPacketType.SR) {
                        SenderReport sr = new SenderReport();
                        sr.wrap(d.bytes(), compound.packetOffset(), compound.packetLength());
                        lastSrNtp = sr.ntpTimestamp();
                        lastSrNanos = now;
                    }
                }
            }
        }
    }

    /** Sends from {@code peer} an RR (whose LSR/DLSR make the round trip {@code rttMillis}) and a NACK. */
    private void nack(RtcpPeer peer, long reporterSsrc, int rttMillis, int... sequences) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(1500);
        int length = ReceiverReport.write(b, 0, reporterSsrc, 1);
        long held = NtpTime.nanosToCompact(now - lastSrNanos - rttMillis * MS);
        length += ReportBlock.write(b, length, SSRC, 0, 0, 0, 0, NtpTime.compact(lastSrNtp), held);
        int[] sorted = sequences.clone();
        length += GenericNack.write(b, length, reporterSsrc, SSRC, sorted, 0, sorted.length);
        peer.sendRtcp(b, length, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                transmitter.sender().localAddress().getPort()));
    }

    private void assertIdentity() {
        TransmitterStats s = transmitter.stats();
        assertEquals(s.submitted(), s.sent() + s.dropped() + s.queued(), s.toString());
    }

    @Test
    void shouldResendANackedPacketAsRtxOnlyToTheReceiverThatAskedAndNotAgainWithinTheRtt() throws Exception {
        start(RetransmissionConfig.rtx(97).rtxSsrc(RTX_SSRC).rtxFirstSequenceNumber(100).build(), 2,
                PacerConfig.builder().rateBps(8_000_000).build());
        submit(5 * PAYLOAD, 1); // sequence numbers 0..4
        run(20);
        List<RtcpPeer.Datagram> originals = peers.get(1).drainRtp();
        assertEquals(5, originals.size());
        assertEquals(5, peers.get(0).drainRtp().size());

        nack(peers.get(1), 0xB0B, 10, 2);
        run(2);

        assertTrue(peers.get(0).drainRtp().isEmpty(), "the receiver that did not ask gets nothing");
        List<RtcpPeer.Datagram> resent = peers.get(1).drainRtp();
        assertEquals(1, resent.size());
        ByteBuffer rtx = resent.get(0).bytes();
        assertEquals(97, rtx.get(1) & 0x7F);
        assertEquals(100, rtx.getShort(2) & 0xFFFF, "the RTX sequence space");
        assertEquals(RTX_SSRC, rtx.getInt(8) & 0xFFFF_FFFFL);
        assertEquals(2, rtx.getShort(12) & 0xFFFF, "OSN");
        ByteBuffer original = originals.get(2).bytes();
        assertEquals(original.getInt(4), rtx.getInt(4), "same timestamp");
        assertArrayEquals(Arrays.copyOfRange(original.array(), 12, original.limit()),
                Arrays.copyOfRange(rtx.array(), 14, rtx.limit()), "the original payload after the OSN");

        nack(peers.get(1), 0xB0B, 10, 2);
        run(2);
        assertTrue(peers.get(1).drainRtp().isEmpty(), "resent 2 ms ago, RTT 10 ms: not again yet");
        run(20);
        nack(peers.get(1), 0xB0B, 10, 2, 3);
        run(2);
        List<RtcpPeer.Datagram> again = peers.get(1).drainRtp();
        assertEquals(2, again.size());
        assertEquals(101, again.get(0).bytes().getShort(2) & 0xFFFF);
        assertEquals(2, again.get(0).bytes().getShort(12) & 0xFFFF);
        assertEquals(102, again.get(1).bytes().getShort(2) & 0xFFFF);
        assertEquals(3, again.get(1).bytes().getShort(12) & 0xFFFF);

        TransmitterStats stats = transmitter.stats();
        assertEquals(4, stats.nackedPackets());
        assertEquals(3, stats.resendsQueued());
        assertEquals(3, stats.resendsSent());
        assertEquals(1, stats.resendTooSoon());
        assertEquals(13, stats.sent(), "10 originals and 3 resends");
        assertIdentity();
    }

    @Test
    void shouldResendTheOriginalPacketUnchangedWithoutRtx() throws Exception {
        start(RetransmissionConfig.original().build(), 1, PacerConfig.builder().rateBps(8_000_000).build());
        submit(3 * PAYLOAD, 1);
        run(10);
        List<RtcpPeer.Datagram> originals = peers.get(0).drainRtp();

        nack(peers.get(0), 0xB0B, 5, 1);
        run(2);

        List<RtcpPeer.Datagram> resent = peers.get(0).drainRtp();
        assertEquals(1, resent.size());
        assertEquals(originals.get(1).bytes(), resent.get(0).bytes(), "byte for byte");
        assertIdentity();
    }

    @Test
    void shouldHoldFramesWhileTheirPacketsAreInTheHistoryAndReleaseEachOnce() throws Exception {
        start(RetransmissionConfig.original().build(), 1, PacerConfig.builder().rateBps(8_000_000).build());
        submit(3 * PAYLOAD, 1);
        run(500);
        submit(PAYLOAD, 2);
        run(400);
        assertTrue(releases.isEmpty(), "sent 0.9 s ago: still in the history, " + releases);
        assertEquals(4, transmitter.stats().historyPackets());

        run(200);
        assertEquals(Map.of(1L, 1), releases, "frame 1 left the history after 1 s");
        assertTrue(allSent.get(1L));
        peers.get(0).drainRtp();
        nack(peers.get(0), 0xB0B, 5, 0);
        run(2);
        assertTrue(peers.get(0).drainRtp().stream().noneMatch(d -> (d.bytes().getShort(2) & 0xFFFF) == 0));
        assertEquals(1, transmitter.stats().resendNotInHistory());

        run(600);
        assertEquals(Map.of(1L, 1, 2L, 1), releases);
        assertEquals(0, transmitter.stats().historyPackets());
        assertEquals(transmitter.stats().framesAccepted(), transmitter.stats().framesReleased());
        assertIdentity();
    }

    @Test
    void shouldReleaseFramesHeldInTheHistoryWhenTheStreamIsRemovedOrTheTransmitterCloses() throws Exception {
        start(RetransmissionConfig.rtx(97).build(), 1, PacerConfig.builder().rateBps(8_000_000).build());
        submit(2 * PAYLOAD, 1);
        run(10);
        transmitter.removeStream(stream);
        run(1);
        assertEquals(Map.of(1L, 1), releases);

        stream = transmitter.addStream("cam2", new ChunkPacketizer(SSRC + 1, PAYLOAD, 90_000), PriorityClass.VIDEO,
                RetransmissionConfig.rtx(97).build(), peers.get(0).rtpAddress());
        submit(PAYLOAD, 2);
        run(10);
        transmitter.close();
        assertEquals(Map.of(1L, 1, 2L, 1), releases);
        assertIdentity();
    }

    @Test
    void shouldNotResendMoreThanItsCapUnderALossBurstAndANackStorm() throws Exception {
        // 1 Mbit/s of video; resends may use half of it (62,500 B/s) with a 100 ms burst (6,250 B)
        start(RetransmissionConfig.rtx(97).minRateBps(0).build(), 1, PacerConfig.defaults());
        for (int frame = 0; frame < 60; frame++) { // 2 s at 30 fps, 4,167 bytes a frame
            submit(4167, frame);
            run(33);
        }
        peers.get(0).drainRtp();
        long sentBefore = transmitter.stats().resendsSent();
        int[] burst = new int[20];
        for (int i = 0; i < 20; i++) {
            burst[i] = 200 + i; // a burst of 20 lost packets
        }
        long start = now;
        nack(peers.get(0), 0xB0B, 1, burst);
        run(1);
        for (int i = 0; i < 1000; i++) { // the same NACK, 1000 times in 100 ms
            nack(peers.get(0), 0xB0B, 1, burst);
            now += MS / 10;
            transmitter.doWork();
        }
        run(500);
        long elapsed = now - start;
        long resentBytes = 0;
        for (RtcpPeer.Datagram d : peers.get(0).drainRtp()) {
            resentBytes += d.bytes().limit();
        }
        long resends = transmitter.stats().resendsSent() - sentBefore;
        long cap = (long) (62_500 * 1.05 * elapsed / 1e9) + 6_250 + 1500; // the media rate is measured: 5 % slack
        System.out.printf("NACK storm: %d NACKed, %d resent (%d bytes in %d ms, cap %d), %d too soon, %d over the rate%n",
                transmitter.stats().nackedPackets(), resends, resentBytes, elapsed / MS, cap,
                transmitter.stats().resendTooSoon(), transmitter.stats().resendRateLimited());
        assertTrue(resends > 0, "some were resent");
        assertTrue(resentBytes <= cap, "resent " + resentBytes + " bytes in " + elapsed / MS + " ms; cap " + cap);
        TransmitterStats stats = transmitter.stats();
        assertEquals(20 * 1001, stats.nackedPackets());
        assertEquals(stats.nackedPackets(), stats.resendsQueued() + stats.resendTooSoon() + stats.resendRateLimited()
                + stats.resendNotInHistory() + stats.resendTooLarge(),
                "every NACKed packet resent or refused with a counted reason");
        assertTrue(stats.resendRateLimited() > 0 || stats.resendTooSoon() > 0);
        assertFalse(stats.resendsQueued() > 20 * 10, "a storm is not a flood: " + stats.resendsQueued());
        assertIdentity();
    }
}

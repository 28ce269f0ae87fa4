package io.salvo.demo.receive;

import io.salvo.rtcp.RtcpParseError;
import io.salvo.rtp.RtpParseError;
import io.salvo.srtp.SrtpStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReceiveReportTest {
    private static final long SECOND = 1_000_000_000L;

    private static StreamSnapshot stream(long ssrc, int payloadType, long packets, long lost, double jitterTicks) {
        return new StreamSnapshot(ssrc, payloadType, 90_000, packets, packets + lost, lost, 2, 3, 10,
                packets * 1000, packets * 988, jitterTicks, 100, 100 + packets + lost - 1, SECOND, 3 * SECOND);
    }

    private static ReceiveSnapshot snapshot() {
        return new ReceiveSnapshot(4 * SECOND,
                List.of(stream(0x1122_3344L, 96, 1000, 5, 90), stream(0xCAFE_BABEL, 97, 500, 0, 9)),
                Map.of(RtpParseError.BAD_VERSION, 4L, RtpParseError.TOO_SHORT, 1L), 2, 0, 2 * SECOND);
    }

    /** The snapshot above, with RTCP: SRs of the first stream and of an SSRC without RTP, 2 RTCP on the RTP port. */
    private static ReceiveSnapshot withRtcp() throws IOException {
        ReceiveSnapshot plain = snapshot();
        RtcpSnapshot rtcp = new RtcpSnapshot(true, false, 5005, 0xABCD_0001L, "rx", 14,
                Map.of(RtcpParseError.TOO_SHORT, 2L), 13, 1, 9, 1056, 0, true, List.of(
                new SenderSnapshot(0x1122_3344L, 12, "tx@host", 0xE3C1_2345_6789_ABCDL, 90_000, 1005, 988_000,
                        1000, true, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 40_001)),
                new SenderSnapshot(0x55, 1, null, 0xE3C1_0000_0000_0000L, 0, 3, 300, 0, false, null)));
        return new ReceiveSnapshot(plain.elapsedNanos(), plain.streams(), plain.notRtp(), 16, 0,
                plain.activeNanos(), rtcp);
    }

    @Test
    void shouldAddWhatRtcpReadAndSentToTheSummary() throws IOException {
        String[] lines = ReceiveReport.summary(withRtcp()).split("\n");

        assertEquals(10, lines.length, String.join("\n", lines));
        assertEquals("not RTP: 5 datagrams (TOO_SHORT 1, BAD_VERSION 4)", lines[4]);
        assertEquals("RTCP on port 5005: 14 datagrams, 13 SRs, 1 BYE; 9 receiver reports sent (1056 bytes) "
                + "and a BYE, as SSRC 0xABCD0001 CNAME \"rx\"", lines[5]);
        assertEquals("RTCP on the RTP port: 2 datagrams, not read (without rtcp-mux)", lines[6]);
        assertEquals("0x11223344: CNAME \"tx@host\", 12 SRs, sender sent 1005, received 1000 by its last SR "
                + "(988000 payload bytes sent), BYE", lines[7]);
        assertEquals("0x00000055: 1 SR, sender sent 3, received 0 by its last SR (300 payload bytes sent)", lines[8]);
        assertEquals("malformed RTCP: 2 (TOO_SHORT 2)", lines[9]);
    }

    /** The snapshot above, decrypted: 7 SRTP packets and an SRTCP one rejected. */
    private static ReceiveSnapshot withSrtp() {
        ReceiveSnapshot plain = snapshot();
        SrtpSnapshot srtp = new SrtpSnapshot(true, "AEAD_AES_128_GCM", "OpenSSL libcrypto", 1500,
                Map.of(SrtpStatus.AUTH_FAILED, 4L, SrtpStatus.REPLAYED, 3L), 12, Map.of(SrtpStatus.TOO_SHORT, 1L), 9);
        return new ReceiveSnapshot(plain.elapsedNanos(), plain.streams(), plain.notRtp(), 2, 0, plain.activeNanos(),
                RtcpSnapshot.OFF, srtp);
    }

    @Test
    void shouldAddWhatSrtpAcceptedAndRejectedToTheSummaryAndTheStatusLine() {
        List<String> lines = ReceiveReport.summary(withSrtp()).lines().toList();

        assertEquals(List.of("SRTP AEAD_AES_128_GCM on OpenSSL libcrypto: 1500 packets authenticated, 7 rejected; "
                        + "SRTCP 12 authenticated, 1 rejected, 9 reports protected",
                "SRTP rejected: 7 packets (AUTH_FAILED 4, REPLAYED 3)",
                "SRTCP rejected: 1 (TOO_SHORT 1)",
                "RTCP: 2 datagrams (not counted as RTP)"), lines.subList(5, 9));
        assertTrue(ReceiveReport.status(withSrtp(), null).endsWith("  5 not RTP  7 SRTP rejected"),
                ReceiveReport.status(withSrtp(), null));
        assertEquals(1500 + 5 + 2 + 7, withSrtp().datagrams(), "rejected packets are datagrams that came");
    }

    @Test
    void shouldAddWhatSrtpAcceptedAndRejectedToTheJson() {
        Map<?, ?> srtp = (Map<?, ?>) JsonParser.parseObject(ReceiveReport.json(withSrtp())).get("srtp");

        assertEquals(true, srtp.get("enabled"));
        assertEquals("AEAD_AES_128_GCM", srtp.get("profile"));
        assertEquals("OpenSSL libcrypto", srtp.get("backend"));
        assertEquals(1500L, srtp.get("rtp_authenticated"));
        assertEquals(7L, srtp.get("rtp_rejected"));
        assertEquals(Map.of("AUTH_FAILED", 4L, "REPLAYED", 3L), srtp.get("rtp_rejected_errors"));
        assertEquals(12L, srtp.get("rtcp_authenticated"));
        assertEquals(1L, srtp.get("rtcp_rejected"));
        assertEquals(Map.of("TOO_SHORT", 1L), srtp.get("rtcp_rejected_errors"));
        assertEquals(9L, srtp.get("rtcp_protected"));
        assertEquals(Map.of("enabled", false), JsonParser.parseObject(ReceiveReport.json(snapshot())).get("srtp"));
    }

    @Test
    void shouldSayWhyNoReceiverReportWasSent() {
        RtcpSnapshot silent = new RtcpSnapshot(true, false, 5005, 7, "rx", 0, Map.of(), 0, 0, 0, 0, 0, false, List.of());
        ReceiveSnapshot snapshot = new ReceiveSnapshot(SECOND, List.of(), Map.of(), 0, 0, 0, silent);

        assertEquals("no RTP packets arrived\n"
                + "RTCP on port 5005: 0 datagrams, 0 SRs, 0 BYEs; no receiver reports sent "
                + "(they go where SRs come from, and none came), as SSRC 0x00000007 CNAME \"rx\"\n",
                ReceiveReport.summary(snapshot));
    }

    @Test
    void shouldAddWhatRtcpReadAndSentToTheJson() throws IOException {
        Map<String, Object> json = JsonParser.parseObject(ReceiveReport.json(withRtcp()));

        assertEquals(16L, json.get("rtcp"));
        assertEquals(9L, json.get("rr_sent"));
        assertEquals(1056L, json.get("rr_bytes"));
        Map<?, ?> session = (Map<?, ?>) json.get("rtcp_session");
        assertEquals(true, session.get("enabled"));
        assertEquals(false, session.get("mux"));
        assertEquals(5005L, session.get("port"));
        assertEquals(0xABCD_0001L, session.get("ssrc"));
        assertEquals("rx", session.get("cname"));
        assertEquals(14L, session.get("datagrams"));
        assertEquals(13L, session.get("sender_reports"));
        assertEquals(1L, session.get("byes"));
        assertEquals(2L, session.get("malformed"));
        assertEquals(Map.of("TOO_SHORT", 2L), session.get("malformed_errors"));
        assertEquals(9L, session.get("rr_sent"));
        assertEquals(1056L, session.get("rr_bytes"));
        assertEquals(0L, session.get("send_errors"));
        assertEquals(true, session.get("bye_sent"));
        List<?> senders = (List<?>) session.get("senders");
        assertEquals(2, senders.size());
        Map<?, ?> other = (Map<?, ?>) senders.get(1);
        assertEquals(0x55L, other.get("ssrc"));
        assertEquals(1L, other.get("sender_reports"));
        assertNull(other.get("cname"));
        assertNull(other.get("rtcp_source"));
        assertEquals("127.0.0.1:40001", ((Map<?, ?>) senders.get(0)).get("rtcp_source"));

        List<?> streams = (List<?>) json.get("streams");
        Map<?, ?> reported = (Map<?, ?>) streams.get(0);
        assertEquals(12L, reported.get("sender_reports"));
        assertEquals("tx@host", reported.get("cname"));
        assertEquals(1005L, reported.get("sender_packets"));
        assertEquals(988_000L, reported.get("sender_octets"));
        assertEquals(1000L, reported.get("received_at_last_sr"));
        assertEquals(true, reported.get("bye"));
        Map<?, ?> unreported = (Map<?, ?>) streams.get(1);
        assertEquals(0L, unreported.get("sender_reports"));
        assertEquals(Arrays.asList(null, null, null, null), Arrays.asList(unreported.get("cname"),
                unreported.get("sender_packets"), unreported.get("sender_octets"), unreported.get("received_at_last_sr")));
        assertTrue(unreported.containsKey("sender_packets"));
        assertEquals(false, unreported.get("bye"));
    }

    @Test
    void shouldWriteJustDisabledForTheRtcpOfAReceiverWithoutIt() {
        Map<String, Object> json = JsonParser.parseObject(ReceiveReport.json(snapshot()));

        assertEquals(Map.of("enabled", false), json.get("rtcp_session"));
        assertEquals(0L, json.get("rr_sent"));
    }

    @Test
    void shouldWriteTheTotalsAndEveryStreamAsOneJsonObject() {
        String json = ReceiveReport.json(snapshot());

        assertEquals(-1, json.indexOf('\n'));
        Map<String, Object> totals = JsonParser.parseObject(json);
        assertEquals(1500L, totals.get("packets"));
        assertEquals(5L, totals.get("lost"));
        assertEquals(1_500_000L, totals.get("bytes"));
        assertEquals(2L, totals.get("ssrcs"));
        assertEquals(4L, totals.get("duplicates"));
        assertEquals(6L, totals.get("reordered"));
        assertEquals(1.0, number(totals.get("jitter_ms")));
        assertEquals(6.0, number(totals.get("mbps")));
        assertEquals(2.0, number(totals.get("seconds")));
        assertEquals(5L, totals.get("not_rtp"));
        assertEquals(Map.of("TOO_SHORT", 1L, "BAD_VERSION", 4L), totals.get("not_rtp_errors"));
        assertEquals(2L, totals.get("rtcp"));
        List<?> streams = (List<?>) totals.get("streams");
        assertEquals(2, streams.size());
        Map<?, ?> first = (Map<?, ?>) streams.get(0);
        assertEquals(0x1122_3344L, first.get("ssrc"));
        assertEquals(96L, first.get("pt"));
        assertEquals(90_000L, first.get("clock_rate"));
        assertEquals(1005L, first.get("expected"));
        assertEquals(5L, first.get("lost"));
        assertEquals(1.0, number(first.get("jitter_ms")));
        assertEquals(4.0, number(first.get("mbps")));
        assertEquals(100L, first.get("first_seq"));
        assertEquals(1104L, first.get("highest_seq"));
        assertEquals(0xCAFE_BABEL, ((Map<?, ?>) streams.get(1)).get("ssrc"));
    }

    private static double number(Object json) {
        return ((Number) json).doubleValue();
    }

    @Test
    void shouldPrintARowPerSsrcThenTotalsAndWhatWasNotRtp() {
        String[] lines = ReceiveReport.summary(snapshot()).split("\n");

        assertEquals(6, lines.length, String.join("\n", lines));
        assertTrue(lines[0].matches("SSRC\\s+PT\\s+packets\\s+lost\\s+reordered\\s+duplicates\\s+jitter ms\\s+Mbit/s"), lines[0]);
        assertTrue(lines[1].matches("0x11223344\\s+96\\s+1000\\s+5\\s+3\\s+2\\s+1\\.000\\s+4\\.00"), lines[1]);
        assertTrue(lines[2].matches("0xCAFEBABE\\s+97\\s+500\\s+0\\s+3\\s+2\\s+0\\.100\\s+2\\.00"), lines[2]);
        assertEquals("total: 2 SSRCs, 1500 packets, 5 lost (0.33 %), 6 reordered, 4 duplicates, "
                + "1500000 bytes in 2.000 s, 6.00 Mbit/s, max jitter 1.000 ms", lines[3]);
        assertEquals("not RTP: 5 datagrams (TOO_SHORT 1, BAD_VERSION 4)", lines[4]);
        assertEquals("RTCP: 2 datagrams (not counted as RTP)", lines[5]);
    }

    @Test
    void shouldSayWhenNoRtpArrived() {
        ReceiveSnapshot empty = new ReceiveSnapshot(SECOND, List.of(), Map.of(), 0, 0, 0);

        assertEquals("no RTP packets arrived\n", ReceiveReport.summary(empty));
        assertEquals("   1.0 s  waiting for packets", ReceiveReport.status(empty, null));
        Map<String, Object> json = JsonParser.parseObject(ReceiveReport.json(empty));
        assertEquals(0L, json.get("packets"));
        assertEquals(List.of(), json.get("streams"));
    }

    @Test
    void shouldShowTheBitrateSinceThePreviousStatus() {
        ReceiveSnapshot previous = new ReceiveSnapshot(3 * SECOND,
                List.of(stream(0x1122_3344L, 96, 250, 0, 0)), Map.of(), 0, 0, SECOND);

        assertEquals("   4.0 s  1500 packets  5 lost  6 reordered  4 duplicates  2 SSRCs  10.00 Mbit/s"
                + "  jitter 1.000 ms  5 not RTP", ReceiveReport.status(snapshot(), previous));
        assertTrue(ReceiveReport.status(snapshot(), null).contains("  6.00 Mbit/s"));
    }

    @Test
    void shouldSayWhichPortCannotBeListenedOnAndWhy() throws IOException {
        assertEquals("cannot listen on port 5004: Address already in use",
                ReceiveReport.cannotListen(null, 5004, new BindException("Address already in use")));
        assertEquals("cannot listen on 192.0.2.1 port 5004: Cannot assign requested address",
                ReceiveReport.cannotListen(InetAddress.getByName("192.0.2.1"), 5004,
                        new BindException("Cannot assign requested address")));
    }

    @Test
    void shouldFormatSsrcsAsEightHexDigits() {
        assertEquals("0x0000002A", ReceiveReport.ssrc(42));
        assertEquals("0xFFFFFFFF", ReceiveReport.ssrc(-1));
    }
}

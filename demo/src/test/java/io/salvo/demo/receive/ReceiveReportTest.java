package io.salvo.demo.receive;

import io.salvo.rtp.RtpParseError;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

package io.salvo.demo.receive;

import io.salvo.rtcp.RtcpParseError;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtcpReaderTest {
    private static final int OFFSET = 3;
    private static final long NOW = 5_000_000_000L;

    private final StreamTable streams = new StreamTable(16, RtpReceiver.BY_PAYLOAD_TYPE);
    private final RemoteSources sources = new RemoteSources(streams, 16);
    private final RtcpReader reader = new RtcpReader(sources);
    private final InetSocketAddress from;

    RtcpReaderTest() throws Exception {
        from = new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 40_001);
    }

    private boolean read(int... bytes) {
        ByteBuffer buffer = Packets.at(OFFSET, bytes);
        return reader.onDatagram(buffer, OFFSET, bytes.length, NOW, from);
    }

    /** SR of 0x11223344 with no blocks, then SDES with its CNAME "ab". */
    private static int[] srAndCname() {
        return new int[]{
                0x80, 0xC8, 0x00, 0x06,                         // V=2, RC=0, SR, 7 words
                0x11, 0x22, 0x33, 0x44,                         // SSRC of sender
                0xE3, 0xC1, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, // NTP timestamp
                0x00, 0x01, 0x5F, 0x90,                         // RTP timestamp 90000
                0x00, 0x00, 0x00, 0x0A,                         // sender's packet count 10
                0x00, 0x00, 0x03, 0xE8,                         // sender's octet count 1000
                0x81, 0xCA, 0x00, 0x03,                         // V=2, SC=1, SDES, 4 words
                0x11, 0x22, 0x33, 0x44,                         // chunk SSRC
                0x01, 0x02, 'a', 'b',                           // CNAME "ab"
                0x00, 0x00, 0x00, 0x00};                        // null item, padding to 32 bits
    }

    @Test
    void shouldNoteASenderReportAndItsCnameAtANonZeroOffset() {
        streams.get(0x1122_3344L, 96).onPacket(1, 0, 96, false, 100, 112, NOW - 1);

        assertTrue(read(srAndCname()), "the sender's first SR");

        RemoteSource source = sources.get(0x1122_3344L);
        SenderSnapshot sender = source.snapshot();
        assertEquals(1, sender.senderReports());
        assertEquals(0xE3C1_2345_6789_ABCDL, sender.lastSrNtp());
        assertEquals(90_000, sender.lastSrRtpTimestamp());
        assertEquals(10, sender.senderPackets());
        assertEquals(1000, sender.senderOctets());
        assertEquals(1, sender.receivedAtLastSr());
        assertEquals("ab", sender.cname());
        assertEquals(from, sender.rtcpSource());
        assertSame(streams.find(0x1122_3344L), source.stream());
        assertEquals(0x2345_6789L, source.lastSenderReport());
        assertFalse(read(srAndCname()), "not the first any more");
        assertEquals(2, reader.senderReports());
    }

    @Test
    void shouldMarkTheSsrcsOfABye() {
        read(srAndCname());

        read(0x80, 0xC9, 0x00, 0x01, 0x11, 0x22, 0x33, 0x44,   // empty RR of 0x11223344
             0x82, 0xCB, 0x00, 0x02,                            // BYE, SC=2
             0x11, 0x22, 0x33, 0x44,                            // the sender
             0x55, 0x66, 0x77, 0x88);                           // an SSRC never heard of: ignored

        assertTrue(sources.get(0x1122_3344L).bye());
        assertNull(sources.get(0x5566_7788L));
        assertEquals(1, reader.byes());
        assertNull(sources.get(0x1122_3344L).destination(false), "no report to a source that left");
    }

    @Test
    void shouldCountMalformedDatagramsAndPacketsByError() {
        read(0x80, 0xC8);                                       // 2 bytes
        read(0x80, 0xC8, 0x00, 0x01, 0x11, 0x22, 0x33, 0x44,   // SR cut after the SSRC
             0x81, 0xCA, 0x00, 0x01, 0x11, 0x22, 0x33, 0x44);  // SDES chunk without its null item

        assertEquals(Map.of(RtcpParseError.TOO_SHORT, 1L, RtcpParseError.SENDER_INFO_TRUNCATED, 1L,
                RtcpParseError.SDES_MISSING_END, 1L), reader.malformed());
        assertEquals(2, reader.datagrams());
        assertEquals(0, reader.senderReports());
    }
}

package io.salvo.demo.receive;

import io.salvo.rtp.RtpParseError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ReceiveStatsTest {
    private static final int OFFSET = 5;
    private static final long NOW = 1_000_000_000L;

    private final ReceiveStats stats = new ReceiveStats(RtpReceiver.BY_PAYLOAD_TYPE);

    private void receive(int... bytes) {
        stats.onDatagram(Packets.at(OFFSET, bytes), OFFSET, bytes.length, NOW);
    }

    @Test
    void shouldCountAnRtpPacketAtANonZeroOffsetInItsStream() {
        receive(0x80,                   // V=2, P=0, X=0, CC=0
                0xEF,                   // M=1, PT=111
                0x12, 0x34,             // sequence number 0x1234
                0x00, 0x00, 0x03, 0xC0, // timestamp 960
                0x11, 0x22, 0x33, 0x44, // SSRC
                0x01, 0x02, 0x03);      // payload

        ReceiveSnapshot snapshot = stats.snapshot(0);
        assertEquals(1, snapshot.ssrcs());
        StreamSnapshot stream = snapshot.streams().get(0);
        assertEquals(0x1122_3344L, stream.ssrc());
        assertEquals(111, stream.payloadType());
        assertEquals(48_000, stream.clockRate());
        assertEquals(0x1234, stream.firstSequence());
        assertEquals(1, stream.markers());
        assertEquals(15, stream.bytes());
        assertEquals(3, stream.payloadBytes());
        assertEquals(0, snapshot.notRtpTotal());
    }

    static Stream<Arguments> notRtp() {
        return Stream.of(
                Arguments.of("5 bytes", RtpParseError.TOO_SHORT, new int[]{
                        0x80, 0x60, 0x00, 0x01, 0x00}),                           // header cut after 5 bytes
                Arguments.of("version 1", RtpParseError.BAD_VERSION, new int[]{
                        0x40, 0x60, 0x00, 0x01,                                   // V=1
                        0x00, 0x00, 0x00, 0x00,                                   // timestamp
                        0x00, 0x00, 0x00, 0x01}),                                 // SSRC
                Arguments.of("CSRC overrun", RtpParseError.CSRC_OVERRUN, new int[]{
                        0x82, 0x60, 0x00, 0x01,                                   // V=2, CC=2
                        0x00, 0x00, 0x00, 0x00,                                   // timestamp
                        0x00, 0x00, 0x00, 0x01,                                   // SSRC
                        0x00, 0x00, 0x00, 0x09}),                                 // one CSRC of two
                Arguments.of("padding 0", RtpParseError.PADDING_ZERO, new int[]{
                        0xA0, 0x60, 0x00, 0x01,                                   // V=2, P=1
                        0x00, 0x00, 0x00, 0x00,                                   // timestamp
                        0x00, 0x00, 0x00, 0x01,                                   // SSRC
                        0x07, 0x00}));                                            // payload, padding count 0
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notRtp")
    void shouldCountADatagramThatIsNotRtpUnderItsParseError(String name, RtpParseError error, int[] bytes) {
        receive(bytes);
        receive(bytes);

        ReceiveSnapshot snapshot = stats.snapshot(0);
        assertEquals(Map.of(error, 2L), snapshot.notRtp());
        assertEquals(0, snapshot.ssrcs());
        assertEquals(2, snapshot.datagrams());
    }

    @Test
    void shouldCountRtcpApartFromTheStreams() {
        receive(0x80,                   // V=2, RC=0
                0xC8,                   // PT=200 sender report (as RTP: M=1, PT=72)
                0x00, 0x06,             // length 6 words
                0x11, 0x22, 0x33, 0x44, // sender SSRC
                0, 0, 0, 0, 0, 0, 0, 0, // NTP timestamp
                0, 0, 0, 0,             // RTP timestamp
                0, 0, 0, 0,             // packet count
                0, 0, 0, 0);            // octet count

        ReceiveSnapshot snapshot = stats.snapshot(0);
        assertEquals(1, snapshot.rtcp());
        assertEquals(0, snapshot.ssrcs());
    }

    @Test
    void shouldCountPacketsOfSsrcsBeyondTheLimitAsUntracked() {
        ReceiveStats limited = new ReceiveStats(1, RtpReceiver.BY_PAYLOAD_TYPE);
        ByteBuffer a = Packets.rtp(Packets.SSRC_A, 1);
        ByteBuffer b = Packets.rtp(Packets.SSRC_B, 1);
        limited.onDatagram(a, 0, a.remaining(), NOW);
        limited.onDatagram(b, 0, b.remaining(), NOW);
        limited.onDatagram(b, 0, b.remaining(), NOW);

        ReceiveSnapshot snapshot = limited.snapshot(0);
        assertEquals(1, snapshot.ssrcs());
        assertEquals(2, snapshot.untracked());
        assertEquals(3, snapshot.datagrams());
    }

    @Test
    void shouldMeasureTheActiveTimeFromTheFirstToTheLastRtpPacket() {
        ByteBuffer first = Packets.rtp(Packets.SSRC_A, 1);
        ByteBuffer second = Packets.rtp(Packets.SSRC_B, 1);
        stats.onDatagram(first, 0, first.remaining(), NOW);
        stats.onDatagram(second, 0, second.remaining(), NOW + 500_000_000L);
        stats.onDatagram(Packets.at(0, 0x80, 0x60), 0, 2, NOW + 900_000_000L); // not RTP: no effect

        ReceiveSnapshot snapshot = stats.snapshot(7_000_000_000L);
        assertEquals(0.5, snapshot.seconds(), 1e-12);
        assertEquals(7_000_000_000L, snapshot.elapsedNanos());
        assertEquals(224 * 8 / 0.5 / 1e6, snapshot.mbps(), 1e-12);
    }

    @Test
    void shouldNotAllocatePerDatagramOnceTheStreamsExist() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "needs thread allocation counters");
        com.sun.management.ThreadMXBean counters = (com.sun.management.ThreadMXBean) threads;
        ByteBuffer buffer = ByteBuffer.allocateDirect(RtpReceiver.MAX_DATAGRAM);
        ByteBuffer packet = Packets.rtp(Packets.SSRC_A, 0);
        buffer.put(packet.duplicate());
        int length = packet.remaining();
        int datagrams = 200_000;
        feed(buffer, length, 0, datagrams); // warm up: streams exist, code compiled

        long before = counters.getThreadAllocatedBytes(Thread.currentThread().getId());
        feed(buffer, length, datagrams, datagrams);
        long allocated = counters.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

        assertEquals(2L * datagrams, stats.snapshot(0).packets());
        assertTrue(allocated < datagrams / 10, allocated + " bytes allocated for " + datagrams + " datagrams");
    }

    private void feed(ByteBuffer buffer, int length, int first, int count) {
        for (int i = first; i < first + count; i++) {
            buffer.putShort(2, (short) i);
            buffer.putInt(4, 90 * i);
            stats.onDatagram(buffer, 0, length, NOW + i * 1_000_000L);
        }
    }
}

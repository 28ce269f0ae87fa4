package io.salvo.demo.receive;

import io.salvo.rtp.RtpParseError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpReceiverTest {
    private static final Duration LONG_IDLE = Duration.ofSeconds(30);
    private static final Duration ARRIVAL_LIMIT = Duration.ofSeconds(10);

    private RtpReceiver receiver;
    private Packets.Sender sender;

    @BeforeEach
    void listen() throws IOException {
        receiver = RtpReceiver.open(0);
        receiver.start(LONG_IDLE, null);
        sender = Packets.Sender.ipv4(receiver.port());
    }

    @AfterEach
    void closeAll() throws IOException {
        sender.close();
        receiver.close();
    }

    private ReceiveSnapshot afterArrivalOf(long datagrams) throws InterruptedException {
        assertTrue(receiver.awaitDatagrams(datagrams, ARRIVAL_LIMIT),
                "only " + receiver.datagrams() + " of " + datagrams + " datagrams arrived");
        return receiver.snapshot();
    }

    private static StreamSnapshot only(ReceiveSnapshot snapshot) {
        assertEquals(1, snapshot.ssrcs(), snapshot.toString());
        return snapshot.streams().get(0);
    }

    private static int[] range(int first, int count) {
        int[] sequenceNumbers = new int[count];
        for (int i = 0; i < count; i++) {
            sequenceNumbers[i] = (first + i) & 0xFFFF;
        }
        return sequenceNumbers;
    }

    @Test
    void shouldCountAnInOrderStreamWithNothingLost() throws Exception {
        sender.sendSequence(Packets.SSRC_A, range(100, 200));

        StreamSnapshot stream = only(afterArrivalOf(200));
        assertEquals(200, stream.packets());
        assertEquals(200, stream.expected());
        assertEquals(0, stream.lost());
        assertEquals(0, stream.reordered());
        assertEquals(0, stream.duplicates());
        assertEquals(200 * 112, stream.bytes());
        assertEquals(200 * 100, stream.payloadBytes());
        assertEquals(Packets.SSRC_A, stream.ssrc());
        assertEquals(Packets.PT_VIDEO, stream.payloadType());
    }

    @Test
    void shouldCountThreeLostWhenThreeSequenceNumbersAreSkipped() throws Exception {
        sender.sendSequence(Packets.SSRC_A, 1, 2, 3, 4, 8, 9, 10);

        StreamSnapshot stream = only(afterArrivalOf(7));
        assertEquals(10, stream.expected());
        assertEquals(3, stream.lost());
    }

    @Test
    void shouldCountAReorderedPairWithoutLoss() throws Exception {
        sender.sendSequence(Packets.SSRC_A, 1, 2, 4, 3, 5, 6);

        StreamSnapshot stream = only(afterArrivalOf(6));
        assertEquals(1, stream.reordered());
        assertEquals(0, stream.lost());
        assertEquals(0, stream.duplicates());
    }

    @Test
    void shouldCountDuplicatesWithoutLoss() throws Exception {
        sender.sendSequence(Packets.SSRC_A, 1, 2, 2, 3, 4, 4, 4, 5);

        StreamSnapshot stream = only(afterArrivalOf(8));
        assertEquals(8, stream.packets());
        assertEquals(3, stream.duplicates());
        assertEquals(0, stream.lost());
        assertEquals(0, stream.reordered());
    }

    @Test
    void shouldCountNothingLostAcrossTheSequenceWrap() throws Exception {
        sender.sendSequence(Packets.SSRC_A, range(65_500, 100)); // 65500..65535, 0..63

        StreamSnapshot stream = only(afterArrivalOf(100));
        assertEquals(100, stream.expected());
        assertEquals(0, stream.lost());
        assertEquals(65_599, stream.highestSequence());
    }

    @Test
    void shouldTrackTwoSsrcsSeparately() throws Exception {
        for (int i = 0; i < 50; i++) {
            sender.sendSequence(Packets.SSRC_A, 1000 + i);
            if (i != 20) {
                sender.sendSequence(Packets.SSRC_B, 7 + i);
            }
        }

        ReceiveSnapshot snapshot = afterArrivalOf(99);
        assertEquals(2, snapshot.ssrcs());
        StreamSnapshot a = snapshot.streams().get(0);
        StreamSnapshot b = snapshot.streams().get(1);
        assertEquals(Packets.SSRC_A, a.ssrc());
        assertEquals(50, a.packets());
        assertEquals(0, a.lost());
        assertEquals(Packets.SSRC_B, b.ssrc());
        assertEquals(49, b.packets());
        assertEquals(1, b.lost());
        assertEquals(99, snapshot.packets());
        assertEquals(1, snapshot.lost());
    }

    @Test
    void shouldCountNonRtpDatagramsUnderTheirParseErrorAndKeepCounting() throws Exception {
        sender.sendSequence(Packets.SSRC_A, 1);
        sender.send(Packets.datagram(0x40, 0x60, 0x00, 0x02, 0x00));       // 5 bytes, V=1
        sender.send(Packets.datagram(0x40, 0x60, 0x00, 0x02, 0, 0, 0, 0,   // V=1, timestamp
                0x11, 0x22, 0x33, 0x44));                                  // SSRC
        sender.sendSequence(Packets.SSRC_A, 2);

        ReceiveSnapshot snapshot = afterArrivalOf(4);
        assertEquals(Map.of(RtpParseError.TOO_SHORT, 1L, RtpParseError.BAD_VERSION, 1L), snapshot.notRtp());
        assertEquals(2, only(snapshot).packets());
        assertEquals(0, only(snapshot).lost());
    }

    @Test
    void shouldReceiveIpv4AndIpv6OnTheDefaultBind() throws Exception {
        Loopback.assumeIpv6();
        assertTrue(receiver.dualStack(), "bound to " + receiver.localAddress());
        try (Packets.Sender ipv6 = Packets.Sender.ipv6(receiver.port())) {
            sender.sendSequence(Packets.SSRC_A, 1, 2, 3);
            ipv6.sendSequence(Packets.SSRC_B, 1, 2, 3, 4);
        }

        ReceiveSnapshot snapshot = afterArrivalOf(7);
        assertEquals(3, snapshot.streams().get(0).packets(), "over IPv4");
        assertEquals(4, snapshot.streams().get(1).packets(), "over IPv6");
    }

    @Test
    void shouldKeepJitterNearZeroWhenTimestampsFollowTheSendTimes() throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            long ticks = (System.nanoTime() - start) * 90 / 1_000_000; // 90 kHz
            sender.send(Packets.rtp(Packets.SSRC_A, i, ticks, false, 100));
            Thread.sleep(2);
        }

        StreamSnapshot stream = only(afterArrivalOf(50));
        // loopback delivery varies by microseconds; a wrong clock or formula gives milliseconds
        assertTrue(stream.jitterMillis() < 1.0, "jitter " + stream.jitterMillis() + " ms");
    }

    @Test
    void shouldAskForALargeReceiveBuffer() throws IOException {
        Path rmemMax = Path.of("/proc/sys/net/core/rmem_max");
        long limit = Files.isReadable(rmemMax)
                ? Long.parseLong(Files.readString(rmemMax).trim()) : RtpReceiver.REQUESTED_RECEIVE_BUFFER;

        assertTrue(receiver.receiveBufferSize() >= Math.min(limit, RtpReceiver.REQUESTED_RECEIVE_BUFFER),
                receiver.receiveBufferSize() + " bytes granted, rmem_max " + limit);
    }

    @Test
    void shouldRefuseAPortInUse() {
        BindException e = assertThrows(BindException.class, () -> RtpReceiver.open(receiver.port()));
        assertEquals("Address already in use", e.getMessage());
    }

    @Test
    void shouldStopOnCloseAndRefuseASecondStart() throws Exception {
        assertFalse(receiver.awaitTermination(Duration.ofMillis(50)));
        assertEquals(RtpReceiver.State.RECEIVING, receiver.state());
        assertThrows(IllegalStateException.class, () -> receiver.start(LONG_IDLE, null));

        receiver.close();

        assertTrue(receiver.awaitTermination(Duration.ZERO));
        assertEquals(RtpReceiver.State.STOPPED, receiver.state());
        assertThrows(IllegalStateException.class, () -> receiver.run(LONG_IDLE));
    }
}

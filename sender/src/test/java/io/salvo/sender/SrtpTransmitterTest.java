package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.pacer.PacerConfig;
import io.salvo.pacer.PriorityClass;
import io.salvo.rtcp.GenericNack;
import io.salvo.rtcp.ReceiverReport;
import io.salvo.rtcp.RtcpCompound;
import io.salvo.rtcp.RtcpPacketType;
import io.salvo.rtcp.RtcpParseError;
import io.salvo.rtcp.SenderReport;
import io.salvo.srtp.SrtpKeys;
import io.salvo.srtp.SrtpProfile;
import io.salvo.srtp.SrtpReceiver;
import io.salvo.srtp.SrtpSender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SRTP through the transmitter, on a virtual clock with real loopback sockets: every datagram
 * and every report leaves protected and unprotects under the stream's keys to the clear packet,
 * resends go as protected RTX, feedback must be SRTCP, and protecting allocates nothing.
 */
class SrtpTransmitterTest {
    private static final long MS = 1_000_000L;
    private static final long SSRC = 0x5EC0_0001L;

    private long now = 9_000_000_000_000L;
    private RtcpPeer peer;
    private Transmitter transmitter;
    private TransmitterStream stream;

    @AfterEach
    void close() throws Exception {
        if (transmitter != null) {
            transmitter.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    private void start(SrtpKeys keys, RetransmissionConfig retransmission) throws Exception {
        peer = RtcpPeer.open(false);
        transmitter = Transmitter.create(SendmmsgSender.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                TransmitterConfig.builder().clock(() -> now).pacer(PacerConfig.builder().unpaced().build()).build());
        stream = transmitter.addStream("cam", new ChunkPacketizer(SSRC, 1000, 90_000), PriorityClass.VIDEO,
                retransmission, SrtpConfig.of(keys), peer.rtpAddress());
    }

    private void run(long millis) {
        for (long t = 0; t < millis * 4; t++) {
            transmitter.doWork();
            now += MS / 4;
        }
        transmitter.doWork();
    }

    private static ByteBuffer frame(int length) {
        ByteBuffer frame = ByteBuffer.allocateDirect(length);
        for (int i = 0; i < length; i++) {
            frame.put(i, (byte) (i * 7));
        }
        return frame;
    }

    private static byte[] bytes(ByteBuffer b, int offset, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = b.get(offset + i);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void shouldSendEveryDatagramAndReportProtectedSoTheStreamsKeysRecoverTheClearPackets(SrtpProfile profile)
            throws Exception {
        SrtpKeys keys = SrtpKeys.random(profile);
        start(keys, RetransmissionConfig.off());
        ByteBuffer frame = frame(2500);
        assertTrue(transmitter.submit(stream, frame, 0, 2500, 4321, now, true, 1, null));
        run(800); // the first report went before the packets; the second counts them

        List<RtcpPeer.Datagram> rtp = peer.drainRtp();
        assertEquals(3, rtp.size());
        try (SrtpReceiver receiver = new SrtpReceiver(keys)) {
            int payloadSeen = 0;
            for (RtcpPeer.Datagram d : rtp) {
                ByteBuffer b = d.bytes();
                int sealedLength = b.limit();
                int plain = receiver.unprotectRtp(b, 0, sealedLength);
                assertEquals(sealedLength - profile.rtpTagLength(), plain, "authenticated: " + plain);
                int payload = plain - 12;
                assertArrayEquals(bytes(frame, payloadSeen, payload), bytes(b, 12, payload), "the frame's bytes, decrypted");
                payloadSeen += payload;
            }
            assertEquals(2500, payloadSeen);

            List<RtcpPeer.Datagram> reports = peer.drainRtcp();
            assertTrue(reports.size() >= 2, "reports: " + reports.size());
            ByteBuffer report = reports.get(reports.size() - 1).bytes();
            RtcpCompound compound = new RtcpCompound();
            assertEquals(RtcpPacketType.SR, report.get(1) & 0xFF, "the first 8 bytes stay clear");
            assertEquals(SSRC, report.getInt(4) & 0xFFFF_FFFFL);
            int plain = receiver.unprotectRtcp(report, 0, report.limit());
            assertTrue(plain > 0, "SRTCP authenticates: " + plain);
            assertEquals(RtcpParseError.OK, compound.wrap(report, 0, plain));
            assertTrue(compound.next());
            SenderReport sr = new SenderReport();
            assertEquals(RtcpParseError.OK, sr.wrap(report, compound.packetOffset(), compound.packetLength()));
            assertEquals(3, sr.packetCount());
            assertEquals(2500, sr.octetCount(), "payload octets, without the tag");
        }
    }

    @Test
    void shouldResendAsProtectedRtxAndReadOnlyAuthenticFeedback() throws Exception {
        SrtpKeys keys = SrtpKeys.random(SrtpProfile.AEAD_AES_128_GCM);
        start(keys, RetransmissionConfig.rtx(97).rtxSsrc(0x0A7BL).build());
        ByteBuffer frame = frame(3000);
        assertTrue(transmitter.submit(stream, frame, 0, 3000, 0, now, true, 1, null));
        run(5);
        List<RtcpPeer.Datagram> originals = peer.drainRtp();
        peer.drainRtcp();

        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                transmitter.sender().localAddress().getPort());
        ByteBuffer clear = ByteBuffer.allocateDirect(200);
        int length = ReceiverReport.write(clear, 0, 0xB0B, 0);
        length += GenericNack.write(clear, length, 0xB0B, SSRC, new int[] {1}, 0, 1);
        peer.sendRtcp(clear, length, to); // in clear: refused
        run(2);
        assertTrue(peer.drainRtp().isEmpty());
        assertEquals(1, transmitter.rtcpStats().srtcpRejected());
        assertEquals(0, transmitter.rtcpStats().nacks());

        ByteBuffer sealed = ByteBuffer.allocateDirect(300);
        try (SrtpSender viewer = new SrtpSender(keys); SrtpReceiver receiver = new SrtpReceiver(keys)) {
            int n = viewer.protectRtcp(clear, 0, length, sealed, 0);
            peer.sendRtcp(sealed, n, to);
            run(2);
            assertEquals(1, transmitter.rtcpStats().nacks());
            List<RtcpPeer.Datagram> resent = peer.drainRtp();
            assertEquals(1, resent.size());
            ByteBuffer rtx = resent.get(0).bytes();
            assertEquals(0x0A7BL, rtx.getInt(8) & 0xFFFF_FFFFL, "the RTX SSRC, in clear");
            for (RtcpPeer.Datagram d : originals) {
                receiver.unprotectRtp(d.bytes(), 0, d.bytes().limit());
            }
            int plain = receiver.unprotectRtp(rtx, 0, rtx.limit());
            assertTrue(plain > 0, "the RTX SSRC has its own SRTP index: " + plain);
            assertEquals(1, rtx.getShort(12) & 0xFFFF, "OSN");
            ByteBuffer second = originals.get(1).bytes();
            assertArrayEquals(bytes(second, 12, 1000), bytes(rtx, 14, 1000), "the original payload after the OSN");
        }
    }

    @Test
    void shouldRefuseOriginalPacketResendsAndKeysForAnotherNumberOfDestinations() throws Exception {
        SrtpKeys keys = SrtpKeys.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        peer = RtcpPeer.open(false);
        transmitter = Transmitter.create(SendmmsgSender.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                TransmitterConfig.builder().clock(() -> now).build());
        IllegalArgumentException replay = assertThrows(IllegalArgumentException.class, () -> transmitter.addStream("a",
                new ChunkPacketizer(1, 1000, 90_000), PriorityClass.VIDEO, RetransmissionConfig.original().build(),
                SrtpConfig.of(keys), peer.rtpAddress()));
        assertTrue(replay.getMessage().contains("replay"), replay.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> transmitter.addStream("b",
                new ChunkPacketizer(1, 1000, 90_000), PriorityClass.VIDEO, RetransmissionConfig.off(),
                SrtpConfig.perDestination(keys, keys, keys), peer.rtpAddress(), peer.rtcpAddress()));
        assertTrue(count.getMessage().contains("one per destination (2), were 3"), count.getMessage());
    }

    @Test
    void shouldProtectWithoutAllocating() throws Exception {
        start(SrtpKeys.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80), RetransmissionConfig.off());
        ByteBuffer frame = frame(3000);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        long allocated = 0;
        int frames = 3000;
        for (int i = 0; i < frames + 1000; i++) {
            assertTrue(transmitter.submit(stream, frame, 0, 3000, i * 3000L, now, false, i, null));
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int step = 0; step < 8; step++) {
                transmitter.doWork();
                now += MS / 4;
            }
            if (i >= 1000) { // after warm-up
                allocated += mx.getCurrentThreadAllocatedBytes() - before;
            }
            if (i % 64 == 0) {
                peer.drainRtp();
            }
        }
        assertEquals(0, transmitter.stats().dropped(), transmitter.stats().toString());
        assertTrue(allocated < frames * 3L, "allocated " + allocated + " bytes for " + frames * 3 + " protected datagrams");
    }
}

package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a received packet is turned away: the exact status, counted, and nothing else changed. */
class RejectionTest {
    private static final long SSRC = 0x5EC0DE01L;
    private static final int PAYLOAD = 200;

    private SrtpKeys keys;
    private SrtpSender sender;
    private SrtpReceiver receiver;

    private void open(SrtpProfile profile, CryptoBackend backend) {
        Cases.assumeAvailable(backend);
        keys = SrtpKeys.random(profile);
        sender = new SrtpSender(keys, backend);
        receiver = new SrtpReceiver(keys, backend);
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        if (sender != null) {
            sender.close();
            receiver.close();
        }
    }

    /** Protects RTP packet {@code sequenceNumber} into a fresh direct buffer of exactly its length. */
    private ByteBuffer srtp(int sequenceNumber) {
        byte[] packet = Cases.rtp(SSRC, sequenceNumber, PAYLOAD);
        ByteBuffer out = Cases.direct(packet.length + sender.profile().rtpTagLength());
        sender.protectRtp(ByteBuffer.wrap(packet), 0, packet.length, out, 0);
        return out;
    }

    private ByteBuffer srtcp() {
        byte[] packet = Cases.rtcp(SSRC);
        ByteBuffer out = Cases.direct(packet.length + sender.profile().rtcpOverhead());
        sender.protectRtcp(ByteBuffer.wrap(packet), 0, packet.length, out, 0);
        return out;
    }

    private SrtpStatus unprotect(ByteBuffer packet) {
        return SrtpStatus.of(receiver.unprotectRtp(packet, 0, packet.capacity()));
    }

    private SrtpStatus unprotectRtcp(ByteBuffer packet) {
        return SrtpStatus.of(receiver.unprotectRtcp(packet, 0, packet.capacity()));
    }

    private static void flip(ByteBuffer packet, int index) {
        packet.put(index, (byte) (packet.get(index) ^ 0x01));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldRejectATamperedPayload(SrtpProfile profile, CryptoBackend backend) {
        open(profile, backend);
        ByteBuffer packet = srtp(1);
        flip(packet, 12 + 50);

        assertEquals(SrtpStatus.AUTH_FAILED, unprotect(packet));
        assertEquals(1, receiver.stats().rtpRejected(SrtpStatus.AUTH_FAILED));
        assertEquals(0, receiver.stats().streams(), "a forged packet makes no state");
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldRejectATamperedTagAndLeaveTheWindowAlone(SrtpProfile profile, CryptoBackend backend) {
        open(profile, backend);
        ByteBuffer packet = srtp(1);
        ByteBuffer intact = Cases.direct(packet.capacity());
        intact.put(0, packet, 0, packet.capacity());
        flip(packet, packet.capacity() - 1);

        assertEquals(SrtpStatus.AUTH_FAILED, unprotect(packet));
        assertEquals(SrtpStatus.OK, unprotect(intact), "the forgery did not use up the index");
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldRejectATamperedHeader(SrtpProfile profile, CryptoBackend backend) {
        open(profile, backend);
        ByteBuffer marker = srtp(1);
        flip(marker, 1 /* M, PT */);
        ByteBuffer timestamp = srtp(2);
        flip(timestamp, 7);
        ByteBuffer sequenceNumber = srtp(3);
        flip(sequenceNumber, 3);

        assertEquals(SrtpStatus.AUTH_FAILED, unprotect(marker));
        assertEquals(SrtpStatus.AUTH_FAILED, unprotect(timestamp));
        assertEquals(SrtpStatus.AUTH_FAILED, unprotect(sequenceNumber));
        assertEquals(3, receiver.stats().rtpRejected(SrtpStatus.AUTH_FAILED));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldLeaveARejectedPacketAsItWas(SrtpProfile profile, CryptoBackend backend) {
        open(profile, backend);
        ByteBuffer packet = srtp(1);
        flip(packet, 20);
        byte[] before = Cases.bytes(packet, 0, packet.capacity());
        ByteBuffer rtcp = srtcp();
        flip(rtcp, 20);
        byte[] rtcpBefore = Cases.bytes(rtcp, 0, rtcp.capacity());

        assertEquals(SrtpStatus.AUTH_FAILED, unprotect(packet));
        assertArrayEquals(before, Cases.bytes(packet, 0, packet.capacity()));
        assertEquals(SrtpStatus.AUTH_FAILED, unprotectRtcp(rtcp));
        assertArrayEquals(rtcpBefore, Cases.bytes(rtcp, 0, rtcp.capacity()));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldRejectAReplay(SrtpProfile profile, CryptoBackend backend) {
        open(profile, backend);
        ByteBuffer packet = srtp(1);
        ByteBuffer copy = Cases.direct(packet.capacity());
        copy.put(0, packet, 0, packet.capacity());

        assertEquals(SrtpStatus.OK, unprotect(packet));
        assertEquals(SrtpStatus.REPLAYED, unprotect(copy));
        assertEquals(1, receiver.stats().rtpRejected(SrtpStatus.REPLAYED));
        assertEquals(1, receiver.stats().rtpPackets());
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldRejectAPacketThatLeftTheWindow(SrtpProfile profile, CryptoBackend backend) {
        open(profile, backend);
        ByteBuffer first = srtp(1);
        ByteBuffer old = srtp(2);
        ByteBuffer edge = srtp(3);
        ByteBuffer newest = srtp(2 + ReplayWindow.SIZE);   // index 2 is now SIZE behind: outside

        assertEquals(SrtpStatus.OK, unprotect(first));
        assertEquals(SrtpStatus.OK, unprotect(newest));
        assertEquals(SrtpStatus.TOO_OLD, unprotect(old));
        assertEquals(SrtpStatus.OK, unprotect(edge), "SIZE - 1 behind is still inside");
        assertEquals(1, receiver.stats().rtpRejected(SrtpStatus.TOO_OLD));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldRejectTruncatedPackets(SrtpProfile profile, CryptoBackend backend) {
        open(profile, backend);
        ByteBuffer packet = srtp(1);
        int tag = profile.rtpTagLength();

        assertEquals(SrtpStatus.TOO_SHORT, SrtpStatus.of(receiver.unprotectRtp(packet, 0, 12 + tag - 1)));
        assertEquals(SrtpStatus.TOO_SHORT, SrtpStatus.of(receiver.unprotectRtp(packet, 0, 0)));
        assertEquals(SrtpStatus.AUTH_FAILED, SrtpStatus.of(receiver.unprotectRtp(packet, 0, packet.capacity() - 1)));
        assertEquals(SrtpStatus.AUTH_FAILED, SrtpStatus.of(receiver.unprotectRtp(packet, 0, 12 + tag)));
        assertEquals(2, receiver.stats().rtpRejected(SrtpStatus.TOO_SHORT));
        assertEquals(SrtpStatus.OK, unprotect(packet));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldRejectAPacketUnderAnotherKey(SrtpProfile profile, CryptoBackend backend) {
        open(profile, backend);
        try (SrtpSender stranger = new SrtpSender(SrtpKeys.random(profile), backend)) {
            byte[] plain = Cases.rtp(SSRC, 1, PAYLOAD);
            ByteBuffer packet = Cases.direct(plain.length + profile.rtpTagLength());
            stranger.protectRtp(ByteBuffer.wrap(plain), 0, plain.length, packet, 0);

            assertEquals(SrtpStatus.AUTH_FAILED, unprotect(packet));
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldRejectABadVersionAndAMalformedHeader(SrtpProfile profile, CryptoBackend backend) {
        open(profile, backend);
        ByteBuffer version = srtp(1);
        version.put(0, (byte) 0x40);                          // V=1
        ByteBuffer csrcs = srtp(2);
        csrcs.put(0, (byte) 0x8F);                            // CC=15: 72 header bytes
        ByteBuffer extension = srtp(3);
        extension.put(0, (byte) 0x90);                        // X=1 ...
        extension.putShort(14, (short) 0x7FFF);               // ... with 32767 words

        assertEquals(SrtpStatus.BAD_VERSION, unprotect(version));
        assertEquals(SrtpStatus.OK, SrtpStatus.of(receiver.unprotectRtp(srtp(4), 0, 12 + PAYLOAD + profile.rtpTagLength())));
        ByteBuffer shortCsrcs = srtp(5);
        shortCsrcs.put(0, (byte) 0x8F);
        assertEquals(SrtpStatus.MALFORMED_HEADER,
                SrtpStatus.of(receiver.unprotectRtp(shortCsrcs, 0, 12 + 40 + profile.rtpTagLength())));
        assertEquals(SrtpStatus.MALFORMED_HEADER, unprotect(extension));
        assertEquals(SrtpStatus.AUTH_FAILED, unprotect(csrcs), "72 header bytes fit: the tag decides");
        assertEquals(1, receiver.stats().rtpRejected(SrtpStatus.BAD_VERSION));
        assertEquals(2, receiver.stats().rtpRejected(SrtpStatus.MALFORMED_HEADER));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.salvo.srtp.Cases#profilesAndBackends")
    void shouldRejectDamagedSrtcp(SrtpProfile profile, CryptoBackend backend) {
        open(profile, backend);
        ByteBuffer payload = srtcp();
        flip(payload, 12);
        ByteBuffer tag = srtcp();
        flip(tag, SrtcpLayout.indexOffset(profile, tag.capacity()) == tag.capacity() - 4 ? tag.capacity() - 5 : tag.capacity() - 1);
        ByteBuffer index = srtcp();
        flip(index, SrtcpLayout.indexOffset(profile, index.capacity()) + 3);
        ByteBuffer version = srtcp();
        version.put(0, (byte) 0x01);
        ByteBuffer good = srtcp();
        ByteBuffer replay = Cases.direct(good.capacity());
        replay.put(0, good, 0, good.capacity());

        assertEquals(SrtpStatus.AUTH_FAILED, unprotectRtcp(payload));
        assertEquals(SrtpStatus.AUTH_FAILED, unprotectRtcp(tag));
        assertEquals(SrtpStatus.AUTH_FAILED, unprotectRtcp(index));
        assertEquals(SrtpStatus.BAD_VERSION, unprotectRtcp(version));
        assertEquals(SrtpStatus.TOO_SHORT, SrtpStatus.of(receiver.unprotectRtcp(good, 0, 8 + profile.rtcpOverhead() - 1)));
        assertEquals(SrtpStatus.OK, unprotectRtcp(good));
        assertEquals(SrtpStatus.REPLAYED, unprotectRtcp(replay));
        assertEquals(3, receiver.stats().rtcpRejected(SrtpStatus.AUTH_FAILED));
        assertEquals(1, receiver.stats().rtcpRejected(SrtpStatus.BAD_VERSION));
        assertEquals(1, receiver.stats().rtcpRejected(SrtpStatus.TOO_SHORT));
        assertEquals(1, receiver.stats().rtcpRejected(SrtpStatus.REPLAYED));
        assertEquals(6, receiver.stats().rejected());
        assertEquals(0, receiver.stats().rtpRejected(SrtpStatus.AUTH_FAILED), "RTP and RTCP counted apart");
    }
}

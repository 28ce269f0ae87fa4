package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.RtpHeader;
import io.salvo.rtp.RtpPacket;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ResendPacketTest {
    private final ByteBuffer frame = ByteBuffer.allocateDirect(64);

    ResendPacketTest() {
        for (int i = 0; i < 64; i++) {
            frame.put(i, (byte) (0xA0 + i));
        }
    }

    /** Like an H.264 STAP-A: header and aggregation byte and a size in the slot, payload views between. */
    private RtpPacket aggregate() {
        RtpPacket packet = RtpPacket.allocate(64);
        ByteBuffer slot = packet.slot();
        RtpHeader.write(slot, 0, 0, true, 96, 0x1234, 0xCAFEBABEL, 0x11111111L);
        slot.put(12, (byte) 24);                 // STAP-A NAL header
        slot.putShort(13, (short) 4);            // size of NAL 1
        slot.putShort(15, (short) 3);            // size of NAL 2
        packet.addSlot(0, 15).addPayload(frame, 0, 4).addSlot(15, 2).addPayload(frame, 10, 3);
        return packet;
    }

    private static byte[] bytes(OutputMessage message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int v = 0; v < message.vectorCount(); v++) {
            var vector = message.vector(v);
            for (int i = 0; i < vector.length(); i++) {
                out.write(vector.buffer().get(vector.offset() + i));
            }
        }
        return out.toByteArray();
    }

    @Test
    void shouldResendTheOriginalByteForByteWithTheFramesOwnViews() {
        RtpPacket original = aggregate();
        RtpPacket resend = RtpPacket.allocate(64);

        assertTrue(ResendPacket.build(original, resend, -1, -1, 0));

        assertArrayEquals(bytes(original.message()), bytes(resend.message()));
        assertEquals(original.length(), resend.length());
        assertEquals(4, resend.message().vectorCount());
        assertSame(frame, resend.message().vector(1).buffer(), "the payload is a view of the frame, not a copy");
        assertSame(frame, resend.message().vector(3).buffer());
        assertSame(resend.slot(), resend.message().vector(0).buffer(), "the header is the resend's own");
    }

    @Test
    void shouldWriteRtxWithItsOwnSsrcPayloadTypeAndSequenceAndTheOriginalSequenceFirst() {
        RtpPacket original = aggregate();
        RtpPacket rtx = RtpPacket.allocate(64);

        assertTrue(ResendPacket.build(original, rtx, 0x22222222L, 97, 0x0007));

        byte[] sent = bytes(rtx.message());
        byte[] expected = {
                (byte) 0x80, (byte) (0x80 | 97), 0x00, 0x07, // V=2, M=1 kept, PT=97, RTX sequence 7
                (byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, // timestamp kept
                0x22, 0x22, 0x22, 0x22,                      // RTX SSRC
                0x12, 0x34,                                  // OSN: the original sequence number
                24, 0x00, 0x04,                              // the original payload: STAP-A header, size 4
                (byte) 0xA0, (byte) 0xA1, (byte) 0xA2, (byte) 0xA3, // NAL 1, from the frame
                0x00, 0x03,                                  // size 3
                (byte) 0xAA, (byte) 0xAB, (byte) 0xAC};      // NAL 2, from the frame
        assertArrayEquals(expected, sent);
        assertEquals(original.length() + 2, rtx.length());
        assertSame(frame, rtx.message().vector(1).buffer());
        assertEquals(0x1234, original.sequenceNumber(), "the original is untouched");
    }

    @Test
    void shouldResendAForwardedDatagramWhoseHeaderIsInTheCallersBuffer() {
        ByteBuffer datagram = ByteBuffer.allocateDirect(20);
        RtpHeader.write(datagram, 0, 0, false, 100, 65535, 90_000, 0x33333333L);
        for (int i = 12; i < 20; i++) {
            datagram.put(i, (byte) i);
        }
        RtpPacket forwarded = RtpPacket.allocate(64).addPayload(datagram, 0, 20);
        RtpPacket rtx = RtpPacket.allocate(64);

        assertTrue(ResendPacket.build(forwarded, rtx, 0x44444444L, 101, 1));

        assertEquals(2, rtx.message().vectorCount(), "a new header with the OSN, then a view of the payload");
        assertSame(datagram, rtx.message().vector(1).buffer());
        byte[] sent = bytes(rtx.message());
        assertEquals(22, sent.length);
        assertEquals((byte) 0xFF, sent[12]);
        assertEquals((byte) 0xFF, sent[13]);
        assertEquals(12, sent[14]);
    }

    @Test
    void shouldRefuseWhenTheSlotBytesDoNotFit() {
        RtpPacket original = aggregate();
        assertFalse(ResendPacket.build(original, RtpPacket.allocate(16), 1, 97, 0));
    }
}

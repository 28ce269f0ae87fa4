package io.salvo.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RtcpHeaderTest {
    private static final int OFFSET = 5;

    @Test
    void shouldWriteTheCommonHeaderAtNonZeroOffset() {
        ByteBuffer buffer = Fixtures.filled(OFFSET + 4 + 1);

        assertEquals(4, RtcpHeader.write(buffer, OFFSET, 2, RtcpPacketType.SDES, 7));

        assertArrayEquals(new int[]{
                0x82,       // V=2, P=0, SC=2
                0xCA,       // PT=202 SDES
                0x00, 0x07, // length 7 words
        }, Fixtures.bytes(buffer, OFFSET, 4));
        assertEquals(Fixtures.FILLER, buffer.get(OFFSET - 1) & 0xFF);
        assertEquals(Fixtures.FILLER, buffer.get(OFFSET + 4) & 0xFF);
    }

    @Test
    void shouldReadEveryFieldOfThePaddedByeHeader() {
        ByteBuffer buffer = Fixtures.at(OFFSET, Vectors.BYE_PADDED);

        assertEquals(2, RtcpHeader.version(buffer, OFFSET));
        assertTrue(RtcpHeader.padding(buffer, OFFSET));
        assertEquals(1, RtcpHeader.count(buffer, OFFSET));
        assertEquals(RtcpPacketType.BYE, RtcpHeader.packetType(buffer, OFFSET));
        assertEquals(2, RtcpHeader.lengthWords(buffer, OFFSET));
        assertEquals(12, RtcpHeader.packetLength(buffer, OFFSET));
        assertFalse(RtcpHeader.padding(Fixtures.at(0, Vectors.SR), 0));
    }

    @Test
    void shouldRejectFieldsOutOfRangeAndAShortBuffer() {
        ByteBuffer buffer = ByteBuffer.allocate(8);

        assertEquals("RTCP count must be 0..31, was 32", assertThrows(IllegalArgumentException.class,
                () -> RtcpHeader.write(buffer, 0, 32, 200, 0)).getMessage());
        assertEquals("RTCP packet type must be 0..255, was 256", assertThrows(IllegalArgumentException.class,
                () -> RtcpHeader.write(buffer, 0, 0, 256, 0)).getMessage());
        assertEquals("RTCP length must be 0..65535 words, was 65536", assertThrows(IllegalArgumentException.class,
                () -> RtcpHeader.write(buffer, 0, 0, 200, 65536)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> RtcpHeader.write(buffer, 5, 0, 200, 0));
    }
}

package io.salvo.rtp;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpHeaderTest {
    private static final int OFFSET = 5;

    /** A header with 2 CSRCs and a one-byte extension of one word, 5 bytes into the buffer. */
    private static ByteBuffer sample() {
        return Fixtures.at(OFFSET,
                0xB2,                   // V=2, P=1, X=1, CC=2
                0xE0,                   // M=1, PT=96
                0xFF, 0xFE,             // sequence number 65534
                0xDE, 0xAD, 0xBE, 0xEF, // timestamp 0xDEADBEEF
                0x12, 0x34, 0x56, 0x78, // SSRC 0x12345678
                0x00, 0x00, 0x00, 0x01, // CSRC 0: 1
                0xFF, 0xFF, 0xFF, 0xFF, // CSRC 1: 0xFFFFFFFF
                0xBE, 0xDE, 0x00, 0x01, // extension: one-byte profile, 1 word
                0x10, 0x2A, 0x00, 0x00  // id 1, length 1, value 42, padding
        );
    }

    @Test
    void shouldReadEveryFieldAtNonZeroOffset() {
        RtpHeader header = new RtpHeader(sample(), OFFSET);

        assertEquals(2, header.version());
        assertTrue(header.padding());
        assertTrue(header.extension());
        assertEquals(2, header.csrcCount());
        assertTrue(header.marker());
        assertEquals(96, header.payloadType());
        assertEquals(65534, header.sequenceNumber());
        assertEquals(0xDEADBEEFL, header.timestamp());
        assertEquals(0x12345678L, header.ssrc());
        assertEquals(1L, header.csrc(0));
        assertEquals(0xFFFF_FFFFL, header.csrc(1));
        assertEquals(20, header.extensionOffset());
        assertEquals(0xBEDE, header.extensionProfile());
        assertEquals(1, header.extensionLengthWords());
        assertEquals(28, header.headerLength());
    }

    @Test
    void shouldReadTheSameFieldsFromALittleEndianBuffer() {
        ByteBuffer buffer = sample().order(ByteOrder.LITTLE_ENDIAN);
        RtpHeader header = new RtpHeader(buffer, OFFSET);

        assertEquals(65534, header.sequenceNumber());
        assertEquals(0xDEADBEEFL, header.timestamp());
        assertEquals(0x12345678L, header.ssrc());
        assertEquals(0xBEDE, header.extensionProfile());
    }

    @Test
    void shouldReadFieldsThroughStaticAccessorsAtNonZeroOffset() {
        ByteBuffer buffer = sample();

        assertTrue(RtpHeader.marker(buffer, OFFSET));
        assertEquals(65534, RtpHeader.sequenceNumber(buffer, OFFSET));
        assertEquals(0xDEADBEEFL, RtpHeader.timestamp(buffer, OFFSET));
        assertEquals(0x12345678L, RtpHeader.ssrc(buffer, OFFSET));
    }

    @Test
    void shouldWriteAFixedHeaderByteForByte() {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        new RtpHeader(buffer, 3).writeFixed(0, true, 111, 0x1234, 0xCAFEBABEL, 0x0BADF00DL);

        assertArrayEquals(new int[]{
                0x80,                   // V=2, P=0, X=0, CC=0
                0xEF,                   // M=1, PT=111
                0x12, 0x34,             // sequence number
                0xCA, 0xFE, 0xBA, 0xBE, // timestamp
                0x0B, 0xAD, 0xF0, 0x0D  // SSRC
        }, Fixtures.bytes(buffer, 3, 12));
        assertEquals(0, buffer.get(2), "byte before the header untouched");
        assertEquals(0, buffer.get(15), "byte after the header untouched");
    }

    @Test
    void shouldRoundTripEverySetterWithoutDisturbingNeighbourFields() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        RtpHeader header = new RtpHeader(buffer, 9).writeFixed(3, false, 0, 0, 0, 0);

        header.padding(true).extension(true).marker(true).payloadType(127)
                .sequenceNumber(0x1_FFFF).timestamp(0x1_0000_0001L).ssrc(0xFFFF_FFFFL)
                .csrc(0, 7).csrc(2, 0x8000_0000L);

        assertEquals(2, header.version());
        assertTrue(header.padding());
        assertTrue(header.extension());
        assertEquals(3, header.csrcCount());
        assertTrue(header.marker());
        assertEquals(127, header.payloadType());
        assertEquals(0xFFFF, header.sequenceNumber(), "low 16 bits kept");
        assertEquals(1L, header.timestamp(), "low 32 bits kept");
        assertEquals(0xFFFF_FFFFL, header.ssrc());
        assertEquals(7L, header.csrc(0));
        assertEquals(0L, header.csrc(1));
        assertEquals(0x8000_0000L, header.csrc(2));

        header.marker(false).padding(false).csrcCount(1);
        assertFalse(header.marker());
        assertFalse(header.padding());
        assertTrue(header.extension());
        assertEquals(1, header.csrcCount());
        assertEquals(127, header.payloadType());
    }

    @Test
    void shouldRejectOutOfRangeFieldValuesWithTheirName() {
        RtpHeader header = new RtpHeader(ByteBuffer.allocate(16), 0);

        assertEquals("payload type must be 0..127, was 128",
                assertThrows(IllegalArgumentException.class, () -> header.payloadType(128)).getMessage());
        assertEquals("CSRC count must be 0..15, was 16",
                assertThrows(IllegalArgumentException.class, () -> header.csrcCount(16)).getMessage());
        assertEquals("CSRC 0 of a header with CSRC count 0",
                assertThrows(IndexOutOfBoundsException.class, () -> header.csrc(0)).getMessage());
    }

    @Test
    void shouldRefuseToWrapWhereTwelveBytesDoNotFit() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> new RtpHeader(ByteBuffer.allocate(20), 10));
        assertEquals("RTP header: range [10, 22) is outside the buffer's capacity 20", e.getMessage());
    }
}

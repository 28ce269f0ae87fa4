package io.salvo.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SenderReportTest {
    private static final int OFFSET = 11;

    @Test
    void shouldWriteTheSenderReportVectorAtNonZeroOffset() {
        ByteBuffer buffer = Fixtures.filled(OFFSET + 52 + 1);

        int at = OFFSET + SenderReport.write(buffer, OFFSET, Vectors.SENDER, Vectors.NTP, 1_234_567_890L,
                3000, 3_456_789, 1);
        assertEquals(OFFSET + 28, at);
        assertEquals(24, ReportBlock.write(buffer, at, Vectors.RECEIVER, 26, -2, 0x0001_1234L, 300,
                0x7EFF_C000L, 0x0001_8000L));

        assertArrayEquals(Vectors.SR, Fixtures.bytes(buffer, OFFSET, 52));
        assertEquals(Fixtures.FILLER, buffer.get(OFFSET - 1) & 0xFF);
        assertEquals(Fixtures.FILLER, buffer.get(OFFSET + 52) & 0xFF);
        assertEquals(52, SenderReport.length(1));
    }

    @Test
    void shouldReadEveryFieldOfTheSenderReportVector() {
        SenderReport sr = new SenderReport();
        ReportBlock block = new ReportBlock();

        assertEquals(RtcpParseError.OK, sr.wrap(Fixtures.at(OFFSET, Vectors.SR), OFFSET, Vectors.SR.length));
        assertEquals("well-formed RTCP SR", sr.errorMessage());
        assertEquals(OFFSET, sr.offset());
        assertEquals(52, sr.length());
        assertEquals(0x902F9E2EL, sr.ssrc());
        assertEquals(0xE93C7F00_40000000L, sr.ntpTimestamp());
        assertEquals(1_234_567_890L, sr.rtpTimestamp());
        assertEquals(3000L, sr.packetCount());
        assertEquals(3_456_789L, sr.octetCount());
        assertEquals(1, sr.reportCount());
        assertEquals(0, sr.profileExtensionLength());
        assertEquals(block, sr.reportBlock(0, block));
        assertEquals(OFFSET + 28, block.offset());
        assertEquals(0x2B535A6FL, block.ssrc());
        assertEquals(26, block.fractionLost());
        assertEquals(-2, block.cumulativeLost());
        assertEquals(0x0001_1234L, block.extendedHighestSequence());
        assertEquals(300L, block.jitter());
        assertEquals(0x7EFF_C000L, block.lastSenderReport());
        assertEquals(0x0001_8000L, block.delaySinceLastSenderReport());
        assertThrows(IndexOutOfBoundsException.class, () -> sr.reportBlock(1, block));
        assertThrows(IndexOutOfBoundsException.class, () -> sr.reportBlock(-1, block));
    }

    @Test
    void shouldExposeAProfileExtensionAfterTheBlocks() {
        int[] bytes = Fixtures.concat(Fixtures.patched(Vectors.SR, 2, 0x00, 0x0D), // length 13 words (56 bytes)
                new int[]{0xCA, 0xFE, 0xBA, 0xBE});                                 // profile extension
        SenderReport sr = new SenderReport();

        assertEquals(RtcpParseError.OK, sr.wrap(Fixtures.at(OFFSET, bytes), OFFSET, bytes.length));
        assertEquals(OFFSET + 52, sr.profileExtensionOffset());
        assertEquals(4, sr.profileExtensionLength());
    }

    @Test
    void shouldParseAPaddedReportWholeOrWithoutItsPadding() {
        int[] bytes = Fixtures.concat(Fixtures.patched(Vectors.SR, 0, 0xA1, 0xC8, 0x00, 0x0D), // P=1, 13 words
                new int[]{0x00, 0x00, 0x00, 0x04});                                            // padding, count 4
        ByteBuffer buffer = Fixtures.at(OFFSET, bytes);
        SenderReport sr = new SenderReport();

        assertEquals(RtcpParseError.OK, sr.wrap(buffer, OFFSET, bytes.length));
        assertEquals(52, sr.length());
        assertEquals(0, sr.profileExtensionLength());
        assertEquals(RtcpParseError.OK, sr.wrap(buffer, OFFSET, 52));
        assertEquals(52, sr.length());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty", new int[]{}, RtcpParseError.TOO_SHORT,
                        "RTCP SR of 0 bytes is shorter than the 4-byte common header"),
                Arguments.of("version 3", Fixtures.patched(Vectors.SR, 0, 0xC1), // V=3, RC=1
                        RtcpParseError.BAD_VERSION, "RTCP SR version is 3, not 2"),
                Arguments.of("an RR", Vectors.RR, RtcpParseError.WRONG_TYPE,
                        "RTCP SR expects packet type 200, was 201 (RR)"),
                Arguments.of("cut after the sender info", Fixtures.prefix(Vectors.SR, 40), RtcpParseError.LENGTH_OVERRUN,
                        "RTCP SR length field 12 words (52 bytes) runs past the 40 bytes given"),
                Arguments.of("sender info one word short", Fixtures.patched(Fixtures.prefix(Vectors.SR, 24), 0,
                                0x80, 0xC8, 0x00, 0x05), // RC=0, length 5 words (24 bytes)
                        RtcpParseError.SENDER_INFO_TRUNCATED,
                        "RTCP SR of 24 bytes is shorter than its 28 bytes of header, SSRC and sender info"),
                Arguments.of("RC 2 with one block", Fixtures.patched(Vectors.SR, 0, 0x82), // RC=2
                        RtcpParseError.REPORT_BLOCKS_OVERRUN, "RTCP SR report count 2 needs 76 bytes, packet has 52"),
                Arguments.of("RC 1 with no block", Fixtures.patched(Fixtures.prefix(Vectors.SR, 28), 2, 0x00, 0x06),
                        RtcpParseError.REPORT_BLOCKS_OVERRUN, "RTCP SR report count 1 needs 52 bytes, packet has 28"),
                Arguments.of("padding count 0", Fixtures.patched(Vectors.SR, 0, 0xA1), // P=1, last byte 0x00
                        RtcpParseError.PADDING_ZERO, "RTCP SR padding count is 0"),
                Arguments.of("padding count 49 of 48", Fixtures.patched(Fixtures.patched(Vectors.SR, 0, 0xA1), 51, 49),
                        RtcpParseError.PADDING_OVERRUN,
                        "RTCP SR padding count 49 is larger than the 48 bytes after the common header"),
                Arguments.of("padding eats a block", Fixtures.patched(Fixtures.patched(Vectors.SR, 0, 0xA1), 51, 24),
                        RtcpParseError.REPORT_BLOCKS_OVERRUN, "RTCP SR report count 1 needs 52 bytes, packet has 28"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldNameTheProblemOfAMalformedReport(String name, int[] bytes, RtcpParseError error, String message) {
        SenderReport sr = new SenderReport();

        assertEquals(error, sr.wrap(Fixtures.at(OFFSET, bytes), OFFSET, bytes.length));
        assertEquals(error, sr.error());
        assertEquals(message, sr.errorMessage());
    }

    @Test
    void shouldRejectABadReportCountAndAShortBuffer() {
        assertEquals("report count must be 0..31, was 32", assertThrows(IllegalArgumentException.class,
                () -> SenderReport.write(ByteBuffer.allocate(1000), 0, 1, 2, 3, 4, 5, 32)).getMessage());
        assertThrows(IndexOutOfBoundsException.class,
                () -> SenderReport.write(ByteBuffer.allocate(51), 0, 1, 2, 3, 4, 5, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> new SenderReport().wrap(ByteBuffer.allocate(10), 4, 8));
    }
}

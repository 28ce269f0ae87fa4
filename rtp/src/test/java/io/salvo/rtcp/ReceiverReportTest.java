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

class ReceiverReportTest {
    private static final int OFFSET = 6;

    @Test
    void shouldWriteTheReceiverReportVectorAtNonZeroOffset() {
        ByteBuffer buffer = Fixtures.filled(OFFSET + 32 + 1);

        int at = OFFSET + ReceiverReport.write(buffer, OFFSET, Vectors.RECEIVER, 1);
        assertEquals(OFFSET + 8, at);
        ReportBlock.write(buffer, at, Vectors.SENDER, 64, 1000, 0x0002_FFFEL, 45, 0x7F00_4000L, 0x4000);

        assertArrayEquals(Vectors.RR, Fixtures.bytes(buffer, OFFSET, 32));
        assertEquals(Fixtures.FILLER, buffer.get(OFFSET - 1) & 0xFF);
        assertEquals(Fixtures.FILLER, buffer.get(OFFSET + 32) & 0xFF);
        assertEquals(32, ReceiverReport.length(1));
    }

    @Test
    void shouldReadEveryFieldOfTheReceiverReportVector() {
        ReceiverReport rr = new ReceiverReport();
        ReportBlock block = new ReportBlock();

        assertEquals(RtcpParseError.OK, rr.wrap(Fixtures.at(OFFSET, Vectors.RR), OFFSET, Vectors.RR.length));
        assertEquals(OFFSET, rr.offset());
        assertEquals(32, rr.length());
        assertEquals(0x2B535A6FL, rr.ssrc());
        assertEquals(1, rr.reportCount());
        assertEquals(0, rr.profileExtensionLength());
        rr.reportBlock(0, block);
        assertEquals(OFFSET + 8, block.offset());
        assertEquals(0x902F9E2EL, block.ssrc());
        assertEquals(64, block.fractionLost());
        assertEquals(1000, block.cumulativeLost());
        assertEquals(0x0002_FFFEL, block.extendedHighestSequence());
        assertEquals(45L, block.jitter());
        assertEquals(NtpTime.compact(Vectors.NTP), block.lastSenderReport());
        assertEquals(0x4000L, block.delaySinceLastSenderReport());
        assertEquals("report block 1 of an RR with RC 1",
                assertThrows(IndexOutOfBoundsException.class, () -> rr.reportBlock(1, block)).getMessage());
    }

    @Test
    void shouldParseAnEmptyReport() {
        ReceiverReport rr = new ReceiverReport();

        assertEquals(RtcpParseError.OK, rr.wrap(Fixtures.at(OFFSET, Vectors.RR_EMPTY), OFFSET, 8));
        assertEquals(0, rr.reportCount());
        assertEquals(Vectors.RECEIVER, rr.ssrc());
    }

    @Test
    void shouldClampTheCumulativeLossToItsSigned24Bits() {
        ByteBuffer buffer = Fixtures.filled(OFFSET + 48);
        ReportBlock block = new ReportBlock();

        ReportBlock.write(buffer, OFFSET, 1, 255, 10_000_000, 0, 0, 0, 0);
        ReportBlock.write(buffer, OFFSET + 24, 1, 0, -10_000_000, 0, 0, 0, 0);

        assertArrayEquals(new int[]{0xFF, 0x7F, 0xFF, 0xFF}, Fixtures.bytes(buffer, OFFSET + 4, 4)); // 255, +8388607
        assertArrayEquals(new int[]{0x00, 0x80, 0x00, 0x00}, Fixtures.bytes(buffer, OFFSET + 28, 4)); // 0, -8388608
        assertEquals(ReportBlock.MAX_CUMULATIVE_LOST, block.wrap(buffer, OFFSET).cumulativeLost());
        assertEquals(ReportBlock.MIN_CUMULATIVE_LOST, block.wrap(buffer, OFFSET + 24).cumulativeLost());
        assertEquals("fraction lost must be 0..255, was 256", assertThrows(IllegalArgumentException.class,
                () -> ReportBlock.write(buffer, 0, 1, 256, 0, 0, 0, 0, 0)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> ReportBlock.write(buffer, 31, 1, 0, 0, 0, 0, 0, 0));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("header only", new int[]{0x80, 0xC9, 0x00, 0x00}, // RC=0, PT=201, length 0
                        RtcpParseError.SSRC_TRUNCATED, "RTCP RR of 4 bytes ends before its reporter SSRC (8 bytes)"),
                Arguments.of("an SR", Vectors.SR, RtcpParseError.WRONG_TYPE,
                        "RTCP RR expects packet type 201, was 200 (SR)"),
                Arguments.of("cut inside the block", Fixtures.prefix(Vectors.RR, 31), RtcpParseError.LENGTH_OVERRUN,
                        "RTCP RR length field 7 words (32 bytes) runs past the 31 bytes given"),
                Arguments.of("RC 31 with one block", Fixtures.patched(Vectors.RR, 0, 0x9F), // RC=31
                        RtcpParseError.REPORT_BLOCKS_OVERRUN, "RTCP RR report count 31 needs 752 bytes, packet has 32"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldNameTheProblemOfAMalformedReport(String name, int[] bytes, RtcpParseError error, String message) {
        ReceiverReport rr = new ReceiverReport();

        assertEquals(error, rr.wrap(Fixtures.at(OFFSET, bytes), OFFSET, bytes.length));
        assertEquals(message, rr.errorMessage());
    }

    @Test
    void shouldRejectABadReportCountAndAShortBuffer() {
        assertThrows(IllegalArgumentException.class, () -> ReceiverReport.write(ByteBuffer.allocate(100), 0, 1, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> ReceiverReport.write(ByteBuffer.allocate(31), 0, 1, 1));
    }
}

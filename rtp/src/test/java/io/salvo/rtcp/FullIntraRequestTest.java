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

class FullIntraRequestTest {
    private static final int OFFSET = 15;

    @Test
    void shouldWriteTheFirVectorAtNonZeroOffset() {
        ByteBuffer buffer = Fixtures.filled(OFFSET + 20 + 1);

        assertEquals(20, FullIntraRequest.write(buffer, OFFSET, Vectors.RECEIVER, Vectors.SENDER, 7));

        assertArrayEquals(Vectors.FIR, Fixtures.bytes(buffer, OFFSET, 20));
        assertEquals(Fixtures.FILLER, buffer.get(OFFSET - 1) & 0xFF);
        assertEquals(Fixtures.FILLER, buffer.get(OFFSET + 20) & 0xFF);
        assertEquals(20, FullIntraRequest.length(1));
    }

    @Test
    void shouldReadTheFirVector() {
        FullIntraRequest fir = new FullIntraRequest();

        assertEquals(RtcpParseError.OK, fir.wrap(Fixtures.at(OFFSET, Vectors.FIR), OFFSET, Vectors.FIR.length));
        assertEquals(OFFSET, fir.offset());
        assertEquals(20, fir.length());
        assertEquals(Vectors.RECEIVER, fir.senderSsrc());
        assertEquals(0L, fir.mediaSsrc());
        assertEquals(1, fir.entryCount());
        assertEquals(Vectors.SENDER, fir.entrySsrc(0));
        assertEquals(7, fir.entrySequenceNumber(0));
        assertEquals("FIR entry 1 of 1", assertThrows(IndexOutOfBoundsException.class, () -> fir.entrySsrc(1)).getMessage());
    }

    @Test
    void shouldReadEveryEntryOfAFirToTwoSenders() {
        int[] bytes = Fixtures.concat(Fixtures.patched(Vectors.FIR, 3, 0x06), new int[]{
                0x00, 0x00, 0x10, 0x01, // FCI: SSRC 0x1001
                0xFF, 0x00, 0x00, 0x00, // command sequence number 255, reserved
        });
        FullIntraRequest fir = new FullIntraRequest();

        assertEquals(RtcpParseError.OK, fir.wrap(Fixtures.at(OFFSET, bytes), OFFSET, bytes.length));
        assertEquals(2, fir.entryCount());
        assertEquals(0x1001L, fir.entrySsrc(1));
        assertEquals(255, fir.entrySequenceNumber(1));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("a PLI", Vectors.PLI, RtcpParseError.WRONG_FORMAT, "RTCP FIR expects FMT 4, was 1"),
                Arguments.of("no FCI", Fixtures.patched(Fixtures.prefix(Vectors.FIR, 12), 3, 0x02),
                        RtcpParseError.FIR_NO_FCI,
                        "RTCP FIR has no FCI entry; it needs at least one SSRC and sequence number"),
                Arguments.of("second entry cut to its SSRC", Fixtures.concat(Fixtures.patched(Vectors.FIR, 3, 0x05),
                                new int[]{0x00, 0x00, 0x10, 0x01}), // FCI: SSRC 0x1001, no sequence number
                        RtcpParseError.FCI_TRUNCATED, "RTCP FIR FCI of 12 bytes is not a whole number of 8-byte entries"),
                Arguments.of("cut inside the entry", Fixtures.prefix(Vectors.FIR, 16), RtcpParseError.LENGTH_OVERRUN,
                        "RTCP FIR length field 4 words (20 bytes) runs past the 16 bytes given"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldNameTheProblemOfAMalformedFir(String name, int[] bytes, RtcpParseError error, String message) {
        FullIntraRequest fir = new FullIntraRequest();

        assertEquals(error, fir.wrap(Fixtures.at(OFFSET, bytes), OFFSET, bytes.length));
        assertEquals(error, fir.error());
        assertEquals(message, fir.errorMessage());
    }

    @Test
    void shouldRejectASequenceNumberAbove255AndAShortBuffer() {
        assertEquals("FIR sequence number must be 0..255, was 256", assertThrows(IllegalArgumentException.class,
                () -> FullIntraRequest.write(ByteBuffer.allocate(20), 0, 1, 2, 256)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> FullIntraRequest.write(ByteBuffer.allocate(19), 0, 1, 2, 0));
    }
}

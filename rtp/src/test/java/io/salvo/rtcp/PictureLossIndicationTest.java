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

class PictureLossIndicationTest {
    private static final int OFFSET = 4;

    @Test
    void shouldWriteThePliVectorAtNonZeroOffset() {
        ByteBuffer buffer = Fixtures.filled(OFFSET + 12 + 1);

        assertEquals(12, PictureLossIndication.write(buffer, OFFSET, Vectors.RECEIVER, Vectors.SENDER));

        assertArrayEquals(Vectors.PLI, Fixtures.bytes(buffer, OFFSET, 12));
        assertEquals(Fixtures.FILLER, buffer.get(OFFSET - 1) & 0xFF);
        assertEquals(Fixtures.FILLER, buffer.get(OFFSET + 12) & 0xFF);
        assertThrows(IndexOutOfBoundsException.class,
                () -> PictureLossIndication.write(ByteBuffer.allocate(12), 1, 1, 2));
    }

    @Test
    void shouldReadThePliVector() {
        PictureLossIndication pli = new PictureLossIndication();

        assertEquals(RtcpParseError.OK, pli.wrap(Fixtures.at(OFFSET, Vectors.PLI), OFFSET, Vectors.PLI.length));
        assertEquals(OFFSET, pli.offset());
        assertEquals(Vectors.RECEIVER, pli.senderSsrc());
        assertEquals(Vectors.SENDER, pli.mediaSsrc());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("a FIR", Vectors.FIR, RtcpParseError.WRONG_FORMAT, "RTCP PLI expects FMT 1, was 4"),
                Arguments.of("a NACK", Vectors.NACK, RtcpParseError.WRONG_TYPE,
                        "RTCP PLI expects packet type 206, was 205 (RTPFB)"),
                Arguments.of("media SSRC cut", Fixtures.prefix(Vectors.PLI, 10), RtcpParseError.LENGTH_OVERRUN,
                        "RTCP PLI length field 2 words (12 bytes) runs past the 10 bytes given"),
                Arguments.of("length 1 word", Fixtures.patched(Fixtures.prefix(Vectors.PLI, 8), 3, 0x01),
                        RtcpParseError.FEEDBACK_TRUNCATED,
                        "RTCP PLI of 8 bytes is shorter than its 12 bytes of header and SSRCs"),
                Arguments.of("with FCI", Fixtures.concat(Fixtures.patched(Vectors.PLI, 3, 0x03), new int[]{1, 2, 3, 4}),
                        RtcpParseError.PLI_HAS_FCI, "RTCP PLI carries 4 bytes of FCI; its length field must be 2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldNameTheProblemOfAMalformedPli(String name, int[] bytes, RtcpParseError error, String message) {
        PictureLossIndication pli = new PictureLossIndication();

        assertEquals(error, pli.wrap(Fixtures.at(OFFSET, bytes), OFFSET, bytes.length));
        assertEquals(error, pli.error());
        assertEquals(message, pli.errorMessage());
    }
}

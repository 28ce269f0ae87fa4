package io.salvo.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GenericNackTest {
    private static final int OFFSET = 7;

    @Test
    void shouldPackSequenceNumbersAcrossTheWrapIntoTheVector() {
        ByteBuffer buffer = Fixtures.filled(OFFSET + 20 + 1);
        int[] lost = {9, 9, 65535, 0, 1, 5, 100, 116, 9};

        assertEquals(20, GenericNack.write(buffer, OFFSET, Vectors.RECEIVER, Vectors.SENDER, lost, 2, 6));

        assertArrayEquals(Vectors.NACK, Fixtures.bytes(buffer, OFFSET, 20));
        assertEquals(Fixtures.FILLER, buffer.get(OFFSET - 1) & 0xFF);
        assertEquals(Fixtures.FILLER, buffer.get(OFFSET + 20) & 0xFF);
        assertEquals(20, GenericNack.length(lost, 2, 6));
        assertEquals(36, GenericNack.maxLength(6));
    }

    @Test
    void shouldReadTheVectorAndExpandItsEntries() {
        GenericNack nack = new GenericNack();

        assertEquals(RtcpParseError.OK, nack.wrap(Fixtures.at(OFFSET, Vectors.NACK), OFFSET, Vectors.NACK.length));
        assertEquals(OFFSET, nack.offset());
        assertEquals(20, nack.length());
        assertEquals(Vectors.RECEIVER, nack.senderSsrc());
        assertEquals(Vectors.SENDER, nack.mediaSsrc());
        assertEquals(2, nack.fciCount());
        assertEquals(65535, nack.pid(0));
        assertEquals(0x0023, nack.blp(0));
        assertEquals(100, nack.pid(1));
        assertEquals(0x8000, nack.blp(1));
        assertEquals(6, nack.lostCount());
        int[] into = new int[10];
        assertEquals(6, nack.lostSequenceNumbers(into));
        assertArrayEquals(new int[]{65535, 0, 1, 5, 100, 116}, Arrays.copyOf(into, 6));
        int[] small = new int[3];
        assertEquals(3, nack.lostSequenceNumbers(small));
        assertArrayEquals(new int[]{65535, 0, 1}, small);
        assertEquals(0, nack.lostSequenceNumbers(new int[0]));
        assertEquals("NACK entry 2 of 2", assertThrows(IndexOutOfBoundsException.class, () -> nack.pid(2)).getMessage());
    }

    @Test
    void shouldStartANewEntrySeventeenNumbersOn() {
        ByteBuffer buffer = Fixtures.filled(OFFSET + 28);
        GenericNack nack = new GenericNack();

        int length = GenericNack.write(buffer, OFFSET, 1, 2, new int[]{10, 26, 27, 30000}, 0, 4);

        assertEquals(24, length);
        assertArrayEquals(new int[]{
                0x00, 0x0A, 0x80, 0x00, // PID 10, BLP bit 15: 26
                0x00, 0x1B, 0x00, 0x00, // PID 27 (17 after 10)
                0x75, 0x30, 0x00, 0x00, // PID 30000
        }, Fixtures.bytes(buffer, OFFSET + 12, 12));
        assertEquals(RtcpParseError.OK, nack.wrap(buffer, OFFSET, length));
        assertEquals(4, nack.lostCount());
    }

    static Stream<Arguments> badSequenceNumbers() {
        return Stream.of(
                Arguments.of(new int[]{}, "a NACK needs at least one sequence number"),
                Arguments.of(new int[]{7, 5}, "NACK sequence numbers must ascend (mod 2^16): 5 at index 1 follows 7"),
                Arguments.of(new int[]{7, 7}, "NACK sequence numbers must ascend (mod 2^16): 7 at index 1 follows 7"),
                Arguments.of(new int[]{0, 40000}, "NACK sequence numbers must ascend (mod 2^16): 40000 at index 1 follows 0"),
                Arguments.of(new int[]{1, 65536}, "NACK sequence number must be 0..65535, was 65536 at index 1"),
                Arguments.of(new int[]{-1}, "NACK sequence number must be 0..65535, was -1 at index 0"));
    }

    @ParameterizedTest
    @MethodSource("badSequenceNumbers")
    void shouldRejectSequenceNumbersThatDoNotAscend(int[] sequenceNumbers, String message) {
        ByteBuffer buffer = ByteBuffer.allocate(64);

        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> GenericNack.write(buffer, 0, 1, 2,
                sequenceNumbers, 0, sequenceNumbers.length)).getMessage());
    }

    @Test
    void shouldRejectARangeOutsideTheArrayOrBuffer() {
        assertThrows(IndexOutOfBoundsException.class,
                () -> GenericNack.write(ByteBuffer.allocate(64), 0, 1, 2, new int[]{1, 2}, 1, 2));
        assertThrows(IndexOutOfBoundsException.class,
                () -> GenericNack.write(ByteBuffer.allocate(15), 0, 1, 2, new int[]{1, 2}, 0, 2));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("a PLI", Vectors.PLI, RtcpParseError.WRONG_TYPE,
                        "RTCP NACK expects packet type 205, was 206 (PSFB)"),
                Arguments.of("transport-wide feedback (FMT 15)", Fixtures.patched(Vectors.NACK, 0, 0x8F),
                        RtcpParseError.WRONG_FORMAT, "RTCP NACK expects FMT 1, was 15"),
                Arguments.of("media SSRC missing", new int[]{
                                0x81, 0xCD, 0x00, 0x01, // FMT=1, PT=205, length 1 word
                                0x2B, 0x53, 0x5A, 0x6F},// SSRC of packet sender
                        RtcpParseError.FEEDBACK_TRUNCATED,
                        "RTCP NACK of 8 bytes is shorter than its 12 bytes of header and SSRCs"),
                Arguments.of("no FCI", Fixtures.patched(Fixtures.prefix(Vectors.NACK, 12), 3, 0x02),
                        RtcpParseError.NACK_NO_FCI, "RTCP NACK has no FCI entry; it needs at least one PID and BLP"),
                Arguments.of("FCI of 6 bytes", new int[]{
                                0xA1, 0xCD, 0x00, 0x04, // P=1, FMT=1, PT=205, length 4 words
                                0x2B, 0x53, 0x5A, 0x6F, // SSRC of packet sender
                                0x90, 0x2F, 0x9E, 0x2E, // SSRC of media source
                                0x00, 0x64, 0x00, 0x00, // PID 100, BLP 0
                                0x00, 0x00, 0x00, 0x02},// packet padding, count 2: leaves 6 bytes of FCI
                        RtcpParseError.FCI_TRUNCATED, "RTCP NACK FCI of 6 bytes is not a whole number of 4-byte entries"),
                Arguments.of("cut inside the second entry", Fixtures.prefix(Vectors.NACK, 18),
                        RtcpParseError.LENGTH_OVERRUN, "RTCP NACK length field 4 words (20 bytes) runs past the 18 bytes given"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldNameTheProblemOfAMalformedNack(String name, int[] bytes, RtcpParseError error, String message) {
        GenericNack nack = new GenericNack();

        assertEquals(error, nack.wrap(Fixtures.at(OFFSET, bytes), OFFSET, bytes.length));
        assertEquals(error, nack.error());
        assertEquals(message, nack.errorMessage());
    }
}

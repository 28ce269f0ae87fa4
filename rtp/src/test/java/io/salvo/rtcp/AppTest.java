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

class AppTest {
    private static final int OFFSET = 5;

    @Test
    void shouldWriteTheAppVectorAtNonZeroOffset() {
        ByteBuffer buffer = Fixtures.filled(OFFSET + 20 + 1);
        ByteBuffer data = Fixtures.at(3, 1, 2, 3, 4, 5, 6, 7, 8);

        assertEquals(20, App.write(buffer, OFFSET, 3, Vectors.SENDER, App.name("SALV"), data, 3, 8));

        assertArrayEquals(Vectors.APP, Fixtures.bytes(buffer, OFFSET, 20));
        assertEquals(Fixtures.FILLER, buffer.get(OFFSET - 1) & 0xFF);
        assertEquals(Fixtures.FILLER, buffer.get(OFFSET + 20) & 0xFF);
        assertEquals(0, data.position());
        assertEquals(12, App.write(buffer, OFFSET, 0, 1, 0, null, 0, 0));
    }

    @Test
    void shouldReadTheAppVector() {
        App app = new App();

        assertEquals(RtcpParseError.OK, app.wrap(Fixtures.at(OFFSET, Vectors.APP), OFFSET, Vectors.APP.length));
        assertEquals(OFFSET, app.offset());
        assertEquals(20, app.length());
        assertEquals(3, app.subtype());
        assertEquals(Vectors.SENDER, app.ssrc());
        assertEquals(0x53414C56, app.name());
        assertEquals(App.name("SALV"), app.name());
        assertEquals(OFFSET + 12, app.dataOffset());
        assertEquals(8, app.dataLength());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("name missing", Fixtures.patched(Fixtures.prefix(Vectors.APP, 8), 2, 0x00, 0x01),
                        RtcpParseError.APP_TRUNCATED,
                        "RTCP APP of 8 bytes is shorter than its 12 bytes of header, SSRC and name"),
                Arguments.of("cut inside the data", Fixtures.prefix(Vectors.APP, 16), RtcpParseError.LENGTH_OVERRUN,
                        "RTCP APP length field 4 words (20 bytes) runs past the 16 bytes given"),
                Arguments.of("a PLI", Vectors.PLI, RtcpParseError.WRONG_TYPE,
                        "RTCP APP expects packet type 204, was 206 (PSFB)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldNameTheProblemOfAMalformedApp(String name, int[] bytes, RtcpParseError error, String message) {
        App app = new App();

        assertEquals(error, app.wrap(Fixtures.at(OFFSET, bytes), OFFSET, bytes.length));
        assertEquals(error, app.error());
        assertEquals(message, app.errorMessage());
    }

    @Test
    void shouldRejectBadArguments() {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        ByteBuffer data = ByteBuffer.allocate(8);

        assertEquals("APP data must be a multiple of 4 bytes, was 6", assertThrows(IllegalArgumentException.class,
                () -> App.write(buffer, 0, 0, 1, 0, data, 0, 6)).getMessage());
        assertEquals("APP subtype must be 0..31, was 32", assertThrows(IllegalArgumentException.class,
                () -> App.write(buffer, 0, 32, 1, 0, data, 0, 4)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> App.write(buffer, 0, 0, 1, 0, data, 4, 8));
        assertThrows(IndexOutOfBoundsException.class, () -> App.write(buffer, 50, 0, 1, 0, data, 0, 4));
        assertEquals("APP name must be 4 ASCII characters, was \"SALVO\"",
                assertThrows(IllegalArgumentException.class, () -> App.name("SALVO")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> App.name("SALé"));
    }
}

package io.salvo.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtcpPacketTypeTest {
    private static final int OFFSET = 3;

    static Stream<Arguments> datagrams() {
        return Stream.of(
                Arguments.of("SR", Vectors.SR, true),
                Arguments.of("RR", Vectors.RR, true),
                Arguments.of("PSFB", Vectors.PLI, true),
                Arguments.of("second byte 192 (PT 64, M=1)", new int[]{0x80, 0xC0, 0x00, 0x00}, true),
                Arguments.of("second byte 223 (PT 95, M=1)", new int[]{0x80, 0xDF, 0x00, 0x00}, true),
                Arguments.of("RTP PT 96 with marker (224)", new int[]{0x80, 0xE0, 0x00, 0x01}, false),
                Arguments.of("RTP PT 0 with marker (128)", new int[]{0x80, 0x80, 0x00, 0x01}, false),
                Arguments.of("RTP PT 72 without marker", new int[]{0x80, 0x48, 0x00, 0x01}, false),
                Arguments.of("3 bytes, second 200", new int[]{0x80, 0xC8, 0x00}, false),
                Arguments.of("empty", new int[]{}, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("datagrams")
    void shouldTellRtcpFromRtpOnAMultiplexedPort(String name, int[] bytes, boolean rtcp) {
        assertEquals(rtcp, RtcpPacketType.isRtcp(Fixtures.at(OFFSET, bytes), OFFSET, bytes.length));
    }

    @Test
    void shouldRejectARangeOutsideTheBuffer() {
        assertThrows(IndexOutOfBoundsException.class, () -> RtcpPacketType.isRtcp(ByteBuffer.allocate(4), 2, 4));
    }

    @Test
    void shouldNameThePacketTypes() {
        assertEquals("RTPFB", RtcpPacketType.name(205));
        assertEquals("207", RtcpPacketType.name(207));
    }
}

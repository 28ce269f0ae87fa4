package io.salvo.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ByeTest {
    private static final int OFFSET = 10;
    private static final byte[] CAMERA_OFF = "camera off".getBytes(StandardCharsets.US_ASCII);

    @Test
    void shouldWriteByeWithoutReasonAtOffset() {
        ByteBuffer buffer = ByteBuffer.allocate(20);

        assertEquals(8, Bye.write(buffer, 5, 0xDEADBEEFL, (String) null));

        byte[] expected = {
            (byte) 0x81,                                  // V=2, P=0, SC=1
            (byte) 203,                                   // PT=BYE
            0x00, 0x01,                                   // length: 2 words - 1
            (byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF, // SSRC
        };
        assertArrayEquals(expected, Arrays.copyOfRange(buffer.array(), 5, 13));
        assertEquals(0, buffer.get(4));
        assertEquals(0, buffer.get(13));
    }

    @Test
    void shouldPadReasonToWordBoundary() {
        ByteBuffer buffer = ByteBuffer.allocate(16);
        for (int i = 0; i < 16; i++) {
            buffer.put(i, (byte) 0x77);
        }

        assertEquals(16, Bye.write(buffer, 0, 1, "bye!"));

        byte[] expected = {
            (byte) 0x81, (byte) 203, 0x00, 0x03,          // 4 words - 1
            0x00, 0x00, 0x00, 0x01,                       // SSRC
            0x04, 'b', 'y', 'e',                          // reason length 4, "bye!"
            '!', 0x00, 0x00, 0x00,                        // padding to a 32-bit boundary
        };
        assertArrayEquals(expected, buffer.array());
        assertEquals(12, Bye.length(3), "1 + 3 bytes need no padding");
    }

    @Test
    void shouldRejectLongReasonAndShortBuffer() {
        assertEquals("BYE reason must be at most 255 UTF-8 bytes, was 256", assertThrows(IllegalArgumentException.class,
                () -> Bye.write(ByteBuffer.allocate(300), 0, 1, "x".repeat(256))).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Bye.write(ByteBuffer.allocate(10), 3, 1, (String) null));
    }

    @Test
    void shouldWriteTheTwoSourceVectorAtNonZeroOffset() {
        ByteBuffer buffer = Fixtures.filled(OFFSET + 24 + 1);

        assertEquals(24, Bye.write(buffer, OFFSET, new long[]{Vectors.SENDER, 0x1001, 99}, 2, CAMERA_OFF));

        assertArrayEquals(Vectors.BYE, Fixtures.bytes(buffer, OFFSET, 24));
        assertEquals(Fixtures.FILLER, buffer.get(OFFSET - 1) & 0xFF);
        assertEquals(Fixtures.FILLER, buffer.get(OFFSET + 24) & 0xFF);
        assertEquals(24, Bye.length(2, 10));
        assertEquals(12, Bye.write(buffer, OFFSET, new long[]{Vectors.SENDER, 0x1001}, 2));
        assertArrayEquals(new int[]{
                0x82, 0xCB, 0x00, 0x02, // SC=2, PT=203, length 2 words (12 bytes)
                0x90, 0x2F, 0x9E, 0x2E, // SSRC 0x902F9E2E
                0x00, 0x00, 0x10, 0x01, // SSRC 0x1001, no reason
        }, Fixtures.bytes(buffer, OFFSET, 12));
    }

    @Test
    void shouldWriteTheSameBytesFromAStringOrItsUtf8() {
        ByteBuffer fromString = Fixtures.filled(40);
        ByteBuffer fromBytes = Fixtures.filled(40);

        assertEquals(20, Bye.write(fromString, 3, 7, "camera off"));
        assertEquals(20, Bye.write(fromBytes, 3, 7, CAMERA_OFF));
        assertEquals(fromString, fromBytes);
        assertEquals(8, Bye.write(fromBytes, 3, 7, (byte[]) null));
        assertEquals(8, Bye.write(fromBytes, 3, 7, new byte[0]));
    }

    @Test
    void shouldReadTheTwoSourceVector() {
        ByteBuffer buffer = Fixtures.at(OFFSET, Vectors.BYE);
        Bye bye = new Bye();

        assertEquals(RtcpParseError.OK, bye.wrap(buffer, OFFSET, Vectors.BYE.length));
        assertEquals(OFFSET, bye.offset());
        assertEquals(24, bye.length());
        assertEquals(2, bye.ssrcCount());
        assertEquals(Vectors.SENDER, bye.ssrc(0));
        assertEquals(0x1001L, bye.ssrc(1));
        assertTrue(bye.hasReason());
        assertEquals(OFFSET + 13, bye.reasonOffset());
        assertEquals(10, bye.reasonLength());
        byte[] reason = new byte[bye.reasonLength()];
        buffer.get(bye.reasonOffset(), reason);
        assertArrayEquals(CAMERA_OFF, reason);
        assertEquals("SSRC 2 of a BYE with SC 2",
                assertThrows(IndexOutOfBoundsException.class, () -> bye.ssrc(2)).getMessage());
    }

    @Test
    void shouldReadAPaddedByeWithoutReasonFromItsCompound() {
        int[] datagram = Fixtures.concat(Vectors.RR_EMPTY, Vectors.BYE_PADDED);
        ByteBuffer buffer = Fixtures.at(OFFSET, datagram);
        RtcpCompound compound = new RtcpCompound();
        Bye bye = new Bye();
        assertEquals(RtcpParseError.OK, compound.wrap(buffer, OFFSET, datagram.length));
        compound.next();
        compound.next();

        assertEquals(RtcpParseError.OK, bye.wrap(buffer, compound.packetOffset(), compound.packetLength()));
        assertEquals(1, bye.ssrcCount());
        assertEquals(Vectors.RECEIVER, bye.ssrc(0));
        assertFalse(bye.hasReason());
        assertEquals(0, bye.reasonLength());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("3 bytes", new int[]{0x81, 0xCB, 0x00}, RtcpParseError.TOO_SHORT,
                        "RTCP BYE of 3 bytes is shorter than the 4-byte common header"),
                Arguments.of("cut inside the reason", Fixtures.prefix(Vectors.BYE, 20), RtcpParseError.LENGTH_OVERRUN,
                        "RTCP BYE length field 5 words (24 bytes) runs past the 20 bytes given"),
                Arguments.of("SC 7 with 2 SSRCs", Fixtures.patched(Vectors.BYE, 0, 0x87), // SC=7
                        RtcpParseError.BYE_SSRC_OVERRUN, "RTCP BYE SC 7 needs 32 bytes, packet has 24"),
                Arguments.of("reason length 12 of 11", Fixtures.patched(Vectors.BYE, 12, 0x0C), // reason 12 bytes
                        RtcpParseError.BYE_REASON_OVERRUN,
                        "RTCP BYE reason of 12 bytes at byte 12 runs past the end of the 24-byte packet"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldNameTheProblemOfAMalformedBye(String name, int[] bytes, RtcpParseError error, String message) {
        Bye bye = new Bye();

        assertEquals(error, bye.wrap(Fixtures.at(OFFSET, bytes), OFFSET, bytes.length));
        assertEquals(error, bye.error());
        assertEquals(message, bye.errorMessage());
    }

    @Test
    void shouldRejectABadSsrcCount() {
        ByteBuffer buffer = ByteBuffer.allocate(200);
        assertEquals("BYE SSRC count must be 0..31, was 32", assertThrows(IllegalArgumentException.class,
                () -> Bye.write(buffer, 0, new long[40], 32, null)).getMessage());
        assertEquals("BYE of 3 SSRCs from an array of 2", assertThrows(IndexOutOfBoundsException.class,
                () -> Bye.write(buffer, 0, new long[2], 3, null)).getMessage());
    }
}

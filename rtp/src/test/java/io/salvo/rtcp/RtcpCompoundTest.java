package io.salvo.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtcpCompoundTest {
    private static final int OFFSET = 9;

    @Test
    void shouldWalkEveryPacketOfASenderCompoundAtNonZeroOffset() {
        int[] datagram = Fixtures.concat(Vectors.SR, Vectors.SDES_CNAME, Vectors.BYE);
        ByteBuffer buffer = Fixtures.at(OFFSET, datagram);
        RtcpCompound compound = new RtcpCompound();

        assertEquals(RtcpParseError.OK, compound.wrap(buffer, OFFSET, datagram.length));
        assertEquals("well-formed RTCP compound of 3 packets", compound.errorMessage());
        assertEquals(3, compound.packetCount());
        assertTrue(compound.startsWithReport());
        for (int pass = 0; pass < 2; pass++) {
            assertTrue(compound.next());
            assertPacket(compound, RtcpPacketType.SR, 1, OFFSET, 52);
            assertTrue(compound.next());
            assertPacket(compound, RtcpPacketType.SDES, 1, OFFSET + 52, 28);
            assertTrue(compound.next());
            assertPacket(compound, RtcpPacketType.BYE, 2, OFFSET + 80, 24);
            assertFalse(compound.next());
            assertFalse(compound.next());
            compound.rewind();
        }
    }

    private static void assertPacket(RtcpCompound compound, int type, int count, int offset, int length) {
        assertEquals(type, compound.packetType());
        assertEquals(count, compound.count());
        assertEquals(offset, compound.packetOffset());
        assertEquals(length, compound.packetLength());
        assertEquals(0, compound.paddingLength());
    }

    @Test
    void shouldLeaveThePaddingOfTheLastPacketOut() {
        int[] datagram = Fixtures.concat(Vectors.RR, Vectors.BYE_PADDED);
        RtcpCompound compound = new RtcpCompound();

        assertEquals(RtcpParseError.OK, compound.wrap(Fixtures.at(OFFSET, datagram), OFFSET, datagram.length));
        assertTrue(compound.next());
        assertTrue(compound.next());
        assertEquals(RtcpPacketType.BYE, compound.packetType());
        assertEquals(OFFSET + 32, compound.packetOffset());
        assertEquals(8, compound.packetLength());
        assertEquals(4, compound.paddingLength());
        assertFalse(compound.next());
    }

    @Test
    void shouldAcceptReducedSizeRtcpAndTypesItDoesNotKnow() {
        int[] xr = {
                0x80, 0xCF, 0x00, 0x01, // V=2, PT=207 XR, length 1 word
                0x2B, 0x53, 0x5A, 0x6F, // SSRC
        };
        int[] datagram = Fixtures.concat(Vectors.PLI, xr);
        RtcpCompound compound = new RtcpCompound();

        assertEquals(RtcpParseError.OK, compound.wrap(Fixtures.at(OFFSET, datagram), OFFSET, datagram.length));
        assertFalse(compound.startsWithReport());
        assertTrue(compound.next());
        assertEquals(RtcpPacketType.PSFB, compound.packetType());
        assertEquals(RtcpPacketType.PLI, compound.count());
        assertTrue(compound.next());
        assertEquals(207, compound.packetType());
        assertFalse(compound.next());
    }

    @Test
    void shouldNotReadPastTheDatagramEvenWhenTheBufferGoesOn() {
        int[] datagram = Fixtures.concat(Vectors.RR, Vectors.SDES_CNAME);
        ByteBuffer buffer = Fixtures.at(OFFSET, datagram);
        RtcpCompound compound = new RtcpCompound();

        assertEquals(RtcpParseError.LENGTH_OVERRUN, compound.wrap(buffer, OFFSET, datagram.length - 4));
        assertEquals("packet 2 at byte 32: length field 6 words runs past the end of the 56-byte datagram",
                compound.errorMessage());
        assertFalse(compound.next());
        assertFalse(compound.startsWithReport());
        assertEquals(RtcpParseError.TOO_SHORT, compound.wrap(buffer, OFFSET, 34));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty datagram", new int[]{}, RtcpParseError.TOO_SHORT,
                        "packet 1 at byte 0: 0 bytes left, fewer than the 4 of a common header"),
                Arguments.of("3 stray bytes after an RR", Fixtures.concat(Vectors.RR, new int[]{0x80, 0xC9, 0x00}),
                        RtcpParseError.TOO_SHORT, "packet 2 at byte 32: 3 bytes left, fewer than the 4 of a common header"),
                Arguments.of("version 1", new int[]{
                                0x40, 0xC9, 0x00, 0x01, // V=1, PT=201 RR, length 1
                                0x2B, 0x53, 0x5A, 0x6F},// SSRC
                        RtcpParseError.BAD_VERSION, "packet 1 at byte 0: version is 1, not 2"),
                Arguments.of("STUN after an RR", Fixtures.concat(Vectors.RR_EMPTY, new int[]{
                                0x00, 0x01, 0x00, 0x00, // STUN binding request
                                0x21, 0x12, 0xA4, 0x42}),
                        RtcpParseError.BAD_VERSION, "packet 2 at byte 8: version is 0, not 2"),
                Arguments.of("SR cut after its sender info", Fixtures.prefix(Vectors.SR, 40),
                        RtcpParseError.LENGTH_OVERRUN,
                        "packet 1 at byte 0: length field 12 words runs past the end of the 40-byte datagram"),
                Arguments.of("SDES then an RR cut short", Fixtures.concat(Vectors.SDES_CNAME, Fixtures.prefix(Vectors.RR, 12)),
                        RtcpParseError.LENGTH_OVERRUN,
                        "packet 2 at byte 28: length field 7 words runs past the end of the 40-byte datagram"),
                Arguments.of("padding on the first of two packets", Fixtures.concat(Vectors.BYE_PADDED, Vectors.RR),
                        RtcpParseError.PADDING_NOT_LAST,
                        "packet 1 at byte 0: P bit set but 32 bytes of other packets follow; only the last packet may be padded"),
                Arguments.of("padding count 0", new int[]{
                                0xA0, 0xC9, 0x00, 0x02, // V=2, P=1, PT=201 RR, length 2
                                0x2B, 0x53, 0x5A, 0x6F, // SSRC
                                0x00, 0x00, 0x00, 0x00},// padding, count 0
                        RtcpParseError.PADDING_ZERO, "packet 1 at byte 0: P bit set but the padding count is 0"),
                Arguments.of("padding count past the header", Fixtures.concat(Vectors.RR_EMPTY, new int[]{
                                0xA0, 0xC9, 0x00, 0x01, // V=2, P=1, PT=201 RR, length 1
                                0x2B, 0x53, 0x5A, 0x09}),// padding count 9
                        RtcpParseError.PADDING_OVERRUN,
                        "packet 2 at byte 8: padding count 9 is larger than the 4 bytes after the common header"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldNameTheProblemOfAMalformedDatagram(String name, int[] bytes, RtcpParseError error, String message) {
        RtcpCompound compound = new RtcpCompound();

        assertEquals(error, compound.wrap(Fixtures.at(OFFSET, bytes), OFFSET, bytes.length));
        assertEquals(error, compound.error());
        assertEquals(message, compound.errorMessage());
        assertFalse(compound.next());
    }

    @Test
    void shouldRejectARangeOutsideTheBuffer() {
        assertThrows(IndexOutOfBoundsException.class, () -> new RtcpCompound().wrap(ByteBuffer.allocate(10), 4, 8));
    }
}

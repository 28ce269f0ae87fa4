package io.salvo.rtp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpPacketViewTest {
    private static final int OFFSET = 7;

    @Test
    void shouldParseCsrcsExtensionPayloadAndPaddingAtNonZeroOffset() {
        ByteBuffer buffer = Fixtures.at(OFFSET,
                0xB1,                   // V=2, P=1, X=1, CC=1
                0x60,                   // M=0, PT=96
                0x00, 0x07,             // sequence number 7
                0x00, 0x00, 0x0B, 0xB8, // timestamp 3000
                0x00, 0x00, 0x00, 0x2A, // SSRC 42
                0x00, 0x00, 0x00, 0x63, // CSRC 99
                0xBE, 0xDE, 0x00, 0x01, // extension: one-byte profile, 1 word
                0x21, 0xAA, 0xBB, 0x00, // id 2, 2 bytes AA BB, padding
                0x01, 0x02, 0x03,       // payload
                0x00, 0x00, 0x03);      // padding, count 3
        RtpPacketView view = new RtpPacketView();

        assertEquals(RtpParseError.OK, view.wrap(buffer, OFFSET, 30));
        assertTrue(view.isValid());
        assertEquals(24, view.headerLength());
        assertEquals(OFFSET + 24, view.payloadOffset());
        assertEquals(3, view.payloadLength());
        assertEquals(3, view.paddingLength());
        assertEquals(7, view.header().sequenceNumber());
        assertEquals(3000L, view.header().timestamp());
        assertEquals(42L, view.header().ssrc());
        assertEquals(99L, view.header().csrc(0));
        assertTrue(view.hasExtension());
        HeaderExtensionReader extensions = view.extensions();
        assertTrue(extensions.next());
        assertEquals(2, extensions.id());
        assertArrayEquals(new int[]{0xAA, 0xBB}, Fixtures.bytes(buffer, extensions.valueOffset(), 2));
        assertArrayEquals(new int[]{1, 2, 3}, Fixtures.bytes(buffer, view.payloadOffset(), view.payloadLength()));
    }

    @Test
    void shouldLetAForwarderRewriteTheHeaderAndLeaveThePayloadUntouched() {
        ByteBuffer buffer = Fixtures.at(OFFSET,
                0x80, 0x60, 0x00, 0x01, // V=2, PT=96, seq 1
                0x00, 0x00, 0x00, 0x10, // timestamp 16
                0x00, 0x00, 0x00, 0x01, // SSRC 1
                0x5A, 0x5B);            // payload
        RtpPacketView view = new RtpPacketView();
        assertEquals(RtpParseError.OK, view.wrap(buffer, OFFSET, 14));

        view.header().ssrc(0xAABBCCDDL).sequenceNumber(500).timestamp(90_000);

        assertArrayEquals(new int[]{
                0x80, 0x60, 0x01, 0xF4, // seq 500
                0x00, 0x01, 0x5F, 0x90, // timestamp 90000
                0xAA, 0xBB, 0xCC, 0xDD, // SSRC
                0x5A, 0x5B              // payload as it was
        }, Fixtures.bytes(buffer, OFFSET, 14));
        assertEquals(0xEE, buffer.get(OFFSET - 1) & 0xFF);
    }

    @Test
    void shouldAcceptAnEmptyPayload() {
        ByteBuffer buffer = Fixtures.at(0, 0x80, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        RtpPacketView view = new RtpPacketView();

        assertEquals(RtpParseError.OK, view.wrap(buffer, 0, 12));
        assertEquals(0, view.payloadLength());
        assertFalse(view.hasExtension());
        assertThrows(IllegalStateException.class, view::extensions);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty datagram", new int[]{},
                        RtpParseError.TOO_SHORT, "RTP packet of 0 bytes is shorter than the 12-byte fixed header"),
                Arguments.of("SSRC one byte missing", new int[]{
                                0x80, 0x60, 0x00, 0x01, // V=2, PT=96, seq 1
                                0x00, 0x00, 0x00, 0x00, // timestamp
                                0x00, 0x00, 0x00},      // SSRC (one byte missing)
                        RtpParseError.TOO_SHORT, "RTP packet of 11 bytes is shorter than the 12-byte fixed header"),
                Arguments.of("version 1", new int[]{
                                0x40, 0x60, 0x00, 0x01, // V=1
                                0, 0, 0, 0, 0, 0, 0, 0},
                        RtpParseError.BAD_VERSION, "RTP version is not 2 (was 1)"),
                Arguments.of("version 0 (STUN or DTLS on the port)", new int[]{
                                0x00, 0x01, 0x00, 0x00, // STUN binding request
                                0x21, 0x12, 0xA4, 0x42, 0, 0, 0, 0},
                        RtpParseError.BAD_VERSION, "RTP version is not 2 (was 0)"),
                Arguments.of("two CSRCs, one present", new int[]{
                                0x82, 0x60, 0x00, 0x01, // V=2, CC=2
                                0, 0, 0, 0, 0, 0, 0, 0,
                                0x00, 0x00, 0x00, 0x01}, // CSRC 0 only
                        RtpParseError.CSRC_OVERRUN, "RTP CSRC list runs past the end: 2 CSRCs need 20 bytes, packet has 16"),
                Arguments.of("X bit without extension header", new int[]{
                                0x90, 0x60, 0x00, 0x01, // V=2, X=1
                                0, 0, 0, 0, 0, 0, 0, 0,
                                0xBE, 0xDE},            // half an extension header
                        RtpParseError.EXTENSION_HEADER_OVERRUN,
                        "RTP extension header runs past the end (extension at byte 12, packet has 14 bytes)"),
                Arguments.of("extension length past the end", new int[]{
                                0x90, 0x60, 0x00, 0x01, // V=2, X=1
                                0, 0, 0, 0, 0, 0, 0, 0,
                                0xBE, 0xDE, 0x00, 0x02, // 2 words announced
                                0x10, 0x01, 0x00, 0x00},// 1 word present
                        RtpParseError.EXTENSION_OVERRUN,
                        "RTP header extension runs past the end (extension at byte 12, packet has 20 bytes)"),
                Arguments.of("one-byte element longer than the block", new int[]{
                                0x90, 0x60, 0x00, 0x01, // V=2, X=1
                                0, 0, 0, 0, 0, 0, 0, 0,
                                0xBE, 0xDE, 0x00, 0x01, // 1 word
                                0x1F, 0x01, 0x02, 0x03},// id 1 claims 16 bytes
                        RtpParseError.EXTENSION_ELEMENT_OVERRUN,
                        "RTP header extension element runs past the end of the extension (extension at byte 12, packet has 20 bytes)"),
                Arguments.of("two-byte element longer than the block", new int[]{
                                0x90, 0x60, 0x00, 0x01, // V=2, X=1
                                0, 0, 0, 0, 0, 0, 0, 0,
                                0x10, 0x00, 0x00, 0x01, // two-byte profile, 1 word
                                0x05, 0x09, 0x01, 0x02},// id 5 claims 9 bytes
                        RtpParseError.EXTENSION_ELEMENT_OVERRUN,
                        "RTP header extension element runs past the end of the extension (extension at byte 12, packet has 20 bytes)"),
                Arguments.of("padding count 0", new int[]{
                                0xA0, 0x60, 0x00, 0x01, // V=2, P=1
                                0, 0, 0, 0, 0, 0, 0, 0,
                                0x01, 0x00},            // payload, padding count 0
                        RtpParseError.PADDING_ZERO, "RTP padding count is 0"),
                Arguments.of("padding larger than payload", new int[]{
                                0xA0, 0x60, 0x00, 0x01, // V=2, P=1
                                0, 0, 0, 0, 0, 0, 0, 0,
                                0x01, 0x03},            // 2 payload bytes, padding count 3
                        RtpParseError.PADDING_OVERRUN,
                        "RTP padding count is larger than the payload: padding count 3, payload 2 bytes"),
                Arguments.of("padding bit with no payload", new int[]{
                                0xA0, 0x60, 0x00, 0x01, // V=2, P=1
                                0, 0, 0, 0, 0, 0, 0, 0},// no byte for the count
                        RtpParseError.PADDING_OVERRUN,
                        "RTP padding count is larger than the payload: padding count 0, payload 0 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldNameTheProblemOfAMalformedPacket(String name, int[] bytes, RtpParseError error, String message) {
        ByteBuffer buffer = Fixtures.at(OFFSET, bytes);
        RtpPacketView view = new RtpPacketView();

        assertEquals(error, view.wrap(buffer, OFFSET, bytes.length));
        assertEquals(message, view.errorMessage());
        RtpParseException thrown = assertThrows(RtpParseException.class,
                () -> view.wrapOrThrow(buffer, OFFSET, bytes.length));
        assertEquals(error, thrown.error());
        assertEquals(message, thrown.getMessage());
    }

    @Test
    void shouldNeverThrowAnIndexExceptionOnRandomBytes() {
        java.util.Random random = new java.util.Random(7);
        RtpPacketView view = new RtpPacketView();
        ByteBuffer buffer = ByteBuffer.allocate(64);
        for (int i = 0; i < 200_000; i++) {
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                buffer.put(j, (byte) random.nextInt());
            }
            buffer.put(0, (byte) ((buffer.get(0) & 0x3F) | 0x80)); // mostly version 2
            RtpParseError error = view.wrap(buffer, 0, length);
            if (error == RtpParseError.OK) {
                assertTrue(view.payloadOffset() + view.payloadLength() + view.paddingLength() == length);
            }
        }
    }

    @Test
    void shouldRejectARangeOutsideTheBuffer() {
        assertThrows(IndexOutOfBoundsException.class, () -> new RtpPacketView().wrap(ByteBuffer.allocate(10), 4, 8));
    }
}

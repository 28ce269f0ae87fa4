package io.salvo.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SourceDescriptionTest {
    private static final int OFFSET = 13;

    @Test
    void shouldWriteTheCnameVectorAtNonZeroOffset() {
        ByteBuffer buffer = Fixtures.filled(OFFSET + 28 + 1);
        byte[] cname = "salvo@192.0.2.1".getBytes(StandardCharsets.UTF_8);

        assertEquals(28, SourceDescription.writeCname(buffer, OFFSET, Vectors.SENDER, cname));

        assertArrayEquals(Vectors.SDES_CNAME, Fixtures.bytes(buffer, OFFSET, 28));
        assertEquals(Fixtures.FILLER, buffer.get(OFFSET - 1) & 0xFF);
        assertEquals(Fixtures.FILLER, buffer.get(OFFSET + 28) & 0xFF);
        assertEquals(28, SourceDescription.cnameLength(15));
    }

    @Test
    void shouldEndAnEmptyCnameWithANullItemAndPadding() {
        ByteBuffer buffer = Fixtures.filled(OFFSET + 12);

        assertEquals(12, SourceDescription.writeCname(buffer, OFFSET, 7, new byte[0]));

        assertArrayEquals(new int[]{
                0x81, 0xCA, 0x00, 0x02, // SC=1, PT=202, length 2 words (12 bytes)
                0x00, 0x00, 0x00, 0x07, // SSRC 7
                0x01, 0x00, 0x00, 0x00, // CNAME of 0 bytes, null item, 1 byte of padding
        }, Fixtures.bytes(buffer, OFFSET, 12));
        assertEquals(24, SourceDescription.cnameLength(13), "8 + 2 + 13 + null = 24: no padding");
    }

    @Test
    void shouldReadTheCnameVector() {
        ByteBuffer buffer = Fixtures.at(OFFSET, Vectors.SDES_CNAME);
        SourceDescription sdes = new SourceDescription();

        assertEquals(RtcpParseError.OK, sdes.wrap(buffer, OFFSET, Vectors.SDES_CNAME.length));
        assertEquals(OFFSET, sdes.offset());
        assertEquals(28, sdes.length());
        assertEquals(1, sdes.chunkCount());
        assertTrue(sdes.nextChunk());
        assertEquals(Vectors.SENDER, sdes.chunkSsrc());
        assertTrue(sdes.nextItem());
        assertEquals(SourceDescription.CNAME, sdes.itemType());
        assertEquals(OFFSET + 10, sdes.itemOffset());
        assertEquals(15, sdes.itemLength());
        assertFalse(sdes.nextItem());
        assertFalse(sdes.nextChunk());
        assertEquals("salvo@192.0.2.1", sdes.cname(Vectors.SENDER));
        assertNull(sdes.cname(Vectors.RECEIVER));
    }

    @Test
    void shouldWalkEveryItemOfTwoChunks() {
        ByteBuffer buffer = Fixtures.at(OFFSET, Vectors.SDES_TWO_CHUNKS);
        SourceDescription sdes = new SourceDescription();
        StringBuilder walk = new StringBuilder();

        assertEquals(RtcpParseError.OK, sdes.wrap(buffer, OFFSET, Vectors.SDES_TWO_CHUNKS.length));
        assertFalse(sdes.nextItem(), "no item before the first chunk");
        while (sdes.nextChunk()) {
            walk.append(Long.toHexString(sdes.chunkSsrc())).append(':');
            assertEquals("c@d", sdes.cname(0x1002), "cname() leaves the walk where it was");
            while (sdes.nextItem()) {
                byte[] text = new byte[sdes.itemLength()];
                buffer.get(sdes.itemOffset(), text);
                walk.append(sdes.itemType()).append('=').append(new String(text, StandardCharsets.UTF_8)).append(' ');
            }
        }

        assertEquals("1001:1=a@b 2=Ann 1002:1=c@d ", walk.toString());
        sdes.rewind();
        assertTrue(sdes.nextChunk());
        assertEquals(0x1001L, sdes.chunkSsrc());
        assertEquals("a@b", sdes.cname(0x1001));
    }

    @Test
    void shouldAcceptAnSdesWithoutChunks() {
        SourceDescription sdes = new SourceDescription();

        assertEquals(RtcpParseError.OK, sdes.wrap(Fixtures.at(OFFSET, 0x80, 0xCA, 0x00, 0x00), OFFSET, 4));
        assertFalse(sdes.nextChunk());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("a BYE", Vectors.BYE, RtcpParseError.WRONG_TYPE,
                        "RTCP SDES expects packet type 202, was 203 (BYE)"),
                Arguments.of("SC 2 with one chunk", Fixtures.patched(Vectors.SDES_CNAME, 0, 0x82), // SC=2
                        RtcpParseError.SDES_CHUNK_TRUNCATED,
                        "RTCP SDES chunk 2 of SC 2 at byte 28 runs past the end of the 28-byte packet"),
                Arguments.of("SSRC of chunk 1 cut", new int[]{
                                0x81, 0xCA, 0x00, 0x01, // SC=1, PT=202, length 1 word
                                0x00, 0x00, 0x10, 0x01},// SSRC, then nothing
                        RtcpParseError.SDES_MISSING_END,
                        "RTCP SDES chunk 1 at byte 4 has no null item before the end of the 8-byte packet"),
                Arguments.of("no null item", new int[]{
                                0x81, 0xCA, 0x00, 0x02, // SC=1, PT=202, length 2 words
                                0x00, 0x00, 0x10, 0x01, // SSRC
                                0x01, 0x02, 'a', 'b'},  // CNAME "ab" up to the end
                        RtcpParseError.SDES_MISSING_END,
                        "RTCP SDES chunk 1 at byte 4 has no null item before the end of the 12-byte packet"),
                Arguments.of("CNAME length past the end", Fixtures.patched(Vectors.SDES_CNAME, 9, 0x14), // 20 bytes
                        RtcpParseError.SDES_ITEM_OVERRUN,
                        "RTCP SDES item at byte 8 of chunk 1 runs past the end of the 28-byte packet"),
                Arguments.of("item length byte missing", new int[]{
                                0x81, 0xCA, 0x00, 0x02, // SC=1, PT=202, length 2 words
                                0x00, 0x00, 0x10, 0x01, // SSRC
                                0x02, 0x01, 'x', 0x06}, // NAME "x", then a TOOL type with no length
                        RtcpParseError.SDES_ITEM_OVERRUN,
                        "RTCP SDES item at byte 11 of chunk 1 runs past the end of the 12-byte packet"),
                Arguments.of("padding of the chunk cut", new int[]{
                                0xA1, 0xCA, 0x00, 0x03, // P=1, SC=1, PT=202, length 3 words
                                0x00, 0x00, 0x10, 0x01, // SSRC
                                0x00, 0x00, 0x00, 0x00, // null item, padding
                                0x00, 0x00, 0x00, 0x06},// packet padding, count 6: leaves 10 bytes
                        RtcpParseError.SDES_CHUNK_TRUNCATED,
                        "RTCP SDES chunk 1 of SC 1 at byte 4 runs past the end of the 10-byte packet"),
                Arguments.of("a word after the last chunk", Fixtures.concat(Fixtures.patched(Vectors.SDES_CNAME, 3, 0x07),
                                new int[]{0x00, 0x00, 0x00, 0x00}),
                        RtcpParseError.SDES_TRAILING_BYTES, "RTCP SDES has 4 bytes after the 1 chunks SC announces"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldNameTheProblemOfAMalformedSdes(String name, int[] bytes, RtcpParseError error, String message) {
        SourceDescription sdes = new SourceDescription();

        assertEquals(error, sdes.wrap(Fixtures.at(OFFSET, bytes), OFFSET, bytes.length));
        assertEquals(error, sdes.error());
        assertEquals(message, sdes.errorMessage());
        assertFalse(sdes.nextChunk());
        assertNull(sdes.cname(0x1001));
    }

    @Test
    void shouldRejectALongCnameAndAShortBuffer() {
        assertEquals("CNAME must be 0..255 bytes, was 256", assertThrows(IllegalArgumentException.class,
                () -> SourceDescription.writeCname(ByteBuffer.allocate(300), 0, 1, new byte[256])).getMessage());
        assertThrows(IndexOutOfBoundsException.class,
                () -> SourceDescription.writeCname(ByteBuffer.allocate(27), 0, 1, new byte[15]));
    }
}

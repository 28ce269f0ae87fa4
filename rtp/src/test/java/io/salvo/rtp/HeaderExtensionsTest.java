package io.salvo.rtp;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeaderExtensionsTest {

    @Test
    void shouldWriteOneByteFormWithPaddingToAWord() {
        HeaderExtensions extensions = new HeaderExtensions()
                .add(1, new byte[]{0x2A})
                .add(14, new byte[]{0x01, 0x02, 0x03});
        ByteBuffer buffer = ByteBuffer.allocate(20);

        int written = extensions.write(buffer, 2);

        assertEquals(HeaderExtensions.ONE_BYTE_PROFILE, extensions.profile());
        assertEquals(12, written);
        assertEquals(12, extensions.encodedLength());
        assertArrayEquals(new int[]{
                0xBE, 0xDE,             // one-byte profile
                0x00, 0x02,             // length: 2 words
                0x10, 0x2A,             // id 1, len-1 = 0, value 42
                0xE2, 0x01, 0x02, 0x03, // id 14, len-1 = 2, value 01 02 03
                0x00, 0x00              // padding to 32 bits
        }, Fixtures.bytes(buffer, 2, 12));
    }

    @Test
    void shouldChooseTwoByteFormForAnIdAboveFourteen() {
        HeaderExtensions extensions = new HeaderExtensions().add(15, new byte[]{0x07});
        ByteBuffer buffer = ByteBuffer.allocate(8);

        extensions.write(buffer, 0);

        assertEquals(HeaderExtensions.TWO_BYTE_PROFILE, extensions.profile());
        assertArrayEquals(new int[]{
                0x10, 0x00, // two-byte profile 0x100, appbits 0
                0x00, 0x01, // length: 1 word
                0x0F, 0x01, // id 15, length 1
                0x07,       // value
                0x00        // padding
        }, Fixtures.bytes(buffer, 0, 8));
    }

    @Test
    void shouldChooseTwoByteFormForAnEmptyOrLongValue() {
        assertEquals(HeaderExtensions.TWO_BYTE_PROFILE, new HeaderExtensions().add(3, new byte[0]).profile());
        assertEquals(HeaderExtensions.TWO_BYTE_PROFILE, new HeaderExtensions().add(3, new byte[17]).profile());
        assertEquals(HeaderExtensions.ONE_BYTE_PROFILE, new HeaderExtensions().add(3, new byte[16]).profile());
    }

    @Test
    void shouldWriteNothingWithoutElements() {
        HeaderExtensions extensions = new HeaderExtensions();

        assertTrue(extensions.isEmpty());
        assertEquals(0, extensions.encodedLength());
        assertEquals(0, extensions.write(ByteBuffer.allocate(4), 0));
    }

    @Test
    void shouldUpdateAValueInPlaceKeepingItsLength() {
        HeaderExtensions extensions = new HeaderExtensions().add(5, new byte[]{0, 0});
        ByteBuffer buffer = ByteBuffer.allocate(8);

        extensions.set(5, 0x1_ABCD).write(buffer, 0);

        assertArrayEquals(new int[]{0x51, 0xAB, 0xCD, 0x00}, Fixtures.bytes(buffer, 4, 4));
    }

    @Test
    void shouldRejectBadIdsLengthsAndRepeats() {
        HeaderExtensions extensions = new HeaderExtensions().add(2, new byte[]{1});

        assertEquals("header extension id must be 1..255, was 0",
                assertThrows(IllegalArgumentException.class, () -> extensions.add(0, new byte[1])).getMessage());
        assertEquals("header extension 9: value length must be 0..255, was 256",
                assertThrows(IllegalArgumentException.class, () -> extensions.add(9, new byte[256])).getMessage());
        assertEquals("header extension id 2 added twice",
                assertThrows(IllegalArgumentException.class, () -> extensions.add(2, new byte[1])).getMessage());
        assertEquals("no header extension with id 3",
                assertThrows(IllegalArgumentException.class, () -> extensions.set(3, 1)).getMessage());
    }

    @Test
    void shouldReadBackWhatWasWrittenInBothForms() {
        for (int bigId : new int[]{14, 200}) {
            HeaderExtensions extensions = new HeaderExtensions()
                    .add(1, new byte[]{9})
                    .add(bigId, new byte[]{1, 2, 3, 4, 5});
            ByteBuffer buffer = ByteBuffer.allocate(40);
            int length = extensions.write(buffer, 6);
            HeaderExtensionReader reader = new HeaderExtensionReader();

            assertEquals(RtpParseError.OK, reader.wrap(buffer, 6, 6 + length));
            assertTrue(reader.next());
            assertEquals(1, reader.id());
            assertEquals(1, reader.valueLength());
            assertEquals(9, buffer.get(reader.valueOffset()));
            assertTrue(reader.next());
            assertEquals(bigId, reader.id());
            assertEquals(5, reader.valueLength());
            assertArrayEquals(new int[]{1, 2, 3, 4, 5}, Fixtures.bytes(buffer, reader.valueOffset(), 5));
            assertFalse(reader.next(), "padding is skipped, not an element");
        }
    }

    @Test
    void shouldSkipPaddingBetweenElementsAndFindById() {
        ByteBuffer buffer = Fixtures.at(3,
                0xBE, 0xDE, 0x00, 0x02, // one-byte profile, 2 words
                0x10, 0x11,             // id 1, value 0x11
                0x00, 0x00,             // padding between elements
                0x31, 0x22, 0x33,       // id 3, 2 bytes 22 33
                0x00);                  // padding
        HeaderExtensionReader reader = new HeaderExtensionReader();

        assertEquals(RtpParseError.OK, reader.wrap(buffer, 3, 15));
        assertTrue(reader.find(3));
        assertEquals(2, reader.valueLength());
        assertEquals(3 + 9, reader.valueOffset());
        assertFalse(reader.find(2));
    }

    @Test
    void shouldStopAtReservedIdFifteenInOneByteForm() {
        ByteBuffer buffer = Fixtures.at(0,
                0xBE, 0xDE, 0x00, 0x01, // one-byte profile, 1 word
                0x10, 0x01,             // id 1, value 1
                0xF0, 0x00);            // id 15: stop
        HeaderExtensionReader reader = new HeaderExtensionReader();

        assertEquals(RtpParseError.OK, reader.wrap(buffer, 0, 8));
        assertTrue(reader.next());
        assertFalse(reader.next());
    }

    @Test
    void shouldIterateNothingForAnUnknownProfileButKeepItsData() {
        ByteBuffer buffer = Fixtures.at(0,
                0xAB, 0xCD, 0x00, 0x01, // other profile, 1 word
                0x01, 0x02, 0x03, 0x04);
        HeaderExtensionReader reader = new HeaderExtensionReader();

        assertEquals(RtpParseError.OK, reader.wrap(buffer, 0, 8));
        assertEquals(0xABCD, reader.profile());
        assertFalse(reader.next());
        assertEquals(4, reader.dataOffset());
        assertEquals(4, reader.dataLength());
    }
}

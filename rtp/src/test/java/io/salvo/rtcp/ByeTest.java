package io.salvo.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class ByeTest {
    @Test
    void shouldWriteByeWithoutReasonAtOffset() {
        ByteBuffer buffer = ByteBuffer.allocate(20);

        assertEquals(8, Bye.write(buffer, 5, 0xDEADBEEFL, null));

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
        assertThrows(IndexOutOfBoundsException.class, () -> Bye.write(ByteBuffer.allocate(10), 3, 1, null));
    }
}

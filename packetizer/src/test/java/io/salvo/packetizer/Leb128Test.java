package io.salvo.packetizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Leb128Test {
    @ParameterizedTest
    @CsvSource({
            "0,          00",
            "127,        7f",
            "128,        8001",
            "300,        ac02",
            "16383,      ff7f",
            "16384,      808001",
            "4294967295, ffffffff0f",
    })
    void shouldWriteAndReadTheMinimalEncodingAtAnOffset(long value, String hex) {
        byte[] expected = VpxPackets.hex(hex);
        ByteBuffer buffer = ByteBuffer.allocate(16);
        assertEquals(expected.length, Leb128.encodedLength(value));
        assertEquals(expected.length, Leb128.write(buffer, 5, value));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], buffer.get(5 + i));
        }
        long packed = Leb128.read(buffer, 5, 16);
        assertEquals(value, Leb128.value(packed));
        assertEquals(expected.length, Leb128.length(packed));
    }

    @Test
    void shouldReadANonMinimalEncoding() {
        ByteBuffer buffer = ByteBuffer.wrap(VpxPackets.hex("ee 85 80 80 00")); // 5 in four bytes, at offset 1
        long packed = Leb128.read(buffer, 1, 5);
        assertEquals(5, Leb128.value(packed));
        assertEquals(4, Leb128.length(packed));
    }

    @Test
    void shouldReportTruncatedAndTooLargeValues() {
        assertEquals(Leb128.TRUNCATED, Leb128.read(ByteBuffer.wrap(VpxPackets.hex("80 80")), 0, 2));
        assertEquals(Leb128.TOO_LARGE, Leb128.read(ByteBuffer.wrap(VpxPackets.hex("80 80 80 80 10")), 0, 5));
        assertEquals(Leb128.TOO_LARGE, Leb128.read(ByteBuffer.wrap(VpxPackets.hex("80 80 80 80 80 80 80 80 00")), 0, 9));
        assertThrows(IllegalArgumentException.class, () -> Leb128.encodedLength(1L << 32));
    }
}

package io.salvo.packetizer;

import static io.salvo.packetizer.Packets.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CodecConfigTest {
    @Test
    void shouldParseAvcCAtNonZeroPositionWithoutMovingIt() {
        byte[] record = hex("EEEE"           // bytes before the record
                + " 01"                      // configurationVersion
                + " 64 00 1F"                // profile 100, compatibility, level 31
                + " FD"                      // reserved | lengthSizeMinusOne = 1 -> 2-byte lengths
                + " E1 0005 6764001FAC"      // 1 SPS of 5 bytes
                + " 02 0002 68EB 0003 68EE3C" // 2 PPS
                + " FDF8F800");              // high profile extension (ignored)
        ByteBuffer buffer = ByteBuffer.wrap(record).position(2);

        AvcConfig config = AvcConfig.parse(buffer);

        assertEquals(2, buffer.position());
        assertEquals(100, config.profile());
        assertEquals(31, config.level());
        assertEquals(2, config.nalLengthSize());
        assertEquals(3, config.parameterSets().size());
        assertArrayEquals(hex("6764001FAC"), config.parameterSets().get(0));
        assertArrayEquals(hex("68EE3C"), config.parameterSets().get(2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "02 64001F FF E0 00               | 0 | avcC configurationVersion is 2, expected 1",
        "01 64001F FE E0 00               | 4 | avcC lengthSizeMinusOne is 2, which is not allowed",
        "01 64001F FF E1 0005 6764        | 8 | avcC record of 10 bytes ends at offset 8 inside SPS 0 (5 bytes needed, 2 left)",
        "01 64001F FF E1 0000             | 6 | avcC SPS 0 at offset 6 has zero length",
        "01 64001F FF E0                  | 6 | avcC record of 6 bytes ends at offset 6 inside numOfPictureParameterSets (1 bytes needed, 0 left)",
    })
    void shouldRejectMalformedAvcC(String recordHex, int offset, String message) {
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> AvcConfig.parse(ByteBuffer.wrap(hex(recordHex))));
        assertEquals(message, e.getMessage());
        assertEquals(offset, e.offset());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "01 01 60000000 900000000000 5D F000 FC FD F8 F8 0000 0E 01 A0 0001 0005 4001 | 21 | hvcC lengthSizeMinusOne is 2, which is not allowed",
        "01 01 60000000 900000000000 5D F000 FC FD F8 F8 0000 0F 01 A0 0001 0005 4001 | 28 | hvcC record of 30 bytes ends at offset 28 inside array 0 NAL 0 (5 bytes needed, 2 left)",
    })
    void shouldRejectMalformedHvcC(String recordHex, int offset, String message) {
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> HevcConfig.parse(ByteBuffer.wrap(hex(recordHex))));
        assertEquals(message, e.getMessage());
        assertEquals(offset, e.offset());
    }
}

package io.salvo.packetizer;

import static io.salvo.packetizer.Packets.direct;
import static io.salvo.packetizer.Packets.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RbspReaderTest {
    @Test
    void shouldReadFixedBitsAndExpGolombAtNonZeroOffset() {
        // 1 | 010 | 011 | 00100 | 00101 | 0101 | 100: ue 0, 1, 2, 3, 4, then bits(4) = 5
        byte[] bits = hex("A6 42 AC");
        RbspReader reader = new RbspReader().wrap(direct(bits, 9), 9, bits.length);

        assertEquals(0, reader.ue());
        assertEquals(1, reader.ue());
        assertEquals(2, reader.ue());
        assertEquals(3, reader.ue());
        assertEquals(4, reader.ue());
        assertEquals(5, reader.bits(4));
        assertEquals(3, reader.bytesRead());
    }

    @Test
    void shouldReadSignedExpGolomb() {
        // 010 = 1 -> +1, 011 = 2 -> -1, 00100 = 3 -> +2, 1 = 0
        RbspReader reader = new RbspReader().wrap(direct(hex("4C 90"), 0), 0, 2);
        assertEquals(1, reader.se());
        assertEquals(-1, reader.se());
        assertEquals(2, reader.se());
        assertEquals(0, reader.se());
    }

    @Test
    void shouldSkipEmulationPreventionBytes() {
        // 00 00 03 01 carries the bits 00 00 01; 00 00 03 03 carries 00 00 03
        RbspReader reader = new RbspReader().wrap(direct(hex("000003 01 000003 03 FF"), 2), 2, 9);
        assertEquals(0x000001, reader.bits(24));
        assertEquals(0x000003, reader.bits(24));
        assertEquals(0xFF, reader.bits(8));
        assertEquals(9, reader.bytesRead());
    }

    @Test
    void shouldReadThirtyTwoBitsAcrossBytes() {
        RbspReader reader = new RbspReader().wrap(direct(hex("F1234567 8F"), 0), 0, 5);
        reader.skip(4);
        assertEquals(0x12345678L, reader.bits(32));
        assertEquals(0xF, reader.bits(4));
    }

    @Test
    void shouldFailClearlyAtEndOfData() {
        RbspReader reader = new RbspReader().wrap(direct(hex("00"), 0), 0, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, reader::ue);
        assertEquals("RBSP ends after 1 bytes while reading a field", e.getMessage());
        RbspReader limited = new RbspReader().wrap(direct(hex("20"), 0), 0, 1); // 001 00 -> 3
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> limited.ue("seq_parameter_set_id", 2));
        assertTrue(tooBig.getMessage().startsWith("seq_parameter_set_id is 3"));
    }
}

package io.salvo.demo.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OggPageTest {
    private static final int AT = 5;

    /** A page at offset 5 of a direct buffer, after junk. */
    private static ByteBuffer page() {
        byte[] page = {
            'O', 'g', 'g', 'S',                         // capture pattern
            0,                                          // version
            0x05,                                       // header type: continued | eos
            0x10, 0x27, 0, 0, 0, 0, 0, 0,               // granule position 10000
            0x78, 0x56, 0x34, 0x12,                     // serial 0x12345678
            2, 0, 0, 0,                                 // sequence 2
            0, 0, 0, 0,                                 // CRC (filled below)
            3,                                          // 3 segments
            (byte) 255, 10, 0,                          // lacing: 255 + 10 (one packet), 0 (an empty packet)
        };
        ByteBuffer b = ByteBuffer.allocateDirect(AT + page.length + 265 + 4);
        for (int i = 0; i < AT; i++) {
            b.put(i, (byte) 0xEE);
        }
        b.put(AT, page);
        for (int i = 0; i < 265; i++) {
            b.put(AT + page.length + i, (byte) i);      // body
        }
        byte[] whole = new byte[page.length + 265];
        b.get(AT, whole);
        int crc = OggWriter.crc(whole);
        b.put(AT + 22, (byte) crc).put(AT + 23, (byte) (crc >>> 8)).put(AT + 24, (byte) (crc >>> 16))
                .put(AT + 25, (byte) (crc >>> 24));
        return b;
    }

    @Test
    void shouldReadEveryFieldAtAnOffset() {
        ByteBuffer b = page();
        OggPage page = new OggPage().wrap(b, AT);
        assertEquals(AT, page.offset());
        assertEquals(0, page.version());
        assertEquals(0x05, page.headerType());
        assertTrue(page.continued());
        assertFalse(page.beginningOfStream());
        assertTrue(page.endOfStream());
        assertEquals(10000, page.granulePosition());
        assertEquals(0x12345678L, page.serialNumber());
        assertEquals(2, page.sequenceNumber());
        assertEquals(3, page.segmentCount());
        assertEquals(255, page.lacingValue(0));
        assertEquals(10, page.lacingValue(1));
        assertEquals(0, page.lacingValue(2));
        assertEquals(30, page.headerLength());
        assertEquals(265, page.bodyLength());
        assertEquals(page.checksum(), page.computeChecksum());
    }

    @Test
    void shouldReadANegativeGranuleAndAHighSerial() {
        ByteBuffer b = page();
        for (int i = 0; i < 8; i++) {
            b.put(AT + 6 + i, (byte) 0xFF);                 // granule -1: no packet ends here
        }
        b.put(AT + 17, (byte) 0xF0);                        // serial 0xF0345678 (above 2^31)
        OggPage page = new OggPage().wrap(b, AT);
        assertEquals(-1, page.granulePosition());
        assertEquals(0xF0345678L, page.serialNumber());
        assertTrue(page.checksum() != page.computeChecksum(), "the CRC covers the changed fields");
    }

    @Test
    void shouldComputeTheCatalogCheckValueAtAnOffset() {
        ByteBuffer b = ByteBuffer.allocateDirect(12);
        b.put(3, "123456789".getBytes(StandardCharsets.US_ASCII));
        // CRC-32/CKSUM's check is 0x765E7680 with a final XOR of all ones; Ogg's has none
        assertEquals(~0x765E7680, OggCrc.update(0, b, 3, 12));
        assertEquals(OggWriter.crc("123456789".getBytes(StandardCharsets.US_ASCII)), OggCrc.update(0, b, 3, 12));
        assertEquals(OggCrc.update(OggCrc.update(0, b, 3, 7), b, 7, 12), OggCrc.update(0, b, 3, 12), "continues");
        assertEquals(OggWriter.crc(new byte[5]), OggCrc.updateZeros(0, 5));
    }
}

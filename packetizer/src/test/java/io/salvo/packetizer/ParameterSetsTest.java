package io.salvo.packetizer;

import static io.salvo.packetizer.Packets.direct;
import static io.salvo.packetizer.Packets.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class ParameterSetsTest {
    @Test
    void shouldCopyOnChangeAndNeverRewriteTheOldBuffer() {
        ParameterSets sets = new ParameterSets();
        byte[] sps = hex("6742C01FE9");
        assertTrue(sets.update(7, 0, direct(sps, 4), 4, sps.length));
        ByteBuffer first = sets.buffer();
        assertTrue(first.isDirect());

        assertFalse(sets.update(7, 0, direct(sps, 0), 0, sps.length), "same bytes: no change");
        assertSame(first, sets.buffer());

        byte[] pps = hex("68CE3C80");
        assertTrue(sets.update(8, 0, direct(pps, 0), 0, pps.length));
        ByteBuffer second = sets.buffer();
        assertNotSame(first, second);
        byte[] newSps = hex("6764001FAC");
        assertTrue(sets.update(7, 0, direct(newSps, 0), 0, newSps.length));

        assertEquals(2, sets.count());
        assertArrayEquals(newSps, sets.bytes(0), "replaced in place of the old SPS");
        assertArrayEquals(pps, sets.bytes(1));
        assertEquals(0x67, second.get(0) & 0xFF);
        assertEquals((byte) 0x42, second.get(1), "the old buffer still holds the old SPS for queued packets");
        assertEquals(3, sets.version());
    }

    @Test
    void shouldKeepOneSetPerTypeAndIdAndEncodeBase64() {
        ParameterSets sets = new ParameterSets();
        sets.update(8, 0, ByteBuffer.wrap(hex("68CE3C80")), 0, 4);
        sets.update(8, 1, ByteBuffer.wrap(hex("68 5E")), 0, 2);
        sets.update(7, 0, ByteBuffer.wrap(hex("6742C01FE9")), 0, 5);

        assertEquals("aM48gA==,aF4=", sets.base64(8));
        assertEquals("Z0LAH+k=", sets.base64(7));
        assertEquals(2, sets.first(7));
        assertEquals(-1, sets.first(33));
        assertEquals(1, sets.id(1));
    }
}

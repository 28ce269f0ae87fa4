package io.salvo.demo.receive;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SsrcMapTest {
    @Test
    void shouldFindEveryValueAfterGrowingAndKeepInsertionOrder() {
        SsrcMap<String> map = new SsrcMap<>();
        for (long i = 0; i < 1000; i++) {
            map.add(ssrc(i), "v" + i);
        }

        assertEquals(1000, map.size());
        for (long i = 0; i < 1000; i++) {
            assertEquals("v" + i, map.get(ssrc(i)));
            assertEquals("v" + i, map.at((int) i));
        }
        assertNull(map.get(0x1234_5678L));
    }

    @Test
    void shouldRefuseASecondValueForAnSsrcAndAnIndexOutOfRange() {
        SsrcMap<String> map = new SsrcMap<>();
        map.add(0xFFFF_FFFFL, "a");

        assertThrows(IllegalStateException.class, () -> map.add(0xFFFF_FFFFL, "b"));
        assertThrows(IndexOutOfBoundsException.class, () -> map.at(1));
        assertEquals("a", map.get(0xFFFF_FFFFL));
    }

    private static long ssrc(long i) {
        return (i * 0x1000_0001L) & 0xFFFF_FFFFL; // spread over the 32 bits, 0 included
    }
}

package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SsrcTableTest {
    @Test
    void shouldFindEverySsrcAfterGrowing() {
        SsrcTable<Long> table = new SsrcTable<>(2);
        for (long i = 0; i < 1000; i++) {
            table.put(i * 0x1_0001L + 0xFFFF_0000L, i);
        }
        assertEquals(1000, table.size());
        for (long i = 0; i < 1000; i++) {
            assertEquals(i, table.get(i * 0x1_0001L + 0xFFFF_0000L));
        }
        assertNull(table.get(0x1234_5678L));
    }

    @Test
    void shouldUseOnlyTheLow32Bits() {
        SsrcTable<String> table = new SsrcTable<>(4);
        table.put(0xFFFF_FFFFL, "max");
        table.put(0, "zero");
        assertEquals("max", table.get(0xFFFF_FFFFL));
        assertEquals("zero", table.get(0));
    }

    @Test
    void shouldRefuseAnSsrcTwice() {
        SsrcTable<String> table = new SsrcTable<>(4);
        table.put(7, "a");
        assertThrows(IllegalStateException.class, () -> table.put(7, "b"));
    }

    @Test
    void shouldForgetEverythingOnClear() {
        SsrcTable<String> table = new SsrcTable<>(4);
        table.put(7, "a");
        table.clear();
        assertNull(table.get(7));
        assertEquals(0, table.size());
    }
}

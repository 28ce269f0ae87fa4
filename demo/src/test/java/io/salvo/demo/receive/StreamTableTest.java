package io.salvo.demo.receive;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StreamTableTest {
    @Test
    void shouldFindEachOfManySsrcsAfterGrowingInFirstSeenOrder() {
        StreamTable table = new StreamTable(4096, RtpReceiver.BY_PAYLOAD_TYPE);
        Set<StreamStats> distinct = new HashSet<>();
        for (long i = 0; i < 3000; i++) {
            distinct.add(table.get(ssrc(i), 96));
        }

        assertEquals(3000, table.size());
        assertEquals(3000, distinct.size());
        for (long i = 0; i < 3000; i++) {
            StreamStats stats = table.get(ssrc(i), 96);
            assertEquals(ssrc(i), stats.ssrc());
            assertSame(table.at((int) i), stats);
        }
        assertEquals(3000, table.size());
    }

    private static long ssrc(long i) {
        return (i * 0x1000_0001L) & 0xFFFF_FFFFL; // spread over the 32 bits, 0 included
    }

    @Test
    void shouldRefuseNewSsrcsBeyondTheLimitAndKeepTheOthers() {
        StreamTable table = new StreamTable(2, RtpReceiver.BY_PAYLOAD_TYPE);
        StreamStats first = table.get(1, 96);
        StreamStats second = table.get(2, 96);

        assertNull(table.get(3, 96));
        assertSame(first, table.get(1, 96));
        assertSame(second, table.get(2, 96));
        assertEquals(2, table.size());
    }

    @Test
    void shouldChooseTheClockRateByPayloadTypeOfTheFirstPacket() {
        StreamTable table = new StreamTable(8, RtpReceiver.BY_PAYLOAD_TYPE);

        assertEquals(48_000, table.get(1, 111).clockRate());
        assertEquals(90_000, table.get(2, 96).clockRate());
        assertEquals(48_000, table.get(1, 96).clockRate(), "fixed when the stream was created");
    }

    @Test
    void shouldUseTheOverrideForEveryStream() {
        StreamTable table = new StreamTable(8, 8000);

        assertEquals(8000, table.get(1, 111).clockRate());
        assertEquals(8000, table.get(2, 96).clockRate());
    }

    @Test
    void shouldNameTheIndexOutOfRange() {
        StreamTable table = new StreamTable(8, 0);
        assertNotNull(table.get(7, 96));

        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> table.at(1));
        assertEquals("stream 1 of 1", e.getMessage());
        assertEquals(1, table.size());
    }
}

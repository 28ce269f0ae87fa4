package io.salvo.packetizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EqualDatagramsTest {
    @Test
    void shouldKeepDatagramsEqualWhenTheFirstCarriesALongerHeader() {
        // 12-byte RTP header; VP9 descriptor 3 bytes, 8 with the scalability structure
        int payload = 3000;
        assertEquals(3, EqualDatagrams.count(payload, 20, 15, 1200));
        int size = EqualDatagrams.datagramSize(payload, 20, 15, 1200);
        assertEquals(1017, size); // ceil((3000 + 20 + 2 × 15) / 3)
        assertEquals(997, EqualDatagrams.firstPayload(payload, 20, 15, 1200)); // 5 bytes less than the middle one
        // payloads 997 + 1002 + 1001: datagrams 1017, 1017, 1016
    }

    @ParameterizedTest
    @CsvSource({
            // payload, first, other, max, count, size
            "0,     20, 15, 1200, 1, 20",
            "1180,  20, 15, 1200, 1, 1200",
            "1181,  20, 15, 1200, 2, 608",
            "3000,  15, 15, 1200, 3, 1015",
            "10,    11, 10,   12, 6, 12",
    })
    void shouldComputeCountAndSize(int payload, int first, int other, int max, int count, int size) {
        assertEquals(count, EqualDatagrams.count(payload, first, other, max));
        assertEquals(size, EqualDatagrams.datagramSize(payload, first, other, max));
    }

    @Test
    void shouldMeetItsContractForManySizesAndOverheads() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200_000; trial++) {
            int max = 2 + random.nextInt(trial % 2 == 0 ? 40 : 1500);
            int first = random.nextInt(max);
            int other = random.nextInt(max);
            int payload = random.nextInt(trial % 3 == 0 ? 200 : 400_000);
            int count = EqualDatagrams.count(payload, first, other, max);
            int size = EqualDatagrams.datagramSize(payload, first, other, max);
            String where = "payload " + payload + ", first " + first + ", other " + other + ", max " + max;
            assertTrue(size <= max, where);
            if (count == 1) {
                assertTrue(payload <= max - first, where);
                assertEquals(first + payload, size, where);
                continue;
            }
            // fewest: one datagram less cannot hold the payload even at the maximum size
            assertTrue((long) (max - first) + (long) (count - 2) * (max - other) < payload, where);
            int firstPayload = size - first;
            int middlePayload = size - other;
            long last = payload - firstPayload - (long) (count - 2) * middlePayload;
            assertEquals(firstPayload, EqualDatagrams.firstPayload(payload, first, other, max), where);
            assertTrue(firstPayload >= 1 && middlePayload >= 1, where);
            assertTrue(last >= 1 && last + other <= size, where + ": last payload " + last);
        }
    }

    @Test
    void shouldRejectADatagramWithNoRoomForPayload() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EqualDatagrams.count(10, 20, 15, 20));
        assertEquals("datagram size 20 leaves no payload byte after 20 bytes of headers; it must be >= 21", e.getMessage());
    }
}

package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReceivedBatchTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0    | 1500  | capacity must be 1..1024, was 0",
            "1025 | 1500  | capacity must be 1..1024, was 1025",
            "8    | 0     | max datagram size must be 1..65536, was 0",
            "8    | 65537 | max datagram size must be 1..65536, was 65537",
    })
    void shouldRejectASizeOutOfRange(int capacity, int maxDatagramSize, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReceivedBatch(capacity, maxDatagramSize));
        assertEquals(message, e.getMessage());
    }

    @Test
    void shouldHoldAllSlotsInOneBigEndianDirectBuffer() {
        try (ReceivedBatch batch = new ReceivedBatch(4, 100)) {
            ByteBuffer buffer = batch.buffer();

            assertTrue(buffer.isDirect());
            assertEquals(ByteOrder.BIG_ENDIAN, buffer.order());
            assertEquals(400, buffer.capacity(), "the spare byte after the last slot stays hidden");
            assertSame(buffer, batch.buffer());
            assertEquals(0, batch.count());
        }
    }

    @Test
    void shouldPointEachMmsghdrAtItsOwnSockaddrIovecAndSlot() {
        try (ReceivedBatch batch = new ReceivedBatch(3, 1500)) {
            ByteBuffer headers = new Pointer(batch.headersAddress())
                    .getByteBuffer(0, 3 * 208).order(ByteOrder.nativeOrder());
            long base = batch.headersAddress();
            for (int i = 0; i < 3; i++) {
                int h = 64 * i;
                assertEquals(base + 3 * 64 + 3 * 16 + 128 * i, headers.getLong(h), "msg_name " + i);
                assertEquals(128, headers.getInt(h + 8), "msg_namelen " + i);
                assertEquals(base + 3 * 64 + 16 * i, headers.getLong(h + 16), "msg_iov " + i);
                assertEquals(1, headers.getLong(h + 24), "msg_iovlen " + i);
                assertEquals(0, headers.getLong(h + 32), "msg_control " + i);
                assertEquals(1500, headers.getLong(3 * 64 + 16 * i + 8), "iov_len " + i);
            }
            long slot0 = headers.getLong(3 * 64);
            assertEquals(1500, headers.getLong(3 * 64 + 16) - slot0, "slots are maxDatagramSize apart");
        }
    }

    @Test
    void shouldKeepWhatTheChannelPutInASlotWithItsTruncation() {
        try (ReceivedBatch batch = new ReceivedBatch(2, 10)) {
            batch.reset();
            ByteBuffer first = batch.slotView(0);
            assertEquals(0, first.position());
            assertEquals(11, first.limit(), "one byte past the slot");
            ByteBuffer second = batch.slotView(1);
            assertEquals(10, second.position());
            assertEquals(21, second.limit(), "the spare byte after the last slot");
            InetSocketAddress a = new InetSocketAddress("127.0.0.1", 5004);

            batch.filledSlot(0, 11, a);
            batch.filledSlot(1, 4, new InetSocketAddress("127.0.0.1", 5004));
            batch.filledSlots(2, 42L);

            assertEquals(2, batch.count());
            assertEquals(10, batch.length(0));
            assertTrue(batch.truncated(0));
            assertEquals(4, batch.length(1));
            assertFalse(batch.truncated(1));
            assertEquals(10, batch.offset(1));
            assertSame(a, batch.source(1), "an equal source comes back as the object seen first");
            assertEquals(42L, batch.arrivalNanos());
            assertEquals(14, batch.bytes());
            assertEquals(1, batch.truncatedCount());
            assertThrows(IndexOutOfBoundsException.class, () -> batch.length(2));
        }
    }

    @Test
    void shouldRefuseUseAfterCloseAndCloseTwice() {
        ReceivedBatch batch = new ReceivedBatch(2, 10);
        batch.close();
        batch.close();

        assertThrows(IllegalStateException.class, batch::buffer);
        assertThrows(IllegalStateException.class, batch::reset);
        assertEquals(0, batch.count());
        assertThrows(IndexOutOfBoundsException.class, () -> batch.source(0));
    }
}

package io.salvo.rtp;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpPacketTest {

    @Test
    void shouldWriteItsHeaderIntoItsOwnSlotOfASharedSlab() {
        RtpPacketPool pool = new RtpPacketPool(64, 4);
        RtpPacket a = pool.acquire();
        RtpPacket b = pool.acquire();

        assertSame(a.slot(), b.slot(), "one slab for both");
        assertTrue(a.slot().isDirect());
        assertNotSame(a.slotOffset(), b.slotOffset());
        RtpHeader.write(b.slot(), b.slotOffset(), 0, true, 96, 1234, 5678, 42);
        ByteBuffer frame = ByteBuffer.allocateDirect(100);
        b.addSlot(0, 12).addPayload(frame, 10, 50);

        assertEquals(62, b.length());
        assertEquals(1234, b.sequenceNumber());
        assertEquals(5678, b.timestamp());
        assertEquals(42, b.ssrc());
        assertTrue(b.marker());
        assertSame(frame, b.message().vector(1).buffer());
        assertEquals(b.slotOffset(), b.message().vector(0).offset());
    }

    @Test
    void shouldKeepSlotVectorsInsideTheSlot() {
        RtpPacket packet = RtpPacket.allocate(32);

        assertEquals("RTP packet slot vector: range [30, 33) is outside the buffer's capacity 32",
                assertThrows(IndexOutOfBoundsException.class, () -> packet.addSlot(30, 3)).getMessage());
    }

    @Test
    void shouldReusePacketsAndGrowOnlyWhenEmpty() {
        RtpPacketPool pool = new RtpPacketPool(32, 2);
        RtpPacket first = pool.acquire();
        first.addSlot(0, 12);
        pool.release(first);

        RtpPacket again = pool.acquire();

        assertSame(first, again);
        assertEquals(0, again.length());
        assertEquals(0, again.message().vectorCount());
        assertEquals(2, pool.created());
        pool.acquire();
        pool.acquire();
        assertEquals(4, pool.created());
    }

    @Test
    void shouldCollectCommittedPacketsInOrderAndRecycleThemOnClear() {
        RtpPacketList list = new RtpPacketList(new RtpPacketPool(32, 8));
        RtpPacket one = list.claim();
        list.commit(one);
        RtpPacket two = list.claim();
        list.commit(two);

        assertEquals(2, list.size());
        assertSame(one, list.get(0));
        assertSame(two, list.get(1));
        list.clear();
        assertEquals(0, list.size());
        RtpPacket reused = list.claim();
        assertTrue(reused == one || reused == two);
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(0));
    }
}

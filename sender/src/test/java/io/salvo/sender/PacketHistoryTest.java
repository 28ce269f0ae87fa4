package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.pacer.PacedFrame;
import io.salvo.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketHistoryTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1000 * MS;

    private final List<Integer> evicted = new ArrayList<>();
    private final List<PacedFrame> evictedFrames = new ArrayList<>();
    private final PacketHistory history = new PacketHistory(1024, (packet, frame) -> {
        evicted.add(packet.sequenceNumber());
        evictedFrames.add(frame);
    });

    private static RtpPacket packet(int sequence) {
        RtpPacket packet = RtpPacket.allocate(64);
        io.salvo.rtp.RtpHeader.write(packet.slot(), 0, 0, false, 96, sequence, 0, 1);
        packet.addSlot(0, 12);
        return packet;
    }

    @Test
    void shouldFindPacketsAcrossTheSequenceNumberWrap() {
        PacedFrame frame = new PacedFrame();
        for (int i = 0; i < 12; i++) {
            int sequence = (65530 + i) & 0xFFFF;
            history.add(sequence, packet(sequence), frame, 1000, i * MS, SECOND);
        }
        for (int i = 0; i < 12; i++) {
            int sequence = (65530 + i) & 0xFFFF;
            int slot = history.find(sequence);
            assertTrue(slot >= 0, "sequence " + sequence);
            assertEquals(sequence, history.packet(slot).sequenceNumber());
            assertSame(frame, history.frame(slot));
        }
        assertEquals(-1, history.find(65529));
        assertEquals(-1, history.find(6));
        assertEquals(12, history.size());
        assertEquals(12_000, history.bytes());
    }

    @Test
    void shouldLetPacketsLeaveOldestFirstByAgeThenByBytesEachOnce() {
        PacedFrame frame = new PacedFrame();
        for (int i = 0; i < 100; i++) { // 65500 .. 65535, 0 .. 63, one every 10 ms
            history.add(sequence(i), packet(sequence(i)), frame, 1000, i * 10 * MS, 10 * SECOND);
        }
        history.expire(1000 * MS, 500 * MS, Long.MAX_VALUE); // older than 500 ms at 1 s: the first 50
        assertEquals(50, evicted.size());
        for (int i = 0; i < 50; i++) {
            assertEquals(sequence(i), evicted.get(i), "oldest first, across the wrap");
        }
        assertEquals(-1, history.find(sequence(49)));
        assertTrue(history.find(sequence(50)) >= 0);

        history.expire(1000 * MS, 500 * MS, 20_000); // then by bytes: the newest 20 stay
        assertEquals(80, evicted.size());
        assertEquals(sequence(79), evicted.get(79));
        assertEquals(20, history.size());
        assertEquals(20_000, history.bytes());

        history.clear();
        assertEquals(100, evicted.size());
        assertEquals(100, evicted.stream().distinct().count(), "each packet left once");
        assertEquals(100, evictedFrames.size());
        assertEquals(0, history.size());
        assertEquals(0, history.bytes());
    }

    private static int sequence(int i) {
        return (65500 + i) & 0xFFFF;
    }

    @Test
    void shouldGrowWhileTheAgeLimitWantsMoreAndEvictWhenItCannot() {
        PacketHistory small = new PacketHistory(512, (packet, frame) -> evicted.add(packet.sequenceNumber()));
        PacedFrame frame = new PacedFrame();
        assertEquals(512, small.capacity());
        for (int i = 0; i < 2000; i++) {
            small.add(i, packet(i), frame, 100, i * MS, SECOND); // 1000 packets a second: 512 cannot hold a second
        }
        assertEquals(512, small.capacity());
        assertEquals(512, small.size());
        assertEquals(2000 - 512, evicted.size(), "the ring at its maximum evicts the oldest for each new one");
        assertEquals(1487, evicted.get(evicted.size() - 1));
        assertTrue(small.find(1488) >= 0);

        PacketHistory growing = new PacketHistory(4096, (packet, frame1) -> { });
        for (int i = 0; i < 3000; i++) {
            growing.add(i, packet(i), frame, 100, i * MS, 5 * SECOND);
        }
        assertEquals(4096, growing.capacity(), "grew from 1024 to keep 3 s of packets");
        assertEquals(3000, growing.size());
        for (int i = 0; i < 3000; i++) {
            assertTrue(growing.find(i) >= 0, "kept " + i + " across the growth");
        }
    }

    @Test
    void shouldTrackResendsAndRefuseBadCapacities() {
        history.add(7, packet(7), new PacedFrame(), 100, 10 * MS, SECOND);
        int slot = history.find(7);
        assertEquals(10 * MS, history.lastSentNanos(slot));
        history.resent(slot, 50 * MS);
        assertEquals(50 * MS, history.lastSentNanos(slot));
        assertThrows(IllegalArgumentException.class, () -> new PacketHistory(1000, (p, f) -> { }));
        assertThrows(IllegalArgumentException.class, () -> new PacketHistory(65536, (p, f) -> { }));
    }
}

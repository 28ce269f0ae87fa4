package io.salvo.packetizer;

import static io.salvo.packetizer.Packets.direct;
import static io.salvo.packetizer.Packets.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import org.junit.jupiter.api.Test;

class NalUnitListTest {
    @Test
    void shouldFindUnitsBetweenThreeAndFourByteStartCodesAtNonZeroOffset() {
        byte[] frame = hex("00 00000001 6742 000001 68CE 0000 00000001 65AA00BB 00");
        ByteBuffer buffer = direct(frame, 100);
        NalUnitList units = new NalUnitList().scanAnnexB(buffer, 100, frame.length, "H.264");

        assertEquals(3, units.size());
        assertSame(buffer, units.buffer(0));
        assertEquals(105, units.offset(0));
        assertEquals(2, units.length(0));
        assertEquals(110, units.offset(1));
        assertEquals(2, units.length(1), "trailing zeros before the 4-byte start code are not part of the unit");
        assertEquals(118, units.offset(2));
        assertEquals(4, units.length(2), "a zero inside a unit stays, trailing zero goes");
        assertEquals(0x65, units.firstByte(2));
        assertEquals(0xAA, units.secondByte(2));
    }

    @Test
    void shouldSplitLengthPrefixedUnits() {
        byte[] frame = hex("0002 6742 0001 68 0003 650000");
        NalUnitList units = new NalUnitList().scanLengthPrefixed(direct(frame, 3), 3, frame.length, 2, "H.264");

        assertEquals(3, units.size());
        assertEquals(5, units.offset(0));
        assertEquals(9, units.offset(1));
        assertEquals(1, units.length(1));
        assertEquals(12, units.offset(2));
        assertEquals(3, units.length(2), "trailing zeros are data in length-prefixed form");
    }

    @Test
    void shouldFindStartCodesLikeAByteByByteScanInAnyOrderAndAlignment() {
        Random random = new Random(42);
        for (int round = 0; round < 3000; round++) {
            int length = random.nextInt(80);
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                int pick = random.nextInt(10);
                bytes[i] = (byte) (pick < 5 ? 0 : pick < 7 ? 1 : random.nextInt(256));
            }
            int offset = random.nextInt(9);
            ByteBuffer buffer = direct(bytes, offset);
            if (random.nextBoolean()) {
                buffer.order(ByteOrder.LITTLE_ENDIAN);
            }
            ByteBuffer heap = ByteBuffer.allocate(offset + length).put(offset, bytes);
            int from = offset + (length == 0 ? 0 : random.nextInt(length));
            int end = offset + length;
            int expected = naive(bytes, from - offset, length);
            int expectedAbsolute = expected < 0 ? -1 : expected + offset;
            assertEquals(expectedAbsolute, NalUnitList.findStartCode(buffer, from, end), "round " + round);
            assertEquals(expectedAbsolute, NalUnitList.findStartCode(heap, from, end), "heap, round " + round);
        }
    }

    @Test
    void shouldFindStartCodeStraddlingWordAndWindowBoundariesInBothByteOrders() {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            for (int position = 0; position < 45; position++) {
                byte[] bytes = new byte[50];
                java.util.Arrays.fill(bytes, (byte) 0x11);
                bytes[position] = 0;
                bytes[position + 1] = 0;
                bytes[position + 2] = 1;
                ByteBuffer buffer = ByteBuffer.wrap(bytes).order(order);
                assertEquals(position, NalUnitList.findStartCode(buffer, 0, 50), order + " at " + position);
                assertEquals(-1, NalUnitList.findStartCode(buffer, 0, position + 2), order + " cut at " + position);
            }
        }
    }

    @Test
    void shouldSkipEmulationPreventedPairsBeforeAStartCode() {
        for (int decoy = 0; decoy < 30; decoy++) {
            byte[] bytes = new byte[48];
            java.util.Arrays.fill(bytes, (byte) 0x22);
            bytes[decoy] = 0; // 00 00 03: a zero pair that is not a start code
            bytes[decoy + 1] = 0;
            bytes[decoy + 2] = 3;
            bytes[decoy + 4] = 0;
            bytes[decoy + 5] = 0;
            bytes[decoy + 6] = 1;
            assertEquals(decoy + 4, NalUnitList.findStartCode(direct(bytes, 0), 0, 48), "decoy at " + decoy);
        }
    }

    private static int naive(byte[] bytes, int from, int end) {
        for (int i = from; i + 2 < end; i++) {
            if (bytes[i] == 0 && bytes[i + 1] == 0 && bytes[i + 2] == 1) {
                return i;
            }
        }
        return -1;
    }
}

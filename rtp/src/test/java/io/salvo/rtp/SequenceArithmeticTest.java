package io.salvo.rtp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceArithmeticTest {

    @ParameterizedTest(name = "diff({0}, {1}) = {2}")
    @CsvSource({
            "5, 3, 2",
            "3, 5, -2",
            "2, 65534, 4",
            "65534, 2, -4",
            "0, 65535, 1",
            "32767, 0, 32767",
            "32768, 0, -32768"})
    void shouldTakeTheShortWayRoundForSequenceDifferences(int a, int b, int expected) {
        assertEquals(expected, SequenceNumbers.diff(a, b));
    }

    @Test
    void shouldWrapSequenceNumbersForward() {
        assertEquals(0, SequenceNumbers.next(65535));
        assertEquals(4, SequenceNumbers.add(65533, 7));
        assertEquals(65533, SequenceNumbers.add(4, -7));
    }

    @Test
    void shouldOrderSequenceNumbersAcrossTheWrap() {
        assertTrue(SequenceNumbers.isNewer(1, 65535));
        assertFalse(SequenceNumbers.isNewer(65535, 1));
        assertFalse(SequenceNumbers.isNewer(9, 9));
        // exactly half the space apart: exactly one of the two is newer
        assertTrue(SequenceNumbers.isNewer(40000, 7232) ^ SequenceNumbers.isNewer(7232, 40000));
    }

    @Test
    void shouldOrderTimestampsAcrossTheWrap() {
        assertEquals(26, Timestamps.diff(10, 0xFFFF_FFF0L));
        assertEquals(-26, Timestamps.diff(0xFFFF_FFF0L, 10));
        assertTrue(Timestamps.isNewer(10, 0xFFFF_FFF0L));
        assertFalse(Timestamps.isNewer(0xFFFF_FFF0L, 10));
        assertEquals(5L, Timestamps.add(0xFFFF_FFFBL, 10));
        assertTrue(Timestamps.isNewer(0x8000_0000L, 0) ^ Timestamps.isNewer(0, 0x8000_0000L));
    }

    @Test
    void shouldUnwrapSequenceNumbersAcrossSeveralWrapsWithReordering() {
        Unwrapper unwrapper = Unwrapper.sequenceNumbers();

        assertEquals(65530, unwrapper.unwrap(65530));
        assertEquals(65535, unwrapper.unwrap(65535));
        assertEquals(65536 + 2, unwrapper.unwrap(2));
        assertEquals(65534, unwrapper.unwrap(65534), "late packet from before the wrap keeps its cycle");
        assertEquals(65536 + 3, unwrapper.unwrap(3));
        assertEquals(1, unwrapper.cycles());

        long value = 65539;
        for (int i = 0; i < 3 * 65536; i += 1000) {
            value += 1000;
            assertEquals(value, unwrapper.unwrap(value & 0xFFFF));
        }
        assertEquals(value >> 16, unwrapper.cycles());
    }

    @Test
    void shouldUnwrapTimestampsToSixtyFourBits() {
        Unwrapper unwrapper = Unwrapper.timestamps();

        assertEquals(0xFFFF_FF00L, unwrapper.unwrap(0xFFFF_FF00L));
        assertEquals((1L << 32) + 0x100, unwrapper.unwrap(0x100));
        assertEquals(0xFFFF_FFF0L, unwrapper.unwrap(0xFFFF_FFF0L));
        assertEquals((1L << 32) + 0x100, unwrapper.highest());

        unwrapper.reset();
        assertEquals(7, unwrapper.unwrap(7));
    }

    @Test
    void shouldConvertBetweenWallTimeAndMediaClocks() {
        MediaClock video = MediaClock.video();
        MediaClock opus = MediaClock.opus();

        assertEquals(3000, video.ticks(33_333_334));
        assertEquals(960, opus.ticks(20_000_000));
        assertEquals(20_000_000, opus.nanos(960));
        assertEquals(90_000L * 100_000, video.ticks(100_000L * 1_000_000_000L), "no overflow after 27 hours");
        assertEquals(3000, video.ticks(512, 15360), "an MP4 timescale of 15360");
        assertEquals(3003, video.ticks(1001, 30_000), "NTSC frame duration");
        assertEquals(5L, MediaClock.rtpTimestamp(10, 0xFFFF_FFFBL));
        assertEquals(-1, MediaClock.rescale(-1, 90_000, 48_000), "rounds toward negative infinity");
    }
}

package io.salvo.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NtpTimeTest {
    private static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void shouldPlaceTheUnixEpochAt2208988800Seconds() {
        assertEquals(2_208_988_800L << 32, NtpTime.fromEpochNanos(0));
        assertEquals(0x83AA7E80_00000000L, NtpTime.fromEpochNanos(0));
        assertEquals(0L, NtpTime.toEpochNanos(0x83AA7E80_00000000L));
    }

    @Test
    void shouldConvertTheSenderReportTime() {
        assertEquals(Vectors.NTP, NtpTime.fromEpochNanos(nanos("2024-01-01T00:00:00.250Z")));
        assertEquals(nanos("2024-01-01T00:00:00.250Z"), NtpTime.toEpochNanos(Vectors.NTP));
        assertEquals(0x7F00_4000L, NtpTime.compact(Vectors.NTP));
    }

    @Test
    void shouldRoundTheFractionToNearest() {
        assertEquals(4L, NtpTime.fromEpochNanos(1) & 0xFFFF_FFFFL, "1 ns = 4.29 / 2^32 s");
        assertEquals(0xFFFF_FFFCL, NtpTime.fromEpochNanos(999_999_999) & 0xFFFF_FFFFL);
        assertEquals(1L, NtpTime.toEpochNanos(0x83AA7E80_00000004L));
        assertEquals(500_000_000L, NtpTime.toEpochNanos(0x83AA7E80_80000000L));
    }

    @Test
    void shouldReadSecondsBelow2Pow31AsTheEraAfter2036() {
        long wrap = nanos("2036-02-07T06:28:16Z");
        assertEquals(0L, NtpTime.fromEpochNanos(wrap));
        assertEquals(wrap, NtpTime.toEpochNanos(0));
        assertEquals(nanos("2036-02-07T06:28:17Z"), NtpTime.toEpochNanos(1L << 32));
        assertEquals(0x8000_0000_0000_0000L, NtpTime.fromEpochNanos(nanos("1968-01-20T03:14:08Z")));
        assertEquals(nanos("1968-01-20T03:14:08Z"), NtpTime.toEpochNanos(0x8000_0000_0000_0000L));
        assertEquals(nanos("2104-02-26T09:42:23Z"), NtpTime.toEpochNanos(0x7FFF_FFFF_0000_0000L));
    }

    @Test
    void shouldRoundTripEveryNanosecondFrom1968To2104() {
        Random random = new Random(3550);
        long first = nanos("1968-01-20T03:14:08Z");
        long span = nanos("2104-02-26T09:42:23Z") - first;
        for (int i = 0; i < 100_000; i++) {
            long t = first + (long) (random.nextDouble() * span);
            assertEquals(t, NtpTime.toEpochNanos(NtpTime.fromEpochNanos(t)));
        }
    }

    @Test
    void shouldConvertCompactUnitsForLsrAndDlsr() {
        assertEquals(1_500_000_000L, NtpTime.compactToNanos(0x0001_8000L));
        assertEquals(0x0001_8000L, NtpTime.nanosToCompact(1_500_000_000L));
        assertEquals(15_259L, NtpTime.compactToNanos(1), "1/65536 s = 15258.8 ns");
        assertEquals(1L, NtpTime.nanosToCompact(15_259));
        assertEquals(0L, NtpTime.nanosToCompact(7_629));
        assertEquals(1L, NtpTime.nanosToCompact(7_630));
        assertEquals(0xFFFF_FFFFL, NtpTime.nanosToCompact(NtpTime.compactToNanos(0xFFFF_FFFFL)));
        assertEquals(0L, NtpTime.nanosToCompact(65_536_000_000_000L), "65536 s wraps the 32 bits");
    }
}

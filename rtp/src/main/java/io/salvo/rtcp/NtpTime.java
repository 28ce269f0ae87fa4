package io.salvo.rtcp;

/**
 * NTP timestamps as RTCP carries them (RFC 3550 §4): 64 bits, seconds since 1900-01-01 in the high
 * 32 and a binary fraction of a second in the low 32; and the "compact" middle 32 bits (16.16
 * fixed point, 1/65536 s) used by the LSR and DLSR fields of report blocks.
 *
 * <p>The 32-bit seconds wrap on 2036-02-07T06:28:16Z. Like RFC 4330 §3, this class reads seconds
 * of 2^31 and above as era 0 (1968-01-20 to 2036-02-07) and seconds below 2^31 as era 1
 * (2036-02-07 to 2104-02-26), so {@link #toEpochNanos} is exact for times from 1968 to 2104;
 * {@link #fromEpochNanos} keeps the low 32 bits of the seconds whatever the era.
 */
public final class NtpTime {
    /** Seconds from 1900-01-01 (NTP's epoch) to 1970-01-01 (Unix's epoch). */
    public static final long UNIX_EPOCH_SECONDS = 2_208_988_800L;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long ERA_SPLIT = 1L << 31;

    private NtpTime() {
    }

    /** The NTP timestamp of {@code unixEpochNanos} (nanoseconds since 1970), fraction rounded to nearest. */
    public static long fromEpochNanos(long unixEpochNanos) {
        long seconds = Math.floorDiv(unixEpochNanos, NANOS_PER_SECOND) + UNIX_EPOCH_SECONDS;
        long nanos = Math.floorMod(unixEpochNanos, NANOS_PER_SECOND);
        long fraction = ((nanos << 32) + NANOS_PER_SECOND / 2) / NANOS_PER_SECOND;
        return (seconds << 32) + fraction;
    }

    /** Nanoseconds since 1970 of the NTP timestamp {@code ntp}, rounded to nearest (era rule above). */
    public static long toEpochNanos(long ntp) {
        long seconds = ntp >>> 32;
        if (seconds < ERA_SPLIT) {
            seconds += 1L << 32;
        }
        long fraction = ntp & 0xFFFF_FFFFL;
        long nanos = (fraction * NANOS_PER_SECOND + (1L << 31)) >>> 32;
        return (seconds - UNIX_EPOCH_SECONDS) * NANOS_PER_SECOND + nanos;
    }

    /** The middle 32 bits of {@code ntp}, as an LSR field carries them. */
    public static long compact(long ntp) {
        return (ntp >>> 16) & 0xFFFF_FFFFL;
    }

    /** Nanoseconds in {@code compactUnits} of 1/65536 s (0..2^32-1, e.g. a DLSR), rounded to nearest. */
    public static long compactToNanos(long compactUnits) {
        return (compactUnits * NANOS_PER_SECOND + (1L << 15)) >> 16;
    }

    /**
     * Compact units (1/65536 s) in {@code nanos}, rounded to nearest, modulo 2^32 as the middle
     * 32 bits of an NTP time are (a DLSR above 65536 s does not fit its field).
     */
    public static long nanosToCompact(long nanos) {
        long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long rest = Math.floorMod(nanos, NANOS_PER_SECOND);
        long units = (seconds << 16) + ((rest << 16) + NANOS_PER_SECOND / 2) / NANOS_PER_SECOND;
        return units & 0xFFFF_FFFFL;
    }
}

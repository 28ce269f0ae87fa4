package io.salvo.rtcp;

/**
 * Byte vectors of every RTCP format, one field a line, with real-world-like values: a sender
 * (SSRC 0x902F9E2E) reporting at 2024-01-01T00:00:00.25Z and a receiver (SSRC 0x2B535A6F)
 * answering it.
 */
final class Vectors {
    /** The sender's SSRC. */
    static final long SENDER = 0x902F9E2EL;
    /** The receiver's SSRC. */
    static final long RECEIVER = 0x2B535A6FL;
    /** 2024-01-01T00:00:00.25Z as NTP: 3913056000 s since 1900, fraction 0.25. */
    static final long NTP = 0xE93C7F00_40000000L;

    static final int[] SR = {
            0x81, 0xC8, 0x00, 0x0C, // V=2, P=0, RC=1; PT=200 SR; length 12 words (52 bytes)
            0x90, 0x2F, 0x9E, 0x2E, // SSRC of sender 0x902F9E2E
            0xE9, 0x3C, 0x7F, 0x00, // NTP timestamp, seconds 3913056000 (2024-01-01)
            0x40, 0x00, 0x00, 0x00, // NTP timestamp, fraction 0.25
            0x49, 0x96, 0x02, 0xD2, // RTP timestamp 1234567890
            0x00, 0x00, 0x0B, 0xB8, // sender's packet count 3000
            0x00, 0x34, 0xBF, 0x15, // sender's octet count 3456789
            0x2B, 0x53, 0x5A, 0x6F, // report block: SSRC_1 0x2B535A6F
            0x1A, 0xFF, 0xFF, 0xFE, // fraction lost 26/256, cumulative lost -2 (duplicates)
            0x00, 0x01, 0x12, 0x34, // extended highest sequence: cycle 1, seq 0x1234
            0x00, 0x00, 0x01, 0x2C, // interarrival jitter 300
            0x7E, 0xFF, 0xC0, 0x00, // LSR 0x7EFFC000
            0x00, 0x01, 0x80, 0x00, // DLSR 1.5 s (0x18000 / 65536)
    };

    static final int[] RR = {
            0x81, 0xC9, 0x00, 0x07, // V=2, P=0, RC=1; PT=201 RR; length 7 words (32 bytes)
            0x2B, 0x53, 0x5A, 0x6F, // SSRC of packet sender 0x2B535A6F
            0x90, 0x2F, 0x9E, 0x2E, // report block: SSRC_1 0x902F9E2E
            0x40, 0x00, 0x03, 0xE8, // fraction lost 64/256, cumulative lost 1000
            0x00, 0x02, 0xFF, 0xFE, // extended highest sequence: cycle 2, seq 65534
            0x00, 0x00, 0x00, 0x2D, // interarrival jitter 45
            0x7F, 0x00, 0x40, 0x00, // LSR: middle 32 bits of NTP above
            0x00, 0x00, 0x40, 0x00, // DLSR 0.25 s (0x4000 / 65536)
    };

    /** The receiver's RR without report blocks (nothing received yet). */
    static final int[] RR_EMPTY = {
            0x80, 0xC9, 0x00, 0x01, // V=2, RC=0, PT=201 RR, length 1 word (8 bytes)
            0x2B, 0x53, 0x5A, 0x6F, // SSRC of packet sender
    };

    static final int[] SDES_CNAME = {
            0x81, 0xCA, 0x00, 0x06, // V=2, P=0, SC=1; PT=202 SDES; length 6 words (28 bytes)
            0x90, 0x2F, 0x9E, 0x2E, // chunk 1: SSRC 0x902F9E2E
            0x01, 0x0F, 's', 'a',   // CNAME, 15 bytes: "salvo@192.0.2.1"
            'l', 'v', 'o', '@',
            '1', '9', '2', '.',
            '0', '.', '2', '.',
            '1', 0x00, 0x00, 0x00,  // null item, 2 bytes of padding to 32 bits
    };

    static final int[] SDES_TWO_CHUNKS = {
            0x82, 0xCA, 0x00, 0x07, // V=2, P=0, SC=2; PT=202 SDES; length 7 words (32 bytes)
            0x00, 0x00, 0x10, 0x01, // chunk 1: SSRC 0x1001
            0x01, 0x03, 'a', '@',   // CNAME, 3 bytes: "a@b"
            'b', 0x02, 0x03, 'A',   // NAME, 3 bytes: "Ann"
            'n', 'n', 0x00, 0x00,   // null item, 1 byte of padding
            0x00, 0x00, 0x10, 0x02, // chunk 2: SSRC 0x1002
            0x01, 0x03, 'c', '@',   // CNAME, 3 bytes: "c@d"
            'd', 0x00, 0x00, 0x00,  // null item, 2 bytes of padding
    };

    static final int[] BYE = {
            0x82, 0xCB, 0x00, 0x05, // V=2, P=0, SC=2; PT=203 BYE; length 5 words (24 bytes)
            0x90, 0x2F, 0x9E, 0x2E, // SSRC 0x902F9E2E
            0x00, 0x00, 0x10, 0x01, // SSRC 0x1001
            0x0A, 'c', 'a', 'm',    // reason, 10 bytes: "camera off"
            'e', 'r', 'a', ' ',
            'o', 'f', 'f', 0x00,    // 1 byte of padding to 32 bits
    };

    /** A BYE padded with 4 bytes, as the last packet of an encrypted compound may be. */
    static final int[] BYE_PADDED = {
            0xA1, 0xCB, 0x00, 0x02, // V=2, P=1, SC=1; PT=203 BYE; length 2 words (12 bytes)
            0x2B, 0x53, 0x5A, 0x6F, // SSRC 0x2B535A6F
            0x00, 0x00, 0x00, 0x04, // padding, count 4
    };

    static final int[] APP = {
            0x83, 0xCC, 0x00, 0x04, // V=2, P=0, subtype 3; PT=204 APP; length 4 words (20 bytes)
            0x90, 0x2F, 0x9E, 0x2E, // SSRC 0x902F9E2E
            'S', 'A', 'L', 'V',     // name "SALV"
            0x01, 0x02, 0x03, 0x04, // application-dependent data, 8 bytes
            0x05, 0x06, 0x07, 0x08,
    };

    static final int[] NACK = {
            0x81, 0xCD, 0x00, 0x04, // V=2, P=0, FMT=1 generic NACK; PT=205 RTPFB; length 4 words (20 bytes)
            0x2B, 0x53, 0x5A, 0x6F, // SSRC of packet sender 0x2B535A6F
            0x90, 0x2F, 0x9E, 0x2E, // SSRC of media source 0x902F9E2E
            0xFF, 0xFF, 0x00, 0x23, // PID 65535, BLP bits 0, 1, 5: lost 65535, 0, 1, 5
            0x00, 0x64, 0x80, 0x00, // PID 100, BLP bit 15: lost 100, 116
    };

    static final int[] PLI = {
            0x81, 0xCE, 0x00, 0x02, // V=2, P=0, FMT=1 PLI; PT=206 PSFB; length 2 words (12 bytes)
            0x2B, 0x53, 0x5A, 0x6F, // SSRC of packet sender 0x2B535A6F
            0x90, 0x2F, 0x9E, 0x2E, // SSRC of media source 0x902F9E2E
    };

    static final int[] FIR = {
            0x84, 0xCE, 0x00, 0x04, // V=2, P=0, FMT=4 FIR; PT=206 PSFB; length 4 words (20 bytes)
            0x2B, 0x53, 0x5A, 0x6F, // SSRC of packet sender 0x2B535A6F
            0x00, 0x00, 0x00, 0x00, // SSRC of media source: 0 for FIR
            0x90, 0x2F, 0x9E, 0x2E, // FCI: SSRC 0x902F9E2E
            0x07, 0x00, 0x00, 0x00, // command sequence number 7, reserved
    };

    private Vectors() {
    }
}

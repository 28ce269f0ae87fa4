package io.salvo.demo.receive;

import io.salvo.rtp.MediaClock;

/**
 * The RTP clock rate a receiver assumes for a payload type when nothing (no SDP, no
 * {@code --clock-rate}) says otherwise: the static payload types of RFC 3551 §6 at their
 * registered rates, 48 kHz for 111 (the payload type browsers and salvo give Opus, RFC 7587
 * §4.1), and 90 kHz for every other dynamic or unassigned type (the rate of every video format).
 */
public final class ClockRates {
    /** The payload type browsers and salvo use for Opus. */
    public static final int OPUS_PAYLOAD_TYPE = 111;
    private static final int[] STATIC_RATES = new int[35];

    static {
        int[] rates8k = {0, 3, 4, 5, 7, 8, 9, 12, 13, 15, 18}; // PCMU GSM G723 DVI4 LPC PCMA G722 QCELP CN G728 G729
        for (int payloadType : rates8k) {
            STATIC_RATES[payloadType] = 8_000;
        }
        STATIC_RATES[6] = 16_000;   // DVI4 16 kHz
        STATIC_RATES[10] = 44_100;  // L16 stereo
        STATIC_RATES[11] = 44_100;  // L16 mono
        STATIC_RATES[16] = 11_025;  // DVI4 11 kHz
        STATIC_RATES[17] = 22_050;  // DVI4 22 kHz
    }

    private ClockRates() {
    }

    /** The clock rate in Hz assumed for {@code payloadType} (0..127). */
    public static int forPayloadType(int payloadType) {
        if (payloadType == OPUS_PAYLOAD_TYPE) {
            return MediaClock.OPUS_RATE;
        }
        if (payloadType >= 0 && payloadType < STATIC_RATES.length && STATIC_RATES[payloadType] != 0) {
            return STATIC_RATES[payloadType];
        }
        return MediaClock.VIDEO_RATE;
    }
}

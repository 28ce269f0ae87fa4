package io.salvo.demo.receive;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClockRatesTest {
    @ParameterizedTest(name = "PT {0} -> {1} Hz")
    @CsvSource({
            "0, 8000",     // PCMU
            "8, 8000",     // PCMA
            "9, 8000",     // G722: 8000 by RFC 3551 despite 16 kHz sampling
            "6, 16000",    // DVI4
            "10, 44100",   // L16 stereo
            "16, 11025",   // DVI4
            "26, 90000",   // JPEG
            "33, 90000",   // MP2T
            "34, 90000",   // H263
            "96, 90000",   // dynamic: video
            "97, 90000",   // dynamic: video (ffmpeg's audio PT needs --clock-rate)
            "111, 48000",  // Opus
            "127, 90000",  // dynamic
            "50, 90000",   // unassigned
    })
    void shouldAssumeTheRegisteredOrVideoClockRate(int payloadType, int rate) {
        assertEquals(rate, ClockRates.forPayloadType(payloadType));
    }
}

package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 3711 Appendix A index estimation, at the edges of each branch. */
class SrtpIndexTest {
    @ParameterizedTest(name = "highest {0}, SEQ {1} -> {2}")
    @CsvSource({
            // highest index (ROC:SEQ), sequence number, expected index (-1: none)
            "0x0000_0005, 6,     0x0000_0006",  // the next one
            "0x0000_0005, 2,     0x0000_0002",  // a little late
            "0x0001_0005, 65530, 0x0000_FFFA",  // late, from before the wrap (s_l < 2^15, SEQ - s_l > 2^15)
            "0x0001_0005, 32773, 0x0001_8005",  // SEQ - s_l = 2^15 exactly: same ROC
            "0x0001_0005, 32774, 0x0000_8006",  // SEQ - s_l = 2^15 + 1: ROC - 1
            "0x0000_0005, 65530, -1",           // would need ROC -1
            "0x0000_FFFA, 3,     0x0001_0003",  // after the wrap (s_l >= 2^15, s_l - 2^15 > SEQ)
            "0x0000_FFFA, 32762, 0x0000_7FFA",  // s_l - 2^15 = SEQ: same ROC
            "0x0000_FFFA, 32761, 0x0001_7FF9",  // s_l - 2^15 > SEQ by 1: ROC + 1
            "0x0000_8000, 0,     0x0000_0000",  // s_l = 2^15, SEQ 0: s_l - 2^15 = 0 is not > 0
            "0xFFFF_FFFF_FFF0, 5, -1"})         // would need ROC 2^32
    void shouldEstimateTheIndex(String highest, int sequenceNumber, String expected) {
        assertEquals(parse(expected), SrtpIndex.estimate(parse(highest), sequenceNumber));
    }

    private static long parse(String text) {
        String digits = text.replace("_", "");
        return digits.startsWith("0x") ? Long.parseLong(digits.substring(2), 16) : Long.parseLong(digits);
    }
}

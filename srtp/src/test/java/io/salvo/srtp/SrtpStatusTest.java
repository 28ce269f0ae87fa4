package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpStatusTest {
    @ParameterizedTest
    @EnumSource(SrtpStatus.class)
    void shouldMapEveryCodeBackToItsStatus(SrtpStatus status) {
        assertEquals(status, SrtpStatus.of(status.code()));
    }

    @Test
    void shouldReadAnyLengthAsOk() {
        assertEquals(SrtpStatus.OK, SrtpStatus.of(12));
        assertEquals(SrtpStatus.OK, SrtpStatus.of(1200));
    }

    @Test
    void shouldRejectANegativeValueThatIsNoCode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SrtpStatus.of(-99));
        assertEquals("not an SRTP status code: -99", e.getMessage());
    }
}

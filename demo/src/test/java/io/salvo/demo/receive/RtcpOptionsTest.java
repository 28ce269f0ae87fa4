package io.salvo.demo.receive;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtcpOptionsTest {
    @Test
    void shouldDefaultToRtcpOnThePortAboveEverySecondWithARandomCname() {
        RtcpOptions defaults = RtcpOptions.defaults();

        assertTrue(defaults.enabled());
        assertFalse(defaults.mux());
        assertTrue(defaults.separatePort());
        assertEquals(Duration.ofSeconds(1), defaults.interval());
        assertNull(defaults.cname());
        String cname = defaults.cnameOrRandom();
        assertEquals(16, cname.length(), cname);
        assertEquals(12, Base64.getDecoder().decode(cname).length, "96 random bits (RFC 7022)");
        assertNotEquals(cname, defaults.cnameOrRandom());
    }

    @Test
    void shouldNeedNoSecondPortWithMuxOrWithoutRtcp() {
        assertFalse(RtcpOptions.defaults().withMux(true).separatePort());
        assertFalse(RtcpOptions.off().separatePort());
        assertFalse(RtcpOptions.off().enabled());
    }

    @Test
    void shouldKeepAGivenCnameAndInterval() {
        RtcpOptions options = RtcpOptions.defaults().withCname("me@here").withInterval(Duration.ofMillis(250));

        assertEquals("me@here", options.cnameOrRandom());
        assertEquals(Duration.ofMillis(250), options.interval());
    }

    @Test
    void shouldRejectAnIntervalOutOfRangeAndACnameOfTheWrongLength() {
        RtcpOptions defaults = RtcpOptions.defaults();

        assertEquals("RTCP interval must be > 0 and at most 1 hour, was PT0S",
                assertThrows(IllegalArgumentException.class, () -> defaults.withInterval(Duration.ZERO)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> defaults.withInterval(Duration.ofHours(2)));
        assertEquals("CNAME must be 1..255 UTF-8 bytes, was 256",
                assertThrows(IllegalArgumentException.class, () -> defaults.withCname("é".repeat(128))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> defaults.withCname(""));
    }
}

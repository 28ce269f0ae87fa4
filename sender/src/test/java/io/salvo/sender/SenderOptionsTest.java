package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SenderOptionsTest {
    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of((Consumer<SenderOptions>) o -> o.sendBufferSize(0), "send buffer size must be > 0, was 0"),
                Arguments.of((Consumer<SenderOptions>) o -> o.receiveBufferSize(-5),
                        "receive buffer size must be > 0, was -5"),
                Arguments.of((Consumer<SenderOptions>) o -> o.dscp(64), "DSCP must be 0..63, was 64"),
                Arguments.of((Consumer<SenderOptions>) o -> o.trafficClass(-1), "traffic class must be 0..255, was -1"),
                Arguments.of((Consumer<SenderOptions>) o -> o.multicastTtl(256), "multicast TTL must be 0..255, was 256"),
                Arguments.of((Consumer<SenderOptions>) o -> o.gsoRetryAfter(Duration.ZERO),
                        "GSO retry back-off must be > 0 and at most 64 s, was PT0S"),
                Arguments.of((Consumer<SenderOptions>) o -> o.gsoRetryAfter(Duration.ofSeconds(65)),
                        "GSO retry back-off must be > 0 and at most 64 s, was PT1M5S"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void shouldRejectAnOutOfRangeValue(Consumer<SenderOptions> setter, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> setter.accept(new SenderOptions()));
        assertEquals(message, e.getMessage());
    }

    @Test
    void shouldTurnDscpIntoTheTopSixBitsOfTheTrafficClass() {
        assertEquals(0xB8, new SenderOptions().dscp(SenderOptions.DSCP_EF).trafficClass());
    }

    @Test
    void shouldAllowGsoByDefaultAndSwitchItOff() {
        assertTrue(new SenderOptions().gso());
        assertFalse(new SenderOptions().gso(false).gso());
    }

    @Test
    void shouldRetryGsoAfterOneSecondByDefaultOrTheBackOffSet() {
        assertEquals(Duration.ofSeconds(1), new SenderOptions().gsoRetryAfter());
        assertEquals(50_000_000L, new SenderOptions().gsoRetryAfter(Duration.ofMillis(50)).gsoRetryAfterNanos());
        assertEquals(Duration.ofSeconds(64), new SenderOptions().gsoRetryAfter(Duration.ofSeconds(64)).gsoRetryAfter());
    }

    @Test
    void shouldApplyTheOptionsToTheChannelSender() throws Exception {
        NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
        SenderOptions options = new SenderOptions().sendBufferSize(8192).receiveBufferSize(16384)
                .dscp(SenderOptions.DSCP_EF).multicastTtl(7).multicastInterface(lo);
        try (ChannelSender sender = ChannelSender.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                null, options)) {
            assertEquals(8192, sender.option(StandardSocketOptions.SO_SNDBUF), "the JDK halves what the kernel doubled");
            assertEquals(16384, sender.option(StandardSocketOptions.SO_RCVBUF));
            assertEquals(0xB8, sender.option(StandardSocketOptions.IP_TOS));
            assertEquals(7, sender.option(StandardSocketOptions.IP_MULTICAST_TTL));
            assertEquals(lo, sender.option(StandardSocketOptions.IP_MULTICAST_IF));
        }
    }
}

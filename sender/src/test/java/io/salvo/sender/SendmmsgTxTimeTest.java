package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.rtp.OutputMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code SO_TXTIME} in the senders, on real loopback sockets: the option set when the socket
 * opens and read back with {@code getsockopt}, timed datagrams (plain and in GSO runs) arriving
 * complete and in order, and the modes on a sender that cannot set it. Loopback has no {@code fq}
 * qdisc, so the kernel ignores the times here: what is tested is that it takes them, not that it
 * paces by them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendmmsgTxTimeTest {
    private static final InetSocketAddress ANY_V4 = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final InetSocketAddress ANY_V6 = new InetSocketAddress("::", 0);

    @Test
    void shouldSetSoTxtimeToClockMonotonicWhenOpeningWithAutoOrOn() throws Exception {
        try (SendmmsgSender auto = SendmmsgSender.open(ANY_V4, null, txTime(SenderOptions.TxTime.AUTO));
             SendmmsgSender on = SendmmsgSender.open(ANY_V6, null, txTime(SenderOptions.TxTime.ON))) {
            assertTrue(auto.txTimeEnabled());
            assertArrayEquals(new int[] {1, 0}, auto.txTimeSetting(), "{CLOCK_MONOTONIC, no flags}");
            assertTrue(on.txTimeEnabled());
            assertArrayEquals(new int[] {1, 0}, on.txTimeSetting());
        }
    }

    @Test
    void shouldLeaveSoTxtimeUnsetByDefault() throws Exception {
        try (SendmmsgSender sender = SendmmsgSender.open(ANY_V4)) {
            assertFalse(sender.txTimeEnabled());
            assertArrayEquals(new int[] {0, 0}, sender.txTimeSetting());
            assertEquals(SenderOptions.TxTime.OFF, new SenderOptions().txTime());
        }
    }

    @ParameterizedTest(name = "gso {0}")
    @ValueSource(booleans = {false, true})
    void shouldSendTimedDatagramsCompleteAndInOrder(boolean gso) throws Exception {
        int count = 200;
        try (Receiver receiver = Receiver.loopback();
             SendmmsgSender sender = SendmmsgSender.open(ANY_V4, null,
                     txTime(SenderOptions.TxTime.ON).gso(gso))) {
            OutputMessage[] messages = Messages.sized(receiver.address(), Messages.repeat(count, 1000));
            long start = System.nanoTime() + 1_000_000L;
            for (int i = 0; i < count; i++) {
                messages[i].departureNanos(start + (i / 4) * 50_000L); // four datagrams a 50 us tick
            }

            assertEquals(count, sender.send(messages, 0, count, 0, -1, null));

            for (int i = 0; i < count; i++) {
                assertEquals(1000, messages[i].bytesSent(), "bytesSent of message " + i);
                assertArrayEquals(Messages.bytesOf(messages[i]), receiver.receive(), "datagram " + i);
            }
            assertEquals(gso ? count / 4 : 0, sender.stats().gsoRuns(), "one run per departure time");
            assertEquals(count, sender.stats().datagrams());
        }
    }

    @Test
    void shouldSendUntimedAndTimedDatagramsFromAnIpv6SocketToV4MappedAndIpv6Receivers() throws Exception {
        try (Receiver v4 = Receiver.loopback(); Receiver v6 = new Receiver(InetAddress.getByName("::1"));
             SendmmsgSender sender = SendmmsgSender.open(ANY_V6, null, txTime(SenderOptions.TxTime.ON))) {
            OutputMessage[] messages = Messages.sized(null, Messages.repeat(6, 800));
            for (int i = 0; i < 6; i++) {
                messages[i].address(i % 2 == 0 ? v4.address() : v6.address());
                messages[i].departureNanos(i < 3 ? 0 : System.nanoTime() + 100_000L);
            }

            assertEquals(6, sender.send(messages, 0, 6, 0, -1, null));

            for (int i = 0; i < 6; i++) {
                assertArrayEquals(Messages.bytesOf(messages[i]), (i % 2 == 0 ? v4 : v6).receive(), "datagram " + i);
            }
        }
    }

    @Test
    void shouldFailToOpenAChannelSenderWithTxtimeOnAndNameWhy() {
        IOException e = assertThrows(IOException.class,
                () -> ChannelSender.open(ANY_V4, null, txTime(SenderOptions.TxTime.ON)));

        assertTrue(e.getMessage().contains("SO_TXTIME") && e.getMessage().contains("ChannelSender"), e.getMessage());
    }

    @Test
    void shouldOpenAChannelSenderWithTxtimeAutoWithoutIt() throws Exception {
        try (Receiver receiver = Receiver.loopback();
             ChannelSender sender = ChannelSender.open(ANY_V4, null, txTime(SenderOptions.TxTime.AUTO))) {
            OutputMessage[] messages = Messages.sized(receiver.address(), 100);
            messages[0].departureNanos(System.nanoTime());

            assertFalse(sender.txTimeEnabled());
            assertEquals(1, sender.send(messages, 0, 1, 0, -1, null));
            assertArrayEquals(Messages.bytesOf(messages[0]), receiver.receive(), "the time is ignored");
        }
    }

    private static SenderOptions txTime(SenderOptions.TxTime mode) {
        return new SenderOptions().txTime(mode);
    }
}

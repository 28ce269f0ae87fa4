package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.rtp.OutputMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * UDP GSO in {@link SendmmsgSender}: runs of equal datagrams leave as one message and arrive as
 * the same datagrams (count, sizes, bytes, order) at real loopback receivers; a kernel that
 * refuses a run (a namespace whose {@code lo} MTU is below the segment size) makes the sender
 * fall back to plain messages without losing one, and try GSO again after the back-off.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendmmsgGsoTest {
    private static final InetSocketAddress ANY_V4 = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void shouldProbeGsoSupportWhenOpeningAndEnableItByDefault() throws Exception {
        Assumptions.assumeTrue(kernelAtLeast(4, 18), "UDP GSO needs Linux 4.18+, this is " + System.getProperty("os.version"));
        try (SendmmsgSender sender = SendmmsgSender.open(ANY_V4);
             SendmmsgSender off = SendmmsgSender.open(ANY_V4, null, new SenderOptions().gso(false))) {
            assertTrue(sender.gsoSupported());
            assertTrue(sender.gsoEnabled());
            assertTrue(off.gsoSupported());
            assertFalse(off.gsoEnabled(), "switched off by the options");
        }
    }

    @ParameterizedTest(name = "{0} datagrams of {1} bytes: {2} run(s) of {3} segments in all")
    @CsvSource({
            "1, 1000, 0, 0",   // a run of one is a plain message
            "2, 1000, 1, 2",
            "63, 1000, 1, 63",
            "64, 1000, 1, 64", // the most segments a run takes
            "65, 1000, 1, 64", // the 65th goes alone
            "60, 1200, 2, 60", // 65,000 bytes at most: 54 + 6
    })
    void shouldSendARunAsTheSameDatagramsInOrder(int count, int size, int runs, int segments) throws Exception {
        try (Receiver receiver = Receiver.loopback(); SendmmsgSender sender = SendmmsgSender.open(ANY_V4)) {
            OutputMessage[] messages = Messages.sized(receiver.address(), Messages.repeat(count, size));

            assertEquals(count, sender.send(messages, 0, count, 0, 0, null));

            assertReceivedInOrder(receiver, messages, 0, count);
            assertEquals(runs, sender.stats().gsoRuns());
            assertEquals(segments, sender.stats().gsoSegments());
            assertEquals(1, sender.stats().syscalls());
            assertEquals(count, sender.stats().datagrams());
            assertEquals((long) count * size, sender.stats().bytes());
        }
    }

    @Test
    void shouldEndARunWithAShorterDatagramAndStartAnotherAfterIt() throws Exception {
        int[] lengths = {1200, 1200, 1200, 700, 1200, 1200, 300, 500, 500, 800, 800, 4};
        try (Receiver receiver = Receiver.loopback(); SendmmsgSender sender = SendmmsgSender.open(ANY_V4)) {
            OutputMessage[] messages = Messages.sized(receiver.address(), lengths);

            assertEquals(lengths.length, sender.send(messages, 0, lengths.length, 0, 0, null));

            for (int i = 0; i < lengths.length; i++) {
                assertEquals(lengths[i], messages[i].bytesSent(), "bytesSent of message " + i);
            }
            assertReceivedInOrder(receiver, messages, 0, lengths.length);
            // [1200 1200 1200 700] [1200 1200 300] [500 500] (800 is longer) [800 800 4]
            assertEquals(4, sender.stats().gsoRuns());
            assertEquals(12, sender.stats().gsoSegments());
        }
    }

    @Test
    void shouldSplitRunsByDestinationAndMixThemWithPlainMessagesInOneSendmmsg() throws Exception {
        try (Receiver a = Receiver.loopback(); Receiver b = Receiver.loopback(); Receiver c = Receiver.loopback();
             SendmmsgSender sender = SendmmsgSender.open(ANY_V4)) {
            InetSocketAddress sameAsA = new InetSocketAddress(a.address().getAddress(), a.address().getPort());
            InetSocketAddress[] to = {a.address(), a.address(), sameAsA, b.address(), b.address(), a.address(),
                    c.address(), b.address()};
            OutputMessage[] messages = Messages.sized(null, Messages.repeat(to.length, 1100));
            for (int i = 0; i < to.length; i++) {
                messages[i].address(to[i]);
            }

            assertEquals(to.length, sender.send(messages, 0, to.length, 0, 0, null));

            assertEquals(1, sender.stats().syscalls());
            assertEquals(2, sender.stats().gsoRuns(), "a, a, a (an equal address object joins) | b, b | a | c | b");
            assertEquals(5, sender.stats().gsoSegments());
            for (int i : new int[] {0, 1, 2, 5}) {
                assertArrayEquals(Messages.bytesOf(messages[i]), a.receive(), "datagram " + i + " at a");
            }
            for (int i : new int[] {3, 4, 7}) {
                assertArrayEquals(Messages.bytesOf(messages[i]), b.receive(), "datagram " + i + " at b");
            }
            assertArrayEquals(Messages.bytesOf(messages[6]), c.receive());
            assertNull(a.poll(20));
        }
    }

    @Test
    void shouldSendRunsFromAnIpv6SocketToIpv6AndV4MappedDestinations() throws Exception {
        try (Receiver v6 = new Receiver(InetAddress.getByName("::1")); Receiver v4 = Receiver.loopback();
             SendmmsgSender sender = SendmmsgSender.open(new InetSocketAddress(InetAddress.getByName("::"), 0))) {
            OutputMessage[] messages = Messages.sized(v6.address(), Messages.repeat(10, 1000));
            for (int i = 5; i < 10; i++) {
                messages[i].address(v4.address());
            }

            assertEquals(10, sender.send(messages, 0, 10, 0, 0, null));

            assertReceivedInOrder(v6, messages, 0, 5);
            assertReceivedInOrder(v4, messages, 5, 10);
            assertEquals(2, sender.stats().gsoRuns());
        }
    }

    @Test
    void shouldSendRunsToTheConnectedPeerForAddresslessMessages() throws Exception {
        try (Receiver receiver = Receiver.loopback();
             SendmmsgSender sender = SendmmsgSender.open(ANY_V4, receiver.address())) {
            OutputMessage[] messages = Messages.sized(null, 1000, 1000, 1000, 10);

            assertEquals(4, sender.send(messages, 0, 4, 0, 0, null));

            assertReceivedInOrder(receiver, messages, 0, 4);
            assertEquals(1, sender.stats().gsoRuns());
            assertEquals(4, sender.stats().gsoSegments());
        }
    }

    @Test
    void shouldSendEveryDatagramAloneWithGsoSwitchedOff() throws Exception {
        try (Receiver receiver = Receiver.loopback();
             SendmmsgSender sender = SendmmsgSender.open(ANY_V4, null, new SenderOptions().gso(false))) {
            OutputMessage[] messages = Messages.sized(receiver.address(), Messages.repeat(48, 1200));

            assertEquals(48, sender.send(messages, 0, 48, 0, 0, null));

            assertReceivedInOrder(receiver, messages, 0, 48);
            assertEquals(0, sender.stats().gsoRuns());
            assertEquals(48, sender.stats().datagrams());
        }
    }

    @Test
    void shouldStillThrowEmsgsizeForATooLongPlainDatagramAfterARunWithoutFallingBack() throws Exception {
        try (Receiver receiver = Receiver.loopback(); SendmmsgSender sender = SendmmsgSender.open(ANY_V4)) {
            // three 1200-byte datagrams (a run), then one above the 65,507-byte UDP/IPv4 limit
            OutputMessage[] messages = Messages.sized(receiver.address(), 1200, 1200, 1200, 70_000);

            assertEquals(3, sender.send(messages, 0, 4, 0, 0, null));
            ErrnoException e = assertThrows(ErrnoException.class, () -> sender.send(messages, 3, 1, 0, 0, null));

            assertEquals("EMSGSIZE", e.errnoName());
            assertEquals(3, e.messageIndex());
            assertTrue(sender.gsoEnabled(), "a plain datagram's own EMSGSIZE says nothing about GSO");
            assertEquals(0, sender.stats().gsoFallbacks());
            assertEquals(1, sender.stats().gsoRuns());
            assertReceivedInOrder(receiver, messages, 0, 3);
        }
    }

    @Test
    void shouldFallBackToPlainDatagramsWhenTheKernelRefusesARunAndLoseNothing() throws Exception {
        try (NetworkNamespace namespace = NetworkNamespace.create()) {
            // 1200-byte segments over a 1000-byte MTU: the kernel refuses the run (EMSGSIZE, or
            // EINVAL before Linux 5.x); a plain 1200-byte datagram is fragmented and reassembled
            namespace.exec("ip", "link", "set", "lo", "mtu", "1000");
            try (Receiver receiver = namespace.inside(Receiver::loopback);
                 SendmmsgSender sender = namespace.inside(() -> SendmmsgSender.open(ANY_V4))) {
                assertTrue(sender.gsoEnabled());
                OutputMessage[] messages = Messages.sized(receiver.address(), Messages.repeat(10, 1200));

                assertEquals(10, sender.send(messages, 0, 10, 0, 0, null));

                assertReceivedInOrder(receiver, messages, 0, 10);
                assertFalse(sender.gsoEnabled());
                assertEquals(1, sender.stats().gsoFallbacks());
                assertEquals(0, sender.stats().gsoRuns());
                assertEquals(0, sender.stats().errors(), "a refused run is not an error");
                assertEquals(10, sender.stats().datagrams());
                assertEquals(2, sender.stats().syscalls(), "the refused run, then ten plain datagrams");
                assertNull(receiver.poll(20));
            }
        }
    }

    @Test
    void shouldFallBackWithinTheSameCallWhenTheRefusedRunFollowsAnAcceptedOne() throws Exception {
        try (NetworkNamespace namespace = NetworkNamespace.create()) {
            namespace.exec("ip", "link", "set", "lo", "mtu", "1000");
            try (Receiver receiver = namespace.inside(Receiver::loopback);
                 SendmmsgSender sender = namespace.inside(() -> SendmmsgSender.open(ANY_V4))) {
                // a run of 500-byte segments (below the MTU: accepted), then a run of 1200-byte
                // ones, which sendmmsg drops silently behind the first and refuses on the retry
                OutputMessage[] messages = Messages.sized(receiver.address(), 500, 500, 500, 1200, 1200, 1200, 1200);

                assertEquals(7, sender.send(messages, 0, 7, 0, 0, null));

                assertReceivedInOrder(receiver, messages, 0, 7);
                assertEquals(1, sender.stats().gsoRuns());
                assertEquals(3, sender.stats().gsoSegments());
                assertEquals(1, sender.stats().gsoFallbacks());
                assertEquals(0, sender.stats().partialSends());
            }
        }
    }

    @Test
    void shouldUseGsoAgainAfterTheBackOffOnceTheMtuIsBack() throws Exception {
        Duration backOff = Duration.ofMillis(250);
        try (NetworkNamespace namespace = NetworkNamespace.create()) {
            namespace.exec("ip", "link", "set", "lo", "mtu", "1000");
            try (Receiver receiver = namespace.inside(Receiver::loopback);
                 SendmmsgSender sender = namespace.inside(
                         () -> SendmmsgSender.open(ANY_V4, null, new SenderOptions().gsoRetryAfter(backOff)))) {
                OutputMessage[] messages = Messages.sized(receiver.address(), Messages.repeat(10, 1200));
                long start = System.nanoTime();
                assertEquals(10, sender.send(messages, 0, 10, 0, 0, null));
                assertReceivedInOrder(receiver, messages, 0, 10);
                assertFalse(sender.gsoEnabled(), "off after the refusal");
                assertEquals(backOff.toNanos(), sender.gsoBackoffNanos());

                namespace.exec("ip", "link", "set", "lo", "mtu", "65536");
                assertEquals(10, sender.send(messages, 0, 10, 0, 0, null));
                long elapsed = System.nanoTime() - start;

                assertReceivedInOrder(receiver, messages, 0, 10);
                assertTrue(sender.stats().gsoRetries() <= maxRetries(elapsed, backOff),
                        "no retry within the back-off: " + sender.stats() + " after " + elapsed / 1000 + " µs");
                assertEquals(0, sender.stats().gsoRuns(), "still off within the back-off, MTU back or not");

                Thread.sleep(backOff.toMillis() + 20);
                assertEquals(10, sender.send(messages, 0, 10, 0, 0, null));

                assertReceivedInOrder(receiver, messages, 0, 10);
                assertTrue(sender.gsoEnabled(), "GSO in use again");
                assertEquals(1, sender.stats().gsoRetries());
                assertEquals(1, sender.stats().gsoFallbacks());
                assertEquals(1, sender.stats().gsoRuns(), "the retry's ten datagrams went as one run");
                assertEquals(10, sender.stats().gsoSegments());
                assertEquals(4, sender.stats().syscalls(), "refused run + ten plain, ten plain, one run");
                assertEquals(30, sender.stats().datagrams());
                assertEquals(0, sender.stats().errors());

                // the cause comes back: the retry worked, so the back-off starts again from the first
                namespace.exec("ip", "link", "set", "lo", "mtu", "1000");
                assertEquals(10, sender.send(messages, 0, 10, 0, 0, null));

                assertReceivedInOrder(receiver, messages, 0, 10);
                assertFalse(sender.gsoEnabled());
                assertEquals(2, sender.stats().gsoFallbacks());
                assertEquals(backOff.toNanos(), sender.gsoBackoffNanos(), "not doubled after a retry that worked");
                assertNull(receiver.poll(20));
            }
        }
    }

    @Test
    void shouldRetryGsoAtMostOncePerDoublingBackOffWhileTheCausePersistsAndLoseNothing() throws Exception {
        Duration backOff = Duration.ofMillis(50);
        try (NetworkNamespace namespace = NetworkNamespace.create()) {
            namespace.exec("ip", "link", "set", "lo", "mtu", "1000");
            try (Receiver receiver = namespace.inside(Receiver::loopback);
                 SendmmsgSender sender = namespace.inside(
                         () -> SendmmsgSender.open(ANY_V4, null, new SenderOptions().gsoRetryAfter(backOff)))) {
                OutputMessage[] messages = Messages.sized(receiver.address(), Messages.repeat(10, 1200));
                long start = System.nanoTime();
                long sends = 0;
                // sends every ~5 ms for 1.2 s: retries due at 50, 150, 350 and 750 ms after the first refusal
                while (System.nanoTime() - start < 1_200_000_000L) {
                    assertEquals(10, sender.send(messages, 0, 10, 0, 0, null));
                    sends++;
                    assertReceivedInOrder(receiver, messages, 0, 10);
                    assertFalse(sender.gsoEnabled(), "a refused retry switches GSO off again in the same call");
                    Thread.sleep(5);
                }
                long elapsed = System.nanoTime() - start;

                SenderStats stats = sender.stats();
                long retries = stats.gsoRetries();
                assertTrue(retries >= 2, "retries: " + stats);
                assertTrue(retries <= maxRetries(elapsed, backOff),
                        retries + " retries in " + elapsed / 1_000_000 + " ms: " + stats);
                assertEquals(retries + 1, stats.gsoFallbacks(), "the first refusal and every retry refused");
                assertEquals(backOff.toNanos() << retries, sender.gsoBackoffNanos(), "doubled by each refused retry");
                assertEquals(0, stats.gsoRuns());
                assertEquals(0, stats.errors(), "refusals are not errors");
                assertEquals(10 * sends, stats.datagrams());
                assertEquals(sends + stats.gsoFallbacks(), stats.syscalls(), "one refused syscall per refusal");
                assertNull(receiver.poll(20));
            }
        }
    }

    /** The most retries that fit in {@code elapsed} nanoseconds: the k-th comes (2^k - 1) back-offs after the first refusal. */
    private static long maxRetries(long elapsed, Duration backOff) {
        long k = 0;
        while (backOff.toNanos() * ((1L << (k + 1)) - 1) <= elapsed) {
            k++;
        }
        return k;
    }

    @Test
    void shouldReturnTheMessagesOfTheRunsSentWhenTheSendQueueFillsMidBatch() throws Exception {
        try (NetworkNamespace namespace = NetworkNamespace.create()) {
            // a slow deep qdisc: the socket's 16 kB send buffer fills after a few 5 kB runs
            namespace.exec("tc", "qdisc", "add", "dev", "lo", "root", "tbf", "rate", "1kbit", "burst", "10kb",
                    "limit", "10mb");
            InetSocketAddress discard = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
            InetSocketAddress echo = new InetSocketAddress(InetAddress.getLoopbackAddress(), 7);
            try (SendmmsgSender sender = namespace.inside(
                    () -> SendmmsgSender.open(ANY_V4, null, new SenderOptions().sendBufferSize(8192)))) {
                // ten runs of five 1000-byte datagrams, to alternating destinations
                OutputMessage[] messages = Messages.sized(null, Messages.repeat(50, 1000));
                for (int i = 0; i < 50; i++) {
                    messages[i].address((i / 5) % 2 == 0 ? discard : echo);
                }

                int sent = sender.send(messages, 0, 50, 0, 0, null);

                assertTrue(sent > 0 && sent < 50, "a partial count, got " + sent);
                assertEquals(0, sent % 5, "whole runs only, got " + sent);
                for (int i = 0; i < 50; i++) {
                    assertEquals(i < sent ? 1000 : 0, messages[i].bytesSent(), "bytesSent of message " + i);
                }
                assertEquals(sent / 5, sender.stats().gsoRuns());
                assertEquals(sent, sender.stats().datagrams());
                assertThrows(WouldBlockException.class, () -> sender.send(messages, sent, 50 - sent, 0, 0, null));

                namespace.exec("tc", "qdisc", "del", "dev", "lo", "root");

                assertEquals(50 - sent, sender.send(messages, sent, 50 - sent, 0, -1, null));
                assertEquals(10, sender.stats().gsoRuns());
                assertEquals(50, sender.stats().datagrams());
            }
        }
    }

    private static void assertReceivedInOrder(Receiver receiver, OutputMessage[] messages, int from, int to)
            throws Exception {
        for (int i = from; i < to; i++) {
            byte[] expected = Messages.bytesOf(messages[i]);
            assertEquals(expected.length, messages[i].bytesSent(), "bytesSent of message " + i);
            assertArrayEquals(expected, receiver.receive(), "datagram " + i);
        }
    }

    private static boolean kernelAtLeast(int major, int minor) {
        String[] parts = System.getProperty("os.version", "").split("[.-]");
        int actualMajor = parts.length > 0 && parts[0].matches("\\d+") ? Integer.parseInt(parts[0]) : 0;
        int actualMinor = parts.length > 1 && parts[1].matches("\\d+") ? Integer.parseInt(parts[1]) : 0;
        return actualMajor > major || (actualMajor == major && actualMinor >= minor);
    }
}

package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.rtp.OutputMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Timeouts, would-block, cancel and close against a send queue the kernel really refuses: each
 * test runs in its own network namespace whose {@code lo} has a token bucket so slow (1 kbit/s,
 * so after its 10 kB burst one 1200-byte datagram per ~10 s) and so deep (10 MB) that the
 * sender's small socket buffer fills long before the qdisc drops anything. Deleting the qdisc
 * drops what it holds and frees the socket buffer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FullSendQueueTest {
    private static final int COUNT = 64;
    private static final int SIZE = 1200;
    private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    /** The discard port: nothing listens in the namespace, and unconnected senders ignore the ICMP. */
    private static final InetSocketAddress TARGET = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);

    private NetworkNamespace namespace;
    private DatagramSender sender;

    @BeforeEach
    void createNamespace() throws Exception {
        namespace = NetworkNamespace.create();
        namespace.exec("tc", "qdisc", "add", "dev", "lo", "root", "tbf", "rate", "1kbit", "burst", "10kb",
                "limit", "10mb");
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        if (sender != null) {
            sender.close();
        }
        if (namespace != null) {
            namespace.close();
        }
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldReturnAPartialCountWithoutBlockingThenThrowWouldBlockThenSendTheRestOnceDrained(SenderKind kind)
            throws Exception {
        open(kind);
        OutputMessage[] messages = Messages.numbered(COUNT, TARGET, SIZE - 4, true);

        int first = sender.send(messages, 0, COUNT, 0, 0, null);

        assertTrue(first > 0 && first < COUNT, "a partial count, got " + first);
        for (int i = 0; i < COUNT; i++) {
            assertEquals(i < first ? SIZE : 0, messages[i].bytesSent(), "bytesSent of message " + i);
        }
        assertEquals(1, sender.stats().partialSends());
        assertTrue(sender.stats().wouldBlocks() >= 1);
        assertThrows(WouldBlockException.class, () -> sender.send(messages, first, COUNT - first, 0, 0, null));

        namespace.exec("tc", "qdisc", "del", "dev", "lo", "root");

        assertEquals(COUNT - first, sender.send(messages, first, COUNT - first, 0, -1, null));
        assertEquals(COUNT, sender.stats().datagrams());
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldBlockUntilTheQueueDrainsThenSendEverything(SenderKind kind) throws Exception {
        open(kind);
        OutputMessage[] messages = Messages.numbered(COUNT, TARGET, SIZE - 4, true);
        AtomicBoolean drained = new AtomicBoolean();
        Thread drainer = afterSendBlocks(() -> {
            drained.set(true);
            namespace.exec("tc", "qdisc", "del", "dev", "lo", "root");
            return null;
        });

        int sent = sender.send(messages, 0, COUNT, 0, -1, null);
        drainer.join();

        assertEquals(COUNT, sent);
        assertTrue(drained.get(), "returned before the queue drained");
        assertEquals(0, sender.stats().partialSends());
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldWaitOutAnEnormousPositiveTimeoutWithoutOverflowing(SenderKind kind) throws Exception {
        open(kind);
        OutputMessage[] messages = Messages.numbered(COUNT, TARGET, SIZE - 4, true);
        Thread drainer = afterSendBlocks(() -> {
            namespace.exec("tc", "qdisc", "del", "dev", "lo", "root");
            return null;
        });

        int sent = sender.send(messages, 0, COUNT, 0, Long.MAX_VALUE, null);
        drainer.join();

        assertEquals(COUNT, sent);
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldReturnTheCountSentSoFarWhenAPositiveTimeoutExpires(SenderKind kind) throws Exception {
        open(kind);
        OutputMessage[] messages = Messages.numbered(COUNT, TARGET, SIZE - 4, true);
        long start = System.nanoTime();

        int sent = sender.send(messages, 0, COUNT, 0, 200_000, null);

        long elapsedMicros = (System.nanoTime() - start) / 1000;
        assertTrue(sent > 0 && sent < COUNT, "a partial count, got " + sent);
        assertTrue(elapsedMicros >= 200_000, "returned after " + elapsedMicros + " µs, before the timeout");
        assertEquals(0, messages[sent].bytesSent());
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldThrowTimedOutWhenNothingFitsWithinThePositiveTimeout(SenderKind kind) throws Exception {
        open(kind);
        OutputMessage[] messages = Messages.numbered(COUNT, TARGET, SIZE - 4, true);
        int first = sender.send(messages, 0, COUNT, 0, 0, null);
        long start = System.nanoTime();

        SendTimeoutException e = assertThrows(SendTimeoutException.class,
                () -> sender.send(messages, first, COUNT - first, 0, 100_000, null));

        long elapsedMicros = (System.nanoTime() - start) / 1000;
        assertEquals(100_000, e.timeoutMicros());
        assertTrue(elapsedMicros >= 100_000, "gave up after " + elapsedMicros + " µs, before the timeout");
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldWakeABlockedSendWithNothingSentWhenCancelledFromAnotherThread(SenderKind kind) throws Exception {
        open(kind);
        OutputMessage[] messages = Messages.numbered(COUNT, TARGET, SIZE - 4, true);
        int first = sender.send(messages, 0, COUNT, 0, 0, null);
        Cancellable cancellable = new Cancellable();
        Thread canceller = afterSendBlocks(() -> {
            cancellable.cancel();
            return null;
        });

        assertThrows(SendCancelledException.class,
                () -> sender.send(messages, first, COUNT - first, 0, -1, cancellable));
        canceller.join();
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldReturnTheCountSentWhenABlockedSendIsCancelled(SenderKind kind) throws Exception {
        open(kind);
        OutputMessage[] messages = Messages.numbered(COUNT, TARGET, SIZE - 4, true);
        Cancellable cancellable = new Cancellable();
        Thread canceller = afterSendBlocks(() -> {
            cancellable.cancel();
            return null;
        });

        int sent = sender.send(messages, 0, COUNT, 0, -1, cancellable);
        canceller.join();

        assertTrue(sent > 0 && sent < COUNT, "a partial count, got " + sent);
        assertThrows(SendCancelledException.class, () -> sender.send(messages, sent, 1, 0, 0, cancellable));
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldWakeABlockedSendWhenClosedFromAnotherThread(SenderKind kind) throws Exception {
        open(kind);
        OutputMessage[] messages = Messages.numbered(COUNT, TARGET, SIZE - 4, true);
        int first = sender.send(messages, 0, COUNT, 0, 0, null);
        Thread closer = afterSendBlocks(() -> {
            sender.close();
            return null;
        });

        assertThrows(SenderClosedException.class, () -> sender.send(messages, first, COUNT - first, 0, -1, null));
        closer.join();
        assertThrows(SenderClosedException.class, () -> sender.send(messages, first, 1, 0, 0, null));
    }

    @ParameterizedTest
    @EnumSource(SenderKind.class)
    void shouldRefuseASecondThreadWhileASendIsRunning(SenderKind kind) throws Exception {
        open(kind);
        OutputMessage[] messages = Messages.numbered(COUNT, TARGET, SIZE - 4, true);
        OutputMessage[] others = Messages.numbered(1, TARGET, 10, true);
        int first = sender.send(messages, 0, COUNT, 0, 0, null);
        AtomicReference<Throwable> second = new AtomicReference<>();
        Thread intruder = afterSendBlocks(() -> {
            try {
                sender.send(others, 0, 1, 0, 0, null);
            } catch (Throwable e) {
                second.set(e);
            }
            sender.close();
            return null;
        });

        assertThrows(SenderClosedException.class, () -> sender.send(messages, first, COUNT - first, 0, -1, null));
        intruder.join();

        assertTrue(second.get() instanceof IllegalStateException, "got " + second.get());
    }

    private void open(SenderKind kind) throws Exception {
        sender = namespace.inside(() -> kind.open(LOCAL, null, new SenderOptions().sendBufferSize(8192)));
    }

    /**
     * Starts a thread that waits until the send under test has met a full queue (its would-block
     * count rises), lets it settle into its wait, then runs {@code action}.
     */
    private Thread afterSendBlocks(Callable<Void> action) {
        long before = sender.stats().wouldBlocks();
        Thread thread = new Thread(() -> {
            try {
                while (sender.stats().wouldBlocks() == before) {
                    Thread.sleep(1);
                }
                Thread.sleep(50);
                action.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        thread.start();
        return thread;
    }
}
